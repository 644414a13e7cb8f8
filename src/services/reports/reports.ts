import crypto from 'node:crypto';
import type { Actor } from '../../domain/actor.js';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import { can } from '../../domain/permissions.js';
import { wibDay, wibDayStart } from '../../domain/time.js';
import {
  NARRATIVE_MAX,
  reportPeriodProblem,
  USAGE_REPORT_KINDS,
  type CheckpointBasis,
  semesterName,
  type UsageReportKind,
} from '../../domain/usage-report.js';
import { addDays } from '../../domain/working-days.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Tx } from '../../store/db.js';
import {
  findDeadlineDocument,
  insertDeadlineDocument,
  insertFulfilment,
} from '../../store/deadlines.js';
import {
  checkpointAfter,
  checkpointBefore,
  findUsageReport,
  insertReportEvent,
  insertUsageReport,
  listAgencyReports,
  reportableAgreements,
  reportEvents,
  reportsOfPeriod,
  updateUsageReport,
  type ReportListRow,
  type UsageReportRow,
} from '../../store/usage-reports.js';
import { sealAll } from '../audit-seal/sealer.js';
import { checkScan, type UploadedFile } from '../deadlines/deadline-scan.js';
import type { Deps } from '../deps.js';
import { computeDeadlines } from '../deadlines/compute-deadlines.js';
import { Refusal } from '../errors.js';
import { reportFigures, type ReportFigures } from './figures.js';
import {
  renderReportPdf,
  renderReportXlsx,
  type ReportCheckpoint,
  type ReportDocument,
} from './report-document.js';

/*
 * The agency's usage report (issue 10 items 1, 2): the head drafts it for an agreement and a
 * period, the figures computed by Gerbang (figures.ts); completes the narrative; submits it —
 * the figures and the period's audit checkpoint frozen, the PDF and XLSX made and kept, the
 * semester duty fulfilled (deadline_fulfilment, with the PDF as its document), the report
 * queued for Dukcapil's mailbox (report-mail.ts) — and attaches the signed, stamped scan
 * afterwards. A correction is a new version of a submitted report; the version it replaces
 * stays (DIGANTI) with its documents. Every step is an event of the report and an
 * admin_action (sealed with the audit trail).
 */

type Head = Pick<Actor, 'id' | 'role' | 'agencyId'>;

function assertHead(actor: Head): number {
  if (!can(actor.role, 'report.manageOwn') || actor.agencyId === null) {
    throw new Refusal('TIDAK_BERWENANG');
  }
  return actor.agencyId;
}

/** A report the actor may see: the head their agency's, Dukcapil (report.viewAll) any. */
async function reportInScope(
  deps: Deps,
  actor: Head,
  id: number,
  forUpdate = false,
  db: Deps['db'] | Parameters<typeof findUsageReport>[0] = deps.db,
): Promise<UsageReportRow> {
  const report = Number.isSafeInteger(id) ? await findUsageReport(db, id, forUpdate) : undefined;
  const visible =
    report &&
    report.state !== 'BATAL' &&
    ((can(actor.role, 'report.manageOwn') && actor.agencyId === report.agency_id) ||
      (can(actor.role, 'report.viewAll') && report.state !== 'DRAFT'));
  if (!visible) throw new Refusal('TIDAK_DITEMUKAN', 'Laporan tidak ditemukan');
  return report;
}

export interface NarrativeInput {
  readonly letterNumber?: string | undefined;
  readonly obstacles?: string | undefined;
  readonly followUp?: string | undefined;
  readonly officialsChanges?: string | undefined;
  readonly correctionReason?: string | undefined;
}

function narrativeOf(input: NarrativeInput) {
  const clean = (value: string | undefined, label: string, max: number) => {
    const text = value?.replace(/\r\n/g, '\n').trim() ?? '';
    if (text.length > max) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', `${label} paling panjang ${max} karakter`);
    }
    return text === '' ? null : text;
  };
  const letterNumber = clean(input.letterNumber, 'Nomor surat', 100);
  if (letterNumber !== null && letterNumber.length < 3) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Nomor surat paling sedikit 3 karakter');
  }
  const correctionReason = clean(input.correctionReason, 'Alasan koreksi', 1000);
  if (correctionReason !== null && correctionReason.length < 5) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Alasan koreksi paling sedikit 5 karakter');
  }
  return {
    letterNumber,
    obstacles: clean(input.obstacles, 'Kendala', NARRATIVE_MAX),
    followUp: clean(input.followUp, 'Rencana tindak lanjut', NARRATIVE_MAX),
    officialsChanges: clean(input.officialsChanges, 'Perubahan pejabat', NARRATIVE_MAX),
    correctionReason,
  };
}

