import type { Actor } from '../../domain/actor.js';
import {
  DG_REPORT_STATE_LABELS,
  LETTER_NUMBER_MAX,
  LETTER_NUMBER_MIN,
  type DgFormat,
  type DgReportState,
} from '../../domain/dg-report.js';
import { isSemesterPeriod, semesterOf, type SemesterPeriod } from '../../domain/deadlines.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { can } from '../../domain/permissions.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  claimQueuedDgReports,
  dgReportFile as readDgReportFile,
  dgReportsOfSemester,
  insertDgReport,
  markDgReportSent,
  queueDgReport as queueRow,
  releaseDgReportClaim,
} from '../../store/dg-reports.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import type { Mailer } from '../mail/mailer.js';
import { sendClaimed, startMailTimer, type MailLog, type MailTimer } from '../mail/outbox.js';
import { dgReportContent, type DgContent } from './content.js';
import { dgReportPdf, dgReportXlsx } from './documents.js';

/*
 * The report to the Directorate General (issue 10 item 4): Dukcapil produces it for an ended
 * semester (content, PDF and XLSX kept as produced), and sends it to subdit MED through the
 * mail outbox: "Kirim" queues it (ANTRE), a run claims, sends with both files attached, and
 * records it as sent (TERKIRIM) — or gives the claim back for the next run. The portal runs
 * the outbox at once after queuing; the server's timer retries what failed.
 */

export interface DgReportSettings {
  /** undefined when SMTP is not configured. */
  readonly mailer: Mailer | undefined;
  /** GERBANG_SUBDIT_MED_EMAIL. */
  readonly address: string | undefined;
  readonly format: DgFormat;
  readonly log: MailLog;
}

const JOB = { label: 'Laporan ke Dirjen', items: 'laporan' } as const;
/** A claim older than this is a run that died: the report is claimed again. */
const STALE_CLAIM_MS = 10 * 60_000;

function requireProducer(actor: Pick<Actor, 'role'>): void {
  if (!can(actor.role, 'dgReport.produce'))
    throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
}

