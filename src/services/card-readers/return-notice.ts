import { formatDate } from '../../domain/indonesian-dates.js';
import {
  claimReturnNotices,
  listOpenReturnsOfAgreement,
  releaseReturnNotice,
  type ReaderReturnRow,
} from '../../store/card-readers.js';
import { headsWithEmail } from '../../store/deadlines.js';
import type { Deps } from '../deps.js';
import type { MailMessage } from '../mail/mailer.js';
import {
  sendClaimed,
  startMailTimer,
  type MailJob,
  type MailJobSettings,
  type MailTimer,
} from '../mail/outbox.js';
import { tasksOf } from './returns.js';

/**
 * The head's e-mail of the SAM-return tasks an agreement's end opened (SPEC §5, issue 12):
 * the end cascade (cascade.ts) leaves one notice per ended agreement in the outbox, in its
 * transaction; a run claims the notices not yet mailed (another server process skips them, a
 * restart never sends one twice), mails the task list to each active head of the agency with
 * an address (the address of the deadline reminders), and gives the claim back when sending
 * fails. Without SMTP the tasks are on the portal only; a head without an address gets none.
 */

export type ReturnNoticeSettings = MailJobSettings;

const JOB: MailJob = { label: 'Tugas pengembalian SAM', items: 'pemberitahuan' };
const NOTICES_PER_RUN = 20;

/** The returns page the head signs in to, even after the end (web/card-readers). */
const RETURNS_PAGE = '/instansi/pembaca-kartu/pengembalian';

function returnLines(r: ReaderReturnRow, index: number): string[] {
  return [
    `${index + 1}. Card reader ${r.serial} (${r.make}, ${r.location}), SAM nomor ${r.sam_number}`,
    ...tasksOf(r).map(
      (task) =>
        `   [${task.doneOn ? 'x' : ' '}] ${task.label}${task.doneOn ? ` (${formatDate(task.doneOn)})` : ''}`,
    ),
    '',
  ];
}

/** The message to the head, in formal Bahasa Indonesia. */
export function returnNoticeMessage(input: {
  readonly headName: string;
  readonly agencyName: string;
  readonly nomorDukcapil: string;
  readonly returns: readonly ReaderReturnRow[];
}): Omit<MailMessage, 'to'> {
  return {
    subject: `[Gerbang] PKS ${input.nomorDukcapil} berakhir: tugas pengembalian ${input.returns.length} SAM card reader`,
    text: [
      `Yth. ${input.headName}`,
      `Kepala ${input.agencyName}`,
      '',
      'Dengan hormat,',
      '',
      `Perjanjian Kerja Sama nomor ${input.nomorDukcapil} telah berakhir. Sesuai ketentuan ` +
        'pemanfaatan card reader KTP-el, setiap card reader instansi telah ditangguhkan dan ' +
        'Secure Access Module (SAM) wajib dikembalikan kepada Dinas Kependudukan dan Pencatatan ' +
        'Sipil Kabupaten Purbalingga. Tugas Saudara untuk setiap card reader:',
      '',
      ...input.returns.flatMap(returnLines),
      `Tugas tersebut dikerjakan pada halaman Pengembalian SAM portal Gerbang (${RETURNS_PAGE}): ` +
        'cabut SAM, buat dan unduh BAST pengembalian SAM dan penonaktifan card reader, ' +
        'tandatangani, lalu kirim SAM beserta BAST ke Dinas Dukcapil dan catat pengirimannya. ' +
        'Sampai Dinas Dukcapil mencatat penerimaan seluruh SAM, Saudara tetap dapat masuk ke ' +
        'portal, tetapi hanya ke halaman tersebut dan panduan; pencarian data tidak tersedia.',
      '',
      'Hormat kami,',
      'Aplikasi Gerbang',
      'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
      '',
      '--',
      'Surel ini dikirim secara otomatis oleh aplikasi Gerbang; mohon tidak membalas surel ini.',
    ].join('\n'),
  };
}

export interface ReturnNoticeRun {
  /** Messages the SMTP server accepted. */
  readonly sent: number;
  /** Messages that failed; their notices are tried again on the next run. */
  readonly failed: number;
}

/**
 * One run of the outbox. Nothing happens without SMTP (the notices wait until it is set).
 * A notice whose agency has no head with an address, or whose tasks are all done by now, is
 * spent without a message.
 */
export async function sendReturnNotices(
  deps: Pick<Deps, 'db' | 'clock'>,
  settings: ReturnNoticeSettings,
): Promise<ReturnNoticeRun> {
  const { mailer } = settings;
  let sent = 0;
  let failed = 0;
  if (!mailer) return { sent, failed };
  const claimed = await claimReturnNotices(deps.db, deps.clock(), NOTICES_PER_RUN);
  for (const notice of claimed) {
    const returns = await listOpenReturnsOfAgreement(deps.db, notice.agreementId);
    if (returns.length === 0) continue;
    const heads = await headsWithEmail(deps.db, [notice.agencyId]);
    let delivered = true;
    for (const head of heads) {
      const ok = await sendClaimed({ mailer, log: settings.log }, JOB, {
        to: head.email!,
        count: 1,
        compose: () =>
          returnNoticeMessage({
            headName: head.display_name,
            agencyName: returns[0]!.agency_name,
            nomorDukcapil: returns[0]!.nomor_dukcapil ?? '',
            returns,
          }),
        // Given back once for the whole notice, below: a head already mailed is mailed again
        // on the next run only if another head's message failed.
        release: async () => {},
      });
      if (ok) sent++;
      else {
        failed++;
        delivered = false;
      }
    }
    if (!delivered) await releaseReturnNotice(deps.db, notice.agreementId);
  }
  if (sent > 0) settings.log.info(`${JOB.label}: ${sent} surel dikirim`);
  return { sent, failed };
}

/** The outbox inside the server: a run every minute (and soon after start). */
export function startReturnNoticeTimer(
  deps: Deps,
  settings: ReturnNoticeSettings,
  options: { everyMs?: number; firstAfterMs?: number } = {},
): MailTimer {
  return startMailTimer(JOB, settings.log, () => sendReturnNotices(deps, settings), {
    everyMs: options.everyMs ?? 60_000,
    firstAfterMs: options.firstAfterMs ?? 10_000,
  });
}