export interface DraftInput {
  readonly agreementId: number;
  readonly kind: string;
  readonly semester?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Open a correction of the submitted report of the period (the only way to report on it again). */
  readonly correction?: boolean | undefined;
  readonly correctionReason?: string | undefined;
}

/**
 * Opens the draft of a report for the agreement and the period, or gives the open draft of that
 * period back. Refused: a period outside the agreement or not yet over, and a period already
 * reported on unless a correction is asked for.
 */
export async function draftReport(deps: Deps, actor: Head, input: DraftInput): Promise<number> {
  const agencyId = assertHead(actor);
  const agreements = await reportableAgreements(deps.db, agencyId);
  const agreement = agreements.find((a) => a.id === input.agreementId);
  if (!agreement) throw new Refusal('TIDAK_DITEMUKAN', 'PKS tidak ditemukan');
  const kind = input.kind.trim().toUpperCase();
  if (!(USAGE_REPORT_KINDS as readonly string[]).includes(kind)) {
    throw new Refusal(
      'PERIODE_LAPORAN_TIDAK_SAH',
      'Jenis laporan harus semester atau sewaktu-waktu',
    );
  }
  const now = deps.clock();
  const checked = reportPeriodProblem(
    { kind: kind as UsageReportKind, semester: input.semester, from: input.from, to: input.to },
    { signedOn: agreement.signed_on, endsOn: agreement.ends_on },
    wibDay(now),
  );
  if ('problem' in checked) throw new Refusal(checked.code, checked.problem);
  const { period } = checked;
  return deps.db.transaction().execute(async (tx) => {
    // one writer per agreement at a time: the agreement's row lock
    await tx
      .selectFrom('agreement')
      .select('id')
      .where('id', '=', agreement.id)
      .forUpdate()
      .execute();
    const existing = await reportsOfPeriod(tx, {
      agreementId: agreement.id,
      kind: period.kind,
      from: period.from,
      to: period.to,
    });
    const draft = existing.find((r) => r.state === 'DRAFT');
    if (draft) return draft.id;
    const submitted = existing.find((r) => r.state === 'DIKIRIM');
    if (submitted && !input.correction) {
      throw new Refusal(
        'LAPORAN_SUDAH_DIKIRIM',
        `Laporan periode ini sudah dikirim pada ${wibDay(submitted.submitted_at!)}; ` +
          'untuk memperbaikinya buka koreksi laporan dengan alasannya.',
      );
    }
    if (!submitted && input.correction) {
      throw new Refusal(
        'KONFLIK',
        'Belum ada laporan terkirim untuk periode ini yang dapat dikoreksi',
      );
    }
    const { correctionReason } = narrativeOf({ correctionReason: input.correctionReason });
    if (submitted && correctionReason === null) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Tuliskan alasan koreksi laporan');
    }
    const version = (existing[0]?.version ?? 0) + 1;
    const id = await insertUsageReport(tx, {
      agreementId: agreement.id,
      agencyId,
      kind: period.kind,
      semester: period.semester,
      from: period.from,
      to: period.to,
      version,
      correctsId: submitted?.id ?? null,
      correctionReason: submitted ? correctionReason : null,
      // a correction starts from the narrative it corrects
      letterNumber: null,
      obstacles: submitted?.obstacles ?? null,
      followUp: submitted?.follow_up ?? null,
      officialsChanges: submitted?.officials_changes ?? null,
      at: now,
      by: actor.id,
    });
    await insertReportEvent(tx, {
      reportId: id,
      at: now,
      actorId: actor.id,
      action: submitted ? 'KOREKSI_DIBUKA' : 'DRAF_DIBUAT',
      stateBefore: null,
      stateAfter: 'DRAFT',
      note: submitted ? correctionReason : null,
      detail: submitted ? { corrects: submitted.id } : null,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId,
      action: submitted ? 'LAPORAN_KOREKSI_DIBUKA' : 'LAPORAN_DRAF_DIBUAT',
      target: agreement.nomor_dukcapil,
      detail: { reportId: id, kind: period.kind, from: period.from, to: period.to, version },
    });
    return id;
  });
}

