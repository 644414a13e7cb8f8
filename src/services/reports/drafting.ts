import { wibDay } from '../../domain/time.js';
import {
  reportPeriodProblem,
  USAGE_REPORT_KINDS,
  type UsageReportKind,
} from '../../domain/usage-report.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  insertReportEvent,
  insertUsageReport,
  reportableAgreements,
  reportsOfPeriod,
  updateUsageReport,
} from '../../store/usage-reports.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { narrativeOf } from './narrative.js';
import { assertHead, reportInScope, type Head } from './scope.js';
import { recordStep } from './steps.js';

/*
 * The agency's usage report (issue 10 items 1, 2), opened and dropped: the head drafts it for
 * an agreement and a period, its figures computed by Gerbang (figures.ts) whenever it is
 * shown; the narrative is narrative.ts, submitting submission.ts, the scan and the
 * downloads files.ts. A correction is a new version of a submitted report; the version it
 * replaces stays (DIGANTI) with its documents. Every step is an event of the report and an
 * admin_action (sealed with the audit trail).
 */

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
