import { formatDate } from '../../domain/indonesian-dates.js';
import {
  deadlineSubject,
  dueInWords,
  reminderStage,
  type ReminderStage,
} from '../../domain/deadlines.js';
import { wibDateTime } from '../../domain/time.js';
import {
  agenciesByIds,
  claimReminders,
  headsWithEmail,
  releaseReminders,
  type ReminderClaim,
} from '../../store/deadlines.js';
import { computeDeadlines, type DeadlineView } from './compute-deadlines.js';
import type { Deps } from '../deps.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import {
  sendClaimed,
  startMailTimer,
  type MailJob,
  type MailJobSettings,
  type MailTimer,
} from '../mail/outbox.js';

/**
 * Without SMTP reminders live in the portal only; Dukcapil's address gets the digest of
 * every agency's reminders. An outbox (mail/outbox.ts), like the input-pattern alerts.
 */
export type ReminderSettings = MailJobSettings;

const JOB: MailJob = { label: 'Pengingat tenggat', items: 'pengingat' };

export interface ReminderRun {
  /** Messages the SMTP server accepted. */
  readonly sent: number;
  /** Messages that failed; their reminders are tried again on the next run. */
  readonly failed: number;
}

interface Due {
  readonly deadline: DeadlineView;
  readonly stage: ReminderStage;
}

interface AgencyContact {
  readonly id: number;
  readonly name: string;
  readonly headTitle: string | null;
  readonly addresses: readonly string[];
}

const SIGNATURE = [
  'Hormat kami,',
  'Dinas Kependudukan dan Pencatatan Sipil',
  'Kabupaten Purbalingga',
  '',
  '--',
  'Surel ini dikirim secara otomatis oleh aplikasi Gerbang; mohon tidak membalas surel ini.',
];

function itemLines(due: readonly Due[], withAgency: boolean): string[] {
  return due.flatMap(({ deadline: d }, index) => [
    `${index + 1}. ${d.status === 'TERLAMBAT' ? '[TERLAMBAT] ' : ''}${deadlineSubject(d)}`,
    ...(withAgency ? [`   Instansi: ${d.agency.name} (${d.agency.code})`] : []),
    ...(d.agreementNumber ? [`   PKS nomor ${d.agreementNumber}`] : []),
    `   Batas waktu: ${formatDate(d.dueOn)} (${dueInWords(d)}).`,
    '',
  ]);
}

/** The letter to an agency, in formal Bahasa Indonesia. */
export function agencyReminder(
  agency: AgencyContact,
  due: readonly Due[],
): Omit<MailMessage, 'to'> {
  const overdue = due.some((d) => d.deadline.status === 'TERLAMBAT');
  return {
    subject: overdue
      ? `[Gerbang] Pemberitahuan kewajiban PKS yang telah melewati batas waktu — ${agency.name}`
      : `[Gerbang] Pengingat batas waktu kewajiban PKS — ${agency.name}`,
    text: [
      `Yth. ${agency.headTitle ?? `Pimpinan ${agency.name}`}`,
      'di tempat',
      '',
      'Dengan hormat,',
      '',
      `Bersama ini kami sampaikan pengingat atas kewajiban ${agency.name} berdasarkan ` +
        'Perjanjian Kerja Sama (PKS) pemanfaatan data kependudukan dengan Dinas Kependudukan ' +
        'dan Pencatatan Sipil Kabupaten Purbalingga, sebagai berikut:',
      '',
      ...itemLines(due, false),
      'Kewajiban tersebut dapat dipenuhi melalui menu Tenggat pada portal Gerbang. Apabila ' +
        'kewajiban telah dipenuhi, mohon pemberitahuan ini diabaikan.',
      '',
      'Atas perhatian dan kerja sama Bapak/Ibu, kami ucapkan terima kasih.',
      '',
      ...SIGNATURE,
    ].join('\n'),
  };
}

/** The digest for Dukcapil: every agency's reminders of this run. */
export function dukcapilDigest(due: readonly Due[]): Omit<MailMessage, 'to'> {
  const overdue = due.filter((d) => d.deadline.status === 'TERLAMBAT').length;
  return {
    subject: `[Gerbang] Rekap tenggat kewajiban instansi pengguna: ${due.length} kewajiban, ${overdue} terlambat`,
    text: [
      'Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
      '',
      'Dengan hormat,',
      '',
      'Berikut kewajiban instansi pengguna berdasarkan PKS yang mendekati atau telah melewati ' +
        'batas waktu dan belum dipenuhi:',
      '',
      ...itemLines(due, true),
      'Rincian seluruh tenggat tersedia pada menu Tenggat di portal Gerbang.',
      '',
      ...SIGNATURE,
    ].join('\n'),
  };
}