/** Saves the narrative of a draft (each save an event with what changed). */
export async function saveNarrative(
  deps: Deps,
  actor: Head,
  reportId: number,
  input: NarrativeInput,
): Promise<void> {
  const agencyId = assertHead(actor);
  const narrative = narrativeOf(input);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const report = await reportInScope(deps, actor, reportId, true, tx);
    if (report.state !== 'DRAFT') {
      throw new Refusal('KONFLIK', 'Laporan yang sudah dikirim tidak dapat diubah; buka koreksi');
    }
    if (report.version > 1 && narrative.correctionReason === null) {
      throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Tuliskan alasan koreksi laporan');
    }
    const before = {
      letterNumber: report.letter_number,
      obstacles: report.obstacles,
      followUp: report.follow_up,
      officialsChanges: report.officials_changes,
      correctionReason: report.correction_reason,
    };
    const after = {
      ...narrative,
      correctionReason: report.version > 1 ? narrative.correctionReason : null,
    };
    const changed = Object.keys(after).filter(
      (k) => before[k as keyof typeof before] !== after[k as keyof typeof after],
    );
    if (changed.length === 0) return;
    await updateUsageReport(tx, report.id, {
      letter_number: after.letterNumber,
      obstacles: after.obstacles,
      follow_up: after.followUp,
      officials_changes: after.officialsChanges,
      correction_reason: after.correctionReason,
      updated_at: now,
    });
    await recordStep(tx, report.id, actor, agencyId, now, {
      action: 'NARASI_DISIMPAN',
      stateBefore: 'DRAFT',
      stateAfter: 'DRAFT',
      detail: { changed, before, after },
      adminAction: 'LAPORAN_NARASI_DISIMPAN',
      adminDetail: { changed },
    });
  });
}

/**
 * One step of a report by its head: the report's history entry and the admin trail's (sealed)
 * entry, both at `now` in the caller's transaction.
 */
async function recordStep(
  tx: Tx,
  reportId: number,
  actor: Head,
  agencyId: number,
  now: Date,
  step: {
    action: string;
    stateBefore: string | null;
    stateAfter: string;
    note?: string | null;
    detail?: Record<string, unknown> | null;
    adminAction: string;
    adminDetail?: unknown;
  },
): Promise<void> {
  const { adminAction, adminDetail, ...event } = step;
  await insertReportEvent(tx, { reportId, at: now, actorId: actor.id, ...event });
  await recordAdminAction(tx, {
    at: now,
    actorId: actor.id,
    agencyId,
    action: adminAction,
    target: `laporan-${reportId}`,
    detail: adminDetail,
  });
}

/** Drops a draft (a correction not wanted after all, a period drafted by mistake). */
export async function dropDraft(deps: Deps, actor: Head, reportId: number): Promise<void> {
  const agencyId = assertHead(actor);
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const report = await reportInScope(deps, actor, reportId, true, tx);
    if (report.state !== 'DRAFT') throw new Refusal('KONFLIK', 'Hanya draf yang dapat dibatalkan');
    await updateUsageReport(tx, report.id, { state: 'BATAL', updated_at: now });
    await recordStep(tx, report.id, actor, agencyId, now, {
      action: 'DRAF_DIBATALKAN',
      stateBefore: 'DRAFT',
      stateAfter: 'BATAL',
      adminAction: 'LAPORAN_DRAF_DIBATALKAN',
    });
  });
}

/**
 * The signed checkpoint of the audit log at the period's end (issue 10 item 2): the latest one
 * sealed before the end (TERAKHIR); when none was (a period before the trail was first sealed,
 * or the server was down at the time), the first sealed after it (PERTAMA_SESUDAH), which
 * covers every row of the period. Pending rows are sealed first so that one exists.
 */
export async function periodCheckpoint(deps: Deps, toDay: string): Promise<ReportCheckpoint> {
  const end = wibDayStart(addDays(toDay, 1));
  const before = await checkpointBefore(deps.db, end);
  if (before) return checkpointOf(before, 'TERAKHIR');
  let after = await checkpointAfter(deps.db, end);
  if (!after) {
    await sealAll(deps);
    after = await checkpointAfter(deps.db, end);
  }
  if (!after) {
    throw new Refusal(
      'KONFLIK',
      'Jejak audit belum pernah disegel, sehingga laporan belum dapat ditutup dengan checkpoint',
    );
  }
  return checkpointOf(after, 'PERTAMA_SESUDAH');
}

