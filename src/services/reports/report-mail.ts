import { formatDate } from '../../domain/indonesian-dates.js';
import {
  periodLabel,
  USAGE_REPORT_KIND_LABELS,
  type UsageReportKind,
} from '../../domain/usage-report.js';
import { wibDay } from '../../domain/time.js';
import { findDeadlineDocument } from '../../store/deadlines.js';
import {
  claimUnmailedReports,
  findUsageReport,
  insertReportEvent,
  releaseReportMail,
} from '../../store/usage-reports.js';
import type { Deps } from '../deps.js';
import type { MailMessage } from '../mail/mailer.js';
import {
  sendClaimed,
  startMailTimer,
  type MailJob,
  type MailJobSettings,
  type MailTimer,
} from '../mail/outbox.js';
import type { ReportFigures } from './figures.js';

/*
 * Submitted usage reports to Dukcapil's report address (GERBANG_DUKCAPIL_EMAIL; Juknis V asks
 * for the report by e-mail besides the hard copy): an outbox like the alerts' (mail/outbox.ts).
 * A run claims the submitted reports not mailed yet (mailed_at set in the claim), sends each
 * with its PDF and XLSX, and gives the claim back when sending fails. Without SMTP or the
 * address nothing is sent and the reports wait; the head's page says whether one went out.
 */

const JOB: MailJob = { label: 'Laporan penggunaan', items: 'laporan' };
const REPORTS_PER_RUN = 10;

export interface ReportMailRun {
  readonly sent: number;
  readonly failed: number;
}

export function reportMessage(input: {
  readonly figures: ReportFigures;
  readonly kind: UsageReportKind;
  readonly semester: string | null;
  readonly version: number;
  readonly letterNumber: string;
  readonly submittedOn: string;
  readonly checkpointLine: string;
  readonly pdf: { readonly filename: string; readonly content: Buffer };
  readonly xlsx: { readonly filename: string; readonly content: Buffer };
}): Omit<MailMessage, 'to'> {
  const f = input.figures;
  const period = periodLabel({
    semester: input.semester as never,
    from: f.period.from,
    to: f.period.to,
  });
  return {
    subject: `[Gerbang] ${USAGE_REPORT_KIND_LABELS[input.kind]} ${f.agency.name} — ${period}${input.version > 1 ? ` (koreksi ke-${input.version - 1})` : ''}`,
    text: [
      'Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga,',
      '',
      `${f.agency.name} menyampaikan ${USAGE_REPORT_KIND_LABELS[input.kind].toLowerCase()} penggunaan NIK, data kependudukan dan KTP-el`,
      `berdasarkan PKS nomor ${f.agreement.nomorDukcapil}:`,
      '',
      `Nomor surat  : ${input.letterNumber}`,
      `Tanggal      : ${formatDate(input.submittedOn)}`,
      `Periode      : ${period}`,
      `Pencarian NIK: ${f.lookups.total.toLocaleString('id-ID')}`,
      input.checkpointLine,
      '',
      'Laporan (PDF) dan angka-angkanya (XLSX) terlampir. Hasil cetak yang ditandatangani dan',
      'distempel menyusul sebagai pindaian di Gerbang dan dalam bentuk fisik.',
      '',
      'Surel ini dikirim otomatis oleh aplikasi Gerbang.',
    ].join('\n'),
    attachments: [
      { filename: input.pdf.filename, contentType: 'application/pdf', content: input.pdf.content },
      {
        filename: input.xlsx.filename,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        content: input.xlsx.content,
      },
    ],
  };
}

/** One run of the outbox. */
export async function sendReportMail(
  deps: Deps,
  settings: MailJobSettings,
): Promise<ReportMailRun> {
  const { mailer, dukcapilAddress: to } = settings;
  let sent = 0;
  let failed = 0;
  if (!mailer || !to) return { sent, failed };
  const ids = await claimUnmailedReports(deps.db, deps.clock(), REPORTS_PER_RUN);
  for (const id of ids) {
    const delivered = await sendClaimed({ mailer, log: settings.log }, JOB, {
      to,
      count: 1,
      compose: async () => {
        const report = (await findUsageReport(deps.db, id))!;
        const pdf = await findDeadlineDocument(deps.db, report.pdf_document_id!);
        const base = `laporan-${report.period_start}-${report.period_end}-v${report.version}`;
        const frozen = report.figures as { figures: ReportFigures };
        return reportMessage({
          figures: frozen.figures,
          kind: report.kind as UsageReportKind,
          semester: report.semester,
          version: report.version,
          letterNumber: report.letter_number ?? '',
          submittedOn: wibDay(report.submitted_at!),
          checkpointLine: `Checkpoint log audit: ukuran ${report.checkpoint_size}, akar ${Buffer.from(report.checkpoint_root!).toString('hex')}`,
          pdf: { filename: `${base}.pdf`, content: Buffer.from(pdf!.content) },
          xlsx: { filename: `${base}.xlsx`, content: Buffer.from(report.xlsx_content!) },
        });
      },
      release: () => releaseReportMail(deps.db, id),
    });
    if (!delivered) {
      failed++;
      // the claim is given back for every report not yet tried as well
      for (const rest of ids.slice(ids.indexOf(id) + 1)) await releaseReportMail(deps.db, rest);
      break;
    }
    await insertReportEvent(deps.db, {
      reportId: id,
      at: deps.clock(),
      actorId: null,
      action: 'DIKIRIM_SUREL',
      stateBefore: 'DIKIRIM',
      stateAfter: 'DIKIRIM',
    });
    sent++;
  }
  if (sent > 0) settings.log.info(`Laporan penggunaan: ${sent} laporan dikirim ke surel Dukcapil`);
  return { sent, failed };
}

/** The outbox inside the server: a run every minute (and soon after start). */
export function startReportMailTimer(
  deps: Deps,
  settings: MailJobSettings,
  options: { everyMs?: number; firstAfterMs?: number } = {},
): MailTimer {
  return startMailTimer(JOB, settings.log, () => sendReportMail(deps, settings), {
    everyMs: options.everyMs ?? 60_000,
    firstAfterMs: options.firstAfterMs ?? 10_000,
  });
}