/** The semester asked (YYYY-S1 / YYYY-S2), ended by today; refused otherwise. */
export function endedSemester(value: string, now: Date): SemesterPeriod {
  const semester = value.trim().toUpperCase();
  if (!isSemesterPeriod(semester)) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Semester harus ditulis sebagai TAHUN-S1 atau TAHUN-S2, misalnya 2026-S1',
    );
  }
  const { lastDay } = semesterOf(semester);
  if (lastDay >= wibDay(now)) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Laporan kepada Direktur Jenderal untuk semester ini baru dapat disusun setelah semester berakhir pada ${formatDate(lastDay)}`,
    );
  }
  return semester;
}

/** The last semester that has ended by `now`. */
export function lastEndedSemester(now: Date): SemesterPeriod {
  const today = wibDay(now);
  const year = Number(today.slice(0, 4));
  return today > `${year}-06-30` ? `${year}-S1` : `${year - 1}-S2`;
}

export interface ProducedReport {
  readonly id: number;
  readonly letterNumber: string;
  readonly state: DgReportState;
  readonly stateLabel: string;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly queuedAt: Date | null;
  readonly sentAt: Date | null;
  readonly sentTo: string | null;
}

export interface DgSemesterOverview {
  readonly content: DgContent;
  readonly produced: readonly ProducedReport[];
  readonly format: DgFormat;
  /** Whether "Kirim" can mail it: SMTP and subdit MED's address are both set. */
  readonly canMail: boolean;
  readonly address: string | undefined;
}

/** The semester's aggregate as it stands now, and the reports produced for it. */
export async function dgSemesterOverview(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
  semesterText: string,
  settings: Pick<DgReportSettings, 'mailer' | 'address' | 'format'>,
): Promise<DgSemesterOverview> {
  requireProducer(actor);
  const semester = endedSemester(semesterText, deps.clock());
  const [content, produced] = await Promise.all([
    dgReportContent(deps, semester),
    dgReportsOfSemester(deps.db, semester),
  ]);
  return {
    content,
    produced: produced.map((r) => ({
      id: r.id,
      letterNumber: r.letter_number,
      state: r.state as DgReportState,
      stateLabel: DG_REPORT_STATE_LABELS[r.state as DgReportState] ?? r.state,
      createdAt: r.created_at,
      createdBy: r.created_by_user,
      queuedAt: r.queued_at,
      sentAt: r.sent_at,
      sentTo: r.sent_to,
    })),
    format: settings.format,
    canMail: settings.mailer !== undefined && settings.address !== undefined,
    address: settings.address,
  };
}

/** Produces the semester's report: its content now, the PDF and the XLSX, kept. Its id and semester. */
export async function produceDgReport(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role'>,
  input: { readonly semester: string; readonly letterNumber: string },
  format: DgFormat,
): Promise<{ id: number; semester: SemesterPeriod }> {
  requireProducer(actor);
  const now = deps.clock();
  const semester = endedSemester(input.semester, now);
  const letterNumber = input.letterNumber.trim();
  if (letterNumber.length < LETTER_NUMBER_MIN || letterNumber.length > LETTER_NUMBER_MAX) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Nomor surat wajib diisi (${LETTER_NUMBER_MIN}–${LETTER_NUMBER_MAX} karakter)`,
      {
        fields: [
          {
            field: 'nomorSurat',
            message: `Nomor surat wajib diisi (${LETTER_NUMBER_MIN}–${LETTER_NUMBER_MAX} karakter)`,
          },
        ],
      },
    );
  }
  const content = await dgReportContent(deps, semester);
  const letter = { number: letterNumber, date: wibDay(now) };
  const [pdf, xlsx] = await Promise.all([
    dgReportPdf(content, format, letter),
    dgReportXlsx(content, format, letter),
  ]);
  return deps.db.transaction().execute(async (tx) => {
    const id = await insertDgReport(tx, {
      semester,
      letterNumber,
      format,
      content,
      pdf,
      xlsx,
      at: now,
      actorId: actor.id,
    });
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: null,
      action: 'LAPORAN_DIRJEN_DISUSUN',
      target: `Laporan ke Dirjen ${semester} nomor ${letterNumber}`,
      detail: { dgReportId: id, semester, agencies: content.rows.length },
    });
    return { id, semester };
  });
}

/**
 * Queues a produced report for subdit MED (DISUSUN → ANTRE), then runs the outbox once; the
 * report's state after the run (TERKIRIM, or ANTRE when the mail server refused: retried).
 */
export async function sendDgReport(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role'>,
  id: number,
  settings: DgReportSettings,
): Promise<{ state: DgReportState; semester: string }> {
  requireProducer(actor);
  if (!settings.mailer || !settings.address) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Pengiriman surel belum diatur: GERBANG_SMTP_URL dan GERBANG_SUBDIT_MED_EMAIL wajib diisi. Unduh PDF dan XLSX untuk dikirim secara manual.',
    );
  }
  const now = deps.clock();
  const queued = await deps.db.transaction().execute(async (tx) => {
    const report = Number.isSafeInteger(id) ? await readDgReportFile(tx, id, 'pdf') : undefined;
    if (!report) throw new Refusal('TIDAK_DITEMUKAN', 'Laporan tidak ditemukan');
    if (!(await queueRow(tx, id, actor.id, now))) return null;
    await recordAdminAction(tx, {
      at: now,
      actorId: actor.id,
      agencyId: null,
      action: 'LAPORAN_DIRJEN_DIANTREKAN',
      target: `Laporan ke Dirjen ${report.semester} nomor ${report.letter_number}`,
      detail: { dgReportId: id, to: settings.address },
    });
    return report.semester;
  });
  if (queued === null)
    throw new Refusal('KONFLIK', 'Laporan ini sudah dikirim atau sedang dikirim');
  await sendQueuedDgReports(deps, settings);
  const row = await deps.db
    .selectFrom('dg_report')
    .select('state')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { state: row.state as DgReportState, semester: queued };
}