function checkpointOf(
  row: { size: number; root_hash: Buffer; sealed_at: Date },
  basis: CheckpointBasis,
): ReportCheckpoint {
  return {
    size: Number(row.size),
    rootHex: Buffer.from(row.root_hash).toString('hex'),
    basis,
    sealedAt: row.sealed_at.toISOString(),
  };
}

function documentOf(
  report: UsageReportRow,
  figures: ReportFigures,
  checkpoint: ReportCheckpoint | null,
  dated: string,
): ReportDocument {
  return {
    figures,
    kind: report.kind as UsageReportKind,
    semester: report.semester,
    version: report.version,
    letterNumber: report.letter_number,
    obstacles: report.obstacles,
    followUp: report.follow_up,
    officialsChanges: report.officials_changes,
    correctionReason: report.correction_reason,
    checkpoint,
    dated,
    draft: report.state === 'DRAFT',
  };
}

export interface ReportView {
  readonly report: UsageReportRow;
  readonly nomorDukcapil: string;
  /** Live for a draft, frozen for a submitted report. */
  readonly figures: ReportFigures;
  readonly checkpoint: ReportCheckpoint | null;
  readonly document: ReportDocument;
  readonly history: Awaited<ReturnType<typeof reportEvents>>;
  readonly scan: { readonly fileName: string; readonly sizeBytes: number } | null;
}

function frozenCheckpoint(report: UsageReportRow): ReportCheckpoint | null {
  if (report.checkpoint_size === null || report.checkpoint_root === null) return null;
  return {
    size: Number(report.checkpoint_size),
    rootHex: Buffer.from(report.checkpoint_root).toString('hex'),
    basis: report.checkpoint_basis as CheckpointBasis,
    sealedAt: (report.figures as { checkpointSealedAt?: string } | null)?.checkpointSealedAt ?? '',
  };
}

/** A report with its figures, checkpoint and history (the preview and the detail page). */
export async function reportView(deps: Deps, actor: Head, reportId: number): Promise<ReportView> {
  const report = await reportInScope(deps, actor, reportId);
  const draft = report.state === 'DRAFT';
  const frozen = report.figures as { figures: ReportFigures } | null;
  const figures =
    draft || !frozen
      ? await reportFigures(deps, report.agreement_id, report.period_start, report.period_end)
      : frozen.figures;
  const checkpoint = draft ? null : frozenCheckpoint(report);
  const dated = draft ? wibDay(deps.clock()) : wibDay(report.submitted_at!);
  const [history, scan] = await Promise.all([
    reportEvents(deps.db, [report.id]),
    report.scan_document_id === null
      ? Promise.resolve(undefined)
      : findDeadlineDocument(deps.db, report.scan_document_id),
  ]);
  return {
    report,
    nomorDukcapil: figures.agreement.nomorDukcapil,
    figures,
    checkpoint,
    document: documentOf(report, figures, checkpoint, dated),
    history,
    scan: scan ? { fileName: scan.file_name, sizeBytes: scan.size_bytes } : null,
  };
}

export interface SubmittedReport {
  readonly id: number;
  readonly checkpoint: ReportCheckpoint;
  readonly fulfilmentId: number | null;
}

/**
 * Submits a draft: the letter number must be there (and, for a correction, its reason); the
 * figures and the checkpoint are computed now and frozen with the PDF and XLSX; a semester
 * report fulfils the semester duty; the version it corrects becomes DIGANTI. One transaction.
 */
