import { mailFailure, type Mailer, type MailMessage } from './mailer.js';

/*
 * What the e-mail jobs of the server (the deadline reminders, the input-pattern alerts) do
 * alike: each is an outbox — a run claims in the database what it is about to send (so that
 * a restart or a second server never sends it twice), sends it, and gives the claim back
 * when sending fails, to be tried on the next run — run on a timer in the server, never
 * inside a request. What a job claims, and how, is its own.
 */

/** Lines for the operations log: never an address, a name, a NIK or a server's reply. */
export interface MailLog {
  info(message: string): void;
  error(message: string): void;
}

export interface MailJobSettings {
  /** undefined when SMTP is not configured: nothing is mailed (the portal shows it all). */
  readonly mailer: Mailer | undefined;
  /** GERBANG_DUKCAPIL_EMAIL; undefined: no address for Dukcapil. */
  readonly dukcapilAddress: string | undefined;
  readonly log: MailLog;
}

/** A job's name in the log ("Pengingat tenggat") and what it sends ("pengingat"). */
export interface MailJob {
  readonly label: string;
  readonly items: string;
  /** What a failed run is called in the log; "putaran surel" unless the job sends no mail. */
  readonly round?: string;
}

/** One message of claimed items. */
export interface ClaimedMail {
  readonly to: string;
  /** Items in it, for the log. */
  readonly count: number;
  /** The message; a failure here gives the claim back too. */
  readonly compose: () => Omit<MailMessage, 'to'> | Promise<Omit<MailMessage, 'to'>>;
  /** Gives the claim back: the items go out on the next run. */
  readonly release: () => Promise<void>;
}

/**
 * Sends one message of claimed items; when that fails, gives the claim back and logs the
 * failure by its codes only (mailFailure). Whether the message went out.
 */
export async function sendClaimed(
  settings: { readonly mailer: Mailer; readonly log: MailLog },
  job: MailJob,
  mail: ClaimedMail,
): Promise<boolean> {
  try {
    await settings.mailer.send({ to: mail.to, ...(await mail.compose()) });
    return true;
  } catch (error) {
    await mail.release();
    settings.log.error(
      `${job.label}: surel gagal dikirim (${mailFailure(error)}); ${mail.count} ${job.items} dicoba lagi pada putaran berikutnya`,
    );
    return false;
  }
}

export interface MailTimer {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * A job's runs inside the server: one soon after start (`firstAfterMs`), then every
 * `everyMs`, never two at once, and none while `due()` says no. A slow or dead mail server
 * delays only the next run; a run that throws is logged and tried again on the next.
 */
export function startMailTimer(
  job: MailJob,
  log: MailLog,
  run: () => Promise<unknown>,
  options: { readonly everyMs: number; readonly firstAfterMs: number; due?: () => boolean },
): MailTimer {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    if (options.due && !options.due()) return;
    running = run()
      .then(() => undefined)
      .catch((error: unknown) => {
        log.error(
          `${job.label}: ${job.round ?? 'putaran surel'} gagal (${error instanceof Error ? error.name : 'Error'}); dicoba lagi pada putaran berikutnya`,
        );
      })
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, options.firstAfterMs);
  const every = setInterval(tick, options.everyMs);
  first.unref();
  every.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