function message(report: { semester: string; letter_number: string }) {
  const { half, year } = semesterOf(report.semester as SemesterPeriod);
  return {
    subject: `Laporan hasil evaluasi pemanfaatan data kependudukan Semester ${half} ${year} — Dinas Dukcapil Kabupaten Purbalingga`,
    text: [
      'Yth. Direktur Jenderal Kependudukan dan Pencatatan Sipil',
      'c.q. Subdirektorat Monitoring dan Evaluasi',
      '',
      `Bersama surel ini kami sampaikan laporan hasil evaluasi pemanfaatan NIK, data kependudukan, dan KTP-el oleh instansi pengguna di Kabupaten Purbalingga untuk Semester ${half} Tahun ${year}, nomor ${report.letter_number}.`,
      'Laporan terlampir dalam bentuk PDF (surat dan lampiran) dan XLSX (tabel yang sama).',
      '',
      'Hormat kami,',
      'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
    ].join('\n'),
  };
}

/** One run of the outbox: every queued report not being sent goes to subdit MED. */
export async function sendQueuedDgReports(
  deps: Deps,
  settings: Pick<DgReportSettings, 'mailer' | 'address' | 'log'>,
): Promise<{ sent: number; failed: number }> {
  const { mailer, address } = settings;
  if (!mailer || !address) return { sent: 0, failed: 0 };
  const now = deps.clock();
  const claimed = await claimQueuedDgReports(
    deps.db,
    now,
    new Date(now.getTime() - STALE_CLAIM_MS),
  );
  let sent = 0;
  let failed = 0;
  for (const report of claimed) {
    const base = `laporan-dirjen-${report.semester}-${report.id}`;
    const delivered = await sendClaimed({ mailer, log: settings.log }, JOB, {
      to: address,
      count: 1,
      compose: () => ({
        ...message(report),
        attachments: [
          { filename: `${base}.pdf`, contentType: 'application/pdf', content: report.pdf },
          {
            filename: `${base}.xlsx`,
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            content: report.xlsx,
          },
        ],
      }),
      release: () => releaseDgReportClaim(deps.db, report.id),
    });
    if (!delivered) {
      failed++;
      continue;
    }
    const at = deps.clock();
    await deps.db.transaction().execute(async (tx) => {
      await markDgReportSent(tx, report.id, at, address);
      await recordAdminAction(tx, {
        at,
        actorId: null,
        agencyId: null,
        action: 'LAPORAN_DIRJEN_TERKIRIM',
        target: `Laporan ke Dirjen ${report.semester} nomor ${report.letter_number}`,
        detail: { dgReportId: report.id, to: address },
      });
    });
    sent++;
  }
  if (sent > 0) settings.log.info(`${JOB.label}: ${sent} laporan dikirim ke subdit MED`);
  return { sent, failed };
}

/** The outbox inside the server: a run every five minutes, retrying what failed. */
export function startDgReportMailTimer(
  deps: Deps,
  settings: Pick<DgReportSettings, 'mailer' | 'address' | 'log'>,
): MailTimer {
  return startMailTimer(JOB, settings.log, () => sendQueuedDgReports(deps, settings), {
    everyMs: 5 * 60_000,
    firstAfterMs: 20_000,
  });
}

/** A produced report's PDF or XLSX, for download. */
export async function dgReportDownload(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
  id: number,
  kind: 'pdf' | 'xlsx',
): Promise<{ fileName: string; content: Buffer }> {
  requireProducer(actor);
  const row = Number.isSafeInteger(id) ? await readDgReportFile(deps.db, id, kind) : undefined;
  if (!row) throw new Refusal('TIDAK_DITEMUKAN', 'Laporan tidak ditemukan');
  return { fileName: `laporan-dirjen-${row.semester}-${row.id}.${kind}`, content: row.file };
}