export async function submitReport(
  deps: Deps,
  actor: Head,
  reportId: number,
): Promise<SubmittedReport> {
  const agencyId = assertHead(actor);
  const first = await reportInScope(deps, actor, reportId);
  if (first.state !== 'DRAFT') {
    throw new Refusal(
      'LAPORAN_SUDAH_DIKIRIM',
      'Laporan ini sudah dikirim; perbaikan hanya dapat dilakukan melalui koreksi laporan',
    );
  }
  if (first.letter_number === null) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Isi nomor surat laporan sebelum mengirim');
  }
  if (first.version > 1 && first.correction_reason === null) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Tuliskan alasan koreksi laporan');
  }
  const now = deps.clock();
  const dated = wibDay(now);
  // the heavy part outside the transaction: figures, checkpoint, documents
  const [figures, checkpoint] = await Promise.all([
    reportFigures(deps, first.agreement_id, first.period_start, first.period_end),
    periodCheckpoint(deps, first.period_end),
  ]);
  const document = { ...documentOf(first, figures, checkpoint, dated), draft: false };
  const [pdf, xlsx] = await Promise.all([renderReportPdf(document), renderReportXlsx(document)]);
  if (pdf.length > DOCUMENT_MAX_BYTES) {
    throw new Refusal('BERKAS_TERLALU_BESAR', 'PDF laporan melebihi 5 MB; hubungi Dukcapil');
  }
  return deps.db.transaction().execute(async (tx) => {
    const report = await reportInScope(deps, actor, reportId, true, tx);
    // the draft may have changed since it was read: what is sent must be what was rendered
    if (report.state !== 'DRAFT' || report.updated_at.getTime() !== first.updated_at.getTime()) {
      throw new Refusal(
        'KONFLIK',
        'Laporan berubah saat dikirim; muat ulang halaman lalu kirim lagi',
      );
    }
    const pdfId = await insertDeadlineDocument(tx, {
      agencyId,
      fileName: `laporan-${report.id}-v${report.version}.pdf`,
      contentType: 'application/pdf',
      content: pdf,
      sha256: crypto.createHash('sha256').update(pdf).digest(),
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    const fulfilmentId =
      report.kind === 'SEMESTER'
        ? await insertFulfilment(tx, {
            kind: 'LAPORAN_SEMESTER',
            period: report.semester!,
            agreementId: report.agreement_id,
            agencyId,
            documentId: pdfId,
            receivedOn: dated,
            recordedBy: actor.id,
            recordedAt: now,
          })
        : null;
    if (report.corrects_id !== null) {
      await updateUsageReport(tx, report.corrects_id, { state: 'DIGANTI', updated_at: now });
      await insertReportEvent(tx, {
        reportId: report.corrects_id,
        at: now,
        actorId: actor.id,
        action: 'DIGANTI_KOREKSI',
        stateBefore: 'DIKIRIM',
        stateAfter: 'DIGANTI',
        detail: { correctedBy: report.id },
      });
    }
    await updateUsageReport(tx, report.id, {
      state: 'DIKIRIM',
      figures: JSON.stringify({ figures, checkpointSealedAt: checkpoint.sealedAt }),
      checkpoint_size: checkpoint.size,
      checkpoint_root: Buffer.from(checkpoint.rootHex, 'hex'),
      checkpoint_basis: checkpoint.basis,
      submitted_at: now,
      submitted_by: actor.id,
      pdf_document_id: pdfId,
      xlsx_content: xlsx,
      fulfilment_id: fulfilmentId,
      updated_at: now,
    });
    await recordStep(tx, report.id, actor, agencyId, now, {
      action: 'DIKIRIM',
      stateBefore: 'DRAFT',
      stateAfter: 'DIKIRIM',
      detail: {
        pdfDocumentId: pdfId,
        checkpointSize: checkpoint.size,
        checkpointRoot: checkpoint.rootHex,
      },
      adminAction: 'LAPORAN_DIKIRIM',
      adminDetail: {
        kind: report.kind,
        from: report.period_start,
        to: report.period_end,
        version: report.version,
        checkpointSize: checkpoint.size,
        checkpointRoot: checkpoint.rootHex,
        sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
      },
    });
    return { id: report.id, checkpoint, fulfilmentId };
  });
}

/** Attaches the signed, stamped scan of a submitted report (PDF, PNG or JPEG, at most 5 MB). */
export async function attachScan(
  deps: Deps,
  actor: Head,
  reportId: number,
  file: UploadedFile | undefined,
): Promise<void> {
  const agencyId = assertHead(actor);
  if (file && file.bytes.length > DOCUMENT_MAX_BYTES) {
    throw new Refusal(
      'BERKAS_TERLALU_BESAR',
      `Pindaian laporan ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB melebihi batas 5 MB. ` +
        'Kecilkan resolusi pindaian (misalnya 150 dpi, hitam-putih) lalu unggah lagi.',
    );
  }
  const scan = await checkScan(file, 'pindaian laporan bertanda tangan dan berstempel');
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    const report = await reportInScope(deps, actor, reportId, true, tx);
    if (report.state !== 'DIKIRIM') {
      throw new Refusal(
        'KONFLIK',
        'Pindaian hanya dapat dilampirkan pada laporan yang sudah dikirim',
      );
    }
    const documentId = await insertDeadlineDocument(tx, {
      agencyId,
      ...scan,
      uploadedBy: actor.id,
      uploadedAt: now,
    });
    await updateUsageReport(tx, report.id, {
      scan_document_id: documentId,
      scan_attached_at: now,
      scan_attached_by: actor.id,
      updated_at: now,
    });
    await recordStep(tx, report.id, actor, agencyId, now, {
      action: report.scan_document_id === null ? 'PINDAIAN_DILAMPIRKAN' : 'PINDAIAN_DIGANTI',
      stateBefore: report.state,
      stateAfter: report.state,
      detail: { documentId, previous: report.scan_document_id },
      adminAction: 'LAPORAN_PINDAIAN_DILAMPIRKAN',
      adminDetail: { documentId, sha256: scan.sha256.toString('hex') },
    });
  });
}