async function contactsOf(deps: Deps, agencyIds: number[]): Promise<Map<number, AgencyContact>> {
  const [agencies, heads] = await Promise.all([
    agenciesByIds(deps.db, agencyIds),
    headsWithEmail(deps.db, agencyIds),
  ]);
  const contacts = new Map<number, AgencyContact>();
  for (const agency of agencies) {
    // A deactivated agency has lost its access; its duties are not chased by e-mail.
    if (agency.status !== 'AKTIF') continue;
    const addresses = [
      agency.email,
      ...heads.filter((h) => h.agency_id === agency.id).map((h) => h.email),
    ]
      .filter((a): a is string => typeof a === 'string' && a !== '')
      .map((a) => a.trim());
    const unique = [...new Map(addresses.map((a) => [a.toLowerCase(), a])).values()];
    contacts.set(agency.id, {
      id: agency.id,
      name: agency.name,
      headTitle: agency.head_title,
      addresses: unique,
    });
  }
  return contacts;
}

/**
 * Claims the reminders of one message, sends it, and gives the claims back if sending
 * failed. Returns whether a message went out (false also when nothing was left to send).
 */
async function sendOnce(
  deps: Deps,
  settings: ReminderSettings & { mailer: Mailer },
  to: string,
  agencyId: number | null,
  due: readonly Due[],
  compose: (claimed: readonly Due[]) => Omit<MailMessage, 'to'>,
): Promise<'SENT' | 'NOTHING' | 'FAILED'> {
  const claims: ReminderClaim[] = due.map((d) => ({
    deadlineKey: d.deadline.key,
    stage: d.stage,
    recipient: to.toLowerCase(),
    agencyId: agencyId ?? d.deadline.agency.id,
  }));
  const claimed = await claimReminders(deps.db, claims, deps.clock());
  if (claimed.length === 0) return 'NOTHING';
  const mine = new Set(claimed.map((c) => `${c.deadline_key} ${c.stage}`));
  const items = due.filter((d) => mine.has(`${d.deadline.key} ${d.stage}`));
  const delivered = await sendClaimed(settings, JOB, {
    to,
    count: items.length,
    compose: () => compose(items),
    release: () =>
      releaseReminders(
        deps.db,
        claimed.map((c) => c.id),
      ),
  });
  return delivered ? 'SENT' : 'FAILED';
}

/**
 * One reminder run: every deadline not yet met that has reached a reminder point (30, 7
 * and 1 days before, and once overdue) is e-mailed to its agency (the agency's address and
 * its heads' addresses) and, in one digest, to Dukcapil; each point once per address.
 */
export async function sendDeadlineReminders(
  deps: Deps,
  settings: ReminderSettings,
): Promise<ReminderRun> {
  const { mailer } = settings;
  if (!mailer) return { sent: 0, failed: 0 };
  const withMailer = { ...settings, mailer };
  const { deadlines } = await computeDeadlines(deps);
  const due: Due[] = [];
  for (const deadline of deadlines) {
    const stage = reminderStage(deadline);
    if (stage) due.push({ deadline, stage });
  }
  if (due.length === 0) return { sent: 0, failed: 0 };

  const agencyIds = [...new Set(due.map((d) => d.deadline.agency.id))];
  const contacts = await contactsOf(deps, agencyIds);
  let sent = 0;
  let failed = 0;
  const tally = (outcome: 'SENT' | 'NOTHING' | 'FAILED') => {
    if (outcome === 'SENT') sent++;
    if (outcome === 'FAILED') failed++;
  };
  const chased = due.filter((d) => contacts.has(d.deadline.agency.id));
  for (const contact of contacts.values()) {
    const ofAgency = chased.filter((d) => d.deadline.agency.id === contact.id);
    for (const address of contact.addresses) {
      tally(
        await sendOnce(deps, withMailer, address, contact.id, ofAgency, (items) =>
          agencyReminder(contact, items),
        ),
      );
    }
  }
  if (settings.dukcapilAddress) {
    tally(await sendOnce(deps, withMailer, settings.dukcapilAddress, null, chased, dukcapilDigest));
  }
  if (sent > 0 || failed > 0) {
    settings.log.info(`Pengingat tenggat: ${sent} surel terkirim, ${failed} gagal`);
  }
  return { sent, failed };
}

/** Reminders are e-mailed from this WIB hour on, not in the middle of the night. */
export const REMINDER_FROM_HOUR_WIB = 7;

/**
 * The daily run inside the server: tried every hour (and soon after start), so a reminder
 * goes out on the morning it falls due, and one that failed goes out at the next try. Each
 * reminder is sent once however often this runs (see sendDeadlineReminders).
 */
export function startReminderTimer(
  deps: Deps,
  settings: ReminderSettings,
  options: { everyMs?: number; firstAfterMs?: number } = {},
): MailTimer {
  return startMailTimer(JOB, settings.log, () => sendDeadlineReminders(deps, settings), {
    everyMs: options.everyMs ?? 60 * 60 * 1000,
    firstAfterMs: options.firstAfterMs ?? 60_000,
    due: () => Number(wibDateTime(deps.clock()).slice(11, 13)) >= REMINDER_FROM_HOUR_WIB,
  });
}
