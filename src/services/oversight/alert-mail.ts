import { KIND_LABELS, POLICY_ACTION_LABELS, SCOPE_LABELS } from '../../domain/pattern-alert.js';
import { wibDateTime } from '../../domain/time.js';
import { claimUnmailedAlerts, releaseMailClaims } from '../../store/pattern-alerts.js';
import type { Deps } from '../deps.js';
import type { MailMessage } from '../mail/mailer.js';
import {
  sendClaimed,
  startMailTimer,
  type MailJob,
  type MailJobSettings,
  type MailTimer,
} from '../mail/outbox.js';
import { evidenceViews, viewOf, type AlertView, type EvidenceView } from './alerts.js';

/**
 * The input-pattern alerts by e-mail to Dukcapil's address (issue 9 §2), when SMTP is set:
 * an outbox (mail/outbox.ts), like the deadline reminders. A run claims the alerts not yet
 * mailed (marking them mailed, so that a restart or a second server never sends one twice),
 * sends them in one message with their evidence masked, and gives them back when sending
 * fails. It runs on a timer in the server, never inside a lookup.
 */

/** Without SMTP or without Dukcapil's address the alerts are in the console only. */
export type AlertMailSettings = MailJobSettings;

const JOB: MailJob = { label: 'Peringatan pola', items: 'peringatan' };

export interface AlertMailRun {
  /** Messages the SMTP server accepted. */
  readonly sent: number;
  /** Alerts in them. */
  readonly alerts: number;
  /** Messages that failed; their alerts are tried again on the next run. */
  readonly failed: number;
}

/** Alerts in one message, and messages in one run (a backlog goes out over a few runs). */
const ALERTS_PER_MESSAGE = 20;
const MESSAGES_PER_RUN = 5;
/** Lookups of an alert's evidence listed in the message; the console shows them all. */
const EVIDENCE_IN_MAIL = 10;

export interface MailedAlert {
  readonly alert: AlertView;
  readonly evidence: readonly EvidenceView[];
}

const SIGNATURE = [
  '--',
  'Surel ini dikirim secara otomatis oleh aplikasi Gerbang; mohon tidak membalas surel ini.',
  'NIK pada surel ini disamarkan. Data kependudukan bersifat rahasia.',
];

function alertLines(item: MailedAlert, index: number): string[] {
  const { alert } = item;
  const evidence = item.evidence.slice(-EVIDENCE_IN_MAIL);
  const more = item.evidence.length - evidence.length;
  return [
    `${index + 1}. Peringatan #${alert.id}: ${KIND_LABELS[alert.kind]} (lingkup ${SCOPE_LABELS[alert.scope].toLowerCase()})`,
    `   Sumber: ${alert.sourceLabel}`,
    `   Instansi: ${alert.agencyName} (${alert.agencyCode})${
      alert.agreementNumber ? `, PKS nomor ${alert.agreementNumber}` : ''
    }`,
    `   User ID: ${alert.userLogin ?? '—'}`,
    `   Terdeteksi: ${wibDateTime(alert.createdAt)} WIB${
      alert.repeats > 0
        ? `; berulang ${alert.repeats} kali, terakhir ${wibDateTime(alert.lastSeenAt)} WIB`
        : ''
    }`,
    `   Tindakan sistem: ${POLICY_ACTION_LABELS[alert.action]}`,
    `   Keterangan: ${alert.summary}`,
    '   Pencarian terkait (waktu WIB, user ID, NIK disamarkan, respons):',
    ...evidence.map(
      (e) => `   - ${wibDateTime(e.at)} | ${e.userLogin} | ${e.nik} | ${e.responseCode}`,
    ),
    ...(more > 0 ? [`   - … dan ${more} pencarian sebelumnya (lihat portal)`] : []),
    '',
  ];
}

/** The message to Dukcapil about new alerts, in formal Bahasa Indonesia. */
export function alertMessage(items: readonly MailedAlert[]): Omit<MailMessage, 'to'> {
  const held = items.filter((i) => i.alert.action === 'BLOKIR').length;
  return {
    subject:
      `[Gerbang] Peringatan pola input NIK: ${items.length} peringatan baru` +
      (held > 0 ? `, ${held} pengguna ditahan` : ''),
    text: [
      'Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
      '',
      'Dengan hormat,',
      '',
      'Aplikasi Gerbang mendeteksi pola input NIK yang tidak wajar pada pencarian data ' +
        'kependudukan oleh instansi pengguna (input NIK tidak boleh berurutan, berpola, atau ' +
        'dalam waktu yang berdekatan), sebagai berikut:',
      '',
      ...items.flatMap(alertLines),
      'Rincian dan tindak lanjut (peninjauan, pelepasan atau pertahanan tahanan pengguna) ' +
        'tersedia pada menu Peringatan pola di portal Gerbang.',
      '',
      'Hormat kami,',
      'Aplikasi Gerbang',
      'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga',
      '',
      ...SIGNATURE,
    ].join('\n'),
  };
}

/**
 * One run of the outbox: the alerts not yet mailed go to Dukcapil, at most
 * ALERTS_PER_MESSAGE in a message. Nothing happens without SMTP or without the address (the
 * alerts wait in the outbox until both are set).
 */
export async function sendAlertMail(
  deps: Deps,
  settings: AlertMailSettings,
): Promise<AlertMailRun> {
  const { mailer, dukcapilAddress: to } = settings;
  let sent = 0;
  let alerts = 0;
  let failed = 0;
  if (!mailer || !to) return { sent, alerts, failed };
  for (let message = 0; message < MESSAGES_PER_RUN; message++) {
    const claimed = await claimUnmailedAlerts(deps.db, deps.clock(), ALERTS_PER_MESSAGE);
    if (claimed.length === 0) break;
    const ids = claimed.map((row) => Number(row.id));
    const delivered = await sendClaimed({ mailer, log: settings.log }, JOB, {
      to,
      count: claimed.length,
      compose: async () => {
        const items: MailedAlert[] = [];
        for (const row of claimed) {
          items.push({ alert: viewOf(row), evidence: await evidenceViews(deps, row.evidence) });
        }
        return alertMessage(items);
      },
      release: () => releaseMailClaims(deps.db, ids),
    });
    if (!delivered) {
      failed++;
      break;
    }
    sent++;
    alerts += claimed.length;
  }
  if (sent > 0)
    settings.log.info(`Peringatan pola: ${alerts} peringatan dikirim dalam ${sent} surel`);
  return { sent, alerts, failed };
}

/**
 * The outbox inside the server: a run every half minute (and soon after start). A slow or
 * dead mail server delays only the next run, never a lookup.
 */
export function startAlertMailTimer(
  deps: Deps,
  settings: AlertMailSettings,
  options: { everyMs?: number; firstAfterMs?: number } = {},
): MailTimer {
  return startMailTimer(JOB, settings.log, () => sendAlertMail(deps, settings), {
    everyMs: options.everyMs ?? 30_000,
    firstAfterMs: options.firstAfterMs ?? 5_000,
  });
}