export interface ReportFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The report's PDF or XLSX: as submitted, or rendered now for a draft; or the attached scan. */
export async function reportFile(
  deps: Deps,
  actor: Head,
  reportId: number,
  which: 'pdf' | 'xlsx' | 'pindaian',
): Promise<ReportFile> {
  const report = await reportInScope(deps, actor, reportId);
  const base = `laporan-${report.agency_id}-${report.period_start}-${report.period_end}-v${report.version}`;
  if (which === 'pindaian') {
    const doc =
      report.scan_document_id === null
        ? undefined
        : await findDeadlineDocument(deps.db, report.scan_document_id);
    if (!doc) throw new Refusal('TIDAK_DITEMUKAN', 'Pindaian laporan belum dilampirkan');
    return {
      fileName: doc.file_name,
      contentType: doc.content_type,
      content: Buffer.from(doc.content),
    };
  }
  if (report.state !== 'DRAFT') {
    if (which === 'pdf') {
      const doc = await findDeadlineDocument(deps.db, report.pdf_document_id!);
      return {
        fileName: `${base}.pdf`,
        contentType: 'application/pdf',
        content: Buffer.from(doc!.content),
      };
    }
    return {
      fileName: `${base}.xlsx`,
      contentType: XLSX_TYPE,
      content: Buffer.from(report.xlsx_content!),
    };
  }
  const view = await reportView(deps, actor, reportId);
  return which === 'pdf'
    ? {
        fileName: `${base}-draf.pdf`,
        contentType: 'application/pdf',
        content: await renderReportPdf(view.document),
      }
    : {
        fileName: `${base}-draf.xlsx`,
        contentType: XLSX_TYPE,
        content: await renderReportXlsx(view.document),
      };
}

export interface AgencyReports {
  readonly agreements: Awaited<ReturnType<typeof reportableAgreements>>;
  readonly reports: readonly ReportListRow[];
}

/** The head's list: the agreements a report may be about, and every report with its versions. */
export async function agencyReports(deps: Deps, actor: Head): Promise<AgencyReports> {
  const agencyId = assertHead(actor);
  const [agreements, reports] = await Promise.all([
    reportableAgreements(deps.db, agencyId),
    listAgencyReports(deps.db, agencyId),
  ]);
  return { agreements, reports };
}

export interface ReportsDue {
  /** Ended semesters of agreements in force without a submitted report, the most urgent first. */
  readonly items: readonly {
    readonly period: string;
    readonly label: string;
    readonly dueOn: string;
    readonly overdue: boolean;
    readonly agreementNumber: string | null;
  }[];
}

/** The semester reports the head still owes (the tile on the head's pages). */
export async function reportsDue(deps: Deps, actor: Head): Promise<ReportsDue> {
  const agencyId = assertHead(actor);
  const { deadlines, today } = await computeDeadlines(deps, agencyId);
  const items = deadlines.flatMap((d) =>
    d.basis.kind === 'LAPORAN_SEMESTER' && d.fulfilment === null && d.basis.semesterEnd < today
      ? [
          {
            period: d.basis.period,
            label: semesterName(d.basis.period),
            dueOn: d.dueOn,
            overdue: d.status === 'TERLAMBAT',
            agreementNumber: d.agreementNumber,
          },
        ]
      : [],
  );
  return { items: items.sort((a, b) => a.dueOn.localeCompare(b.dueOn)) };
}
