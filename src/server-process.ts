import { loadConfig } from './config.js';
import { buildApp } from './app.js';
import { makeDeps } from './services/deps.js';
import { seedDemoIfEmpty } from './services/demo/demo.js';
import { createMailer } from './services/mail/mailer.js';
import { startReminderTimer } from './services/deadlines/reminders.js';
import { startAlertMailTimer } from './services/oversight/alert-mail.js';
import { startDgReportMailTimer } from './services/dg-report/dg-reports.js';
import { startReportMailTimer } from './services/reports/report-mail.js';
import { startSummaryTimer } from './services/reports/daily-summary.js';
import { startLapseTimer } from './services/agreements/lapse.js';
import { startReturnNoticeTimer } from './services/card-readers/return-notice.js';
import { auditSigner } from './services/audit-seal/keys.js';
import { startSealer } from './services/audit-seal/sealer.js';
import { followSealedTrail, loadPatternWindows } from './services/lookup/pattern-windows.js';
import { verifierKey } from './domain/audit-seal/checkpoint.js';
import { openDatabase } from './store/db.js';
import { migrateAsOwner } from './store/migrate.js';
import { checkAuditPrivileges } from './services/database-roles/audit-privileges.js';
import { loadRegions } from './reference/regions.js';
import { prepareSandbox } from './services/sandbox/sandbox.js';

/**
 * `gerbang sandbox` (issue 11 item 5): the same server on a folder of its own, holding
 * synthetic residents only, with the sandbox's marker, banner and page.
 */
export interface SandboxServer {
  readonly dataDir: string;
  readonly port: number;
  readonly host?: string | undefined;
  readonly residents?: number | undefined;
  readonly accessPoints?: readonly string[] | undefined;
}

/**
 * How long a stop may take (requests in flight drain, background jobs finish their step, the
 * database closes) before the process exits anyway. Below systemd's TimeoutStopSec in the
 * README's unit, so the server stops by itself rather than by SIGKILL.
 */
const STOP_TIMEOUT_MS = 15_000;

/** How often the sealer looks for new audit rows ("a few times a second", issue 9). */
const SEAL_INTERVAL_MS = 250;
/**
 * How often a process reads the other processes' lookups from the sealed trail into its
 * input-pattern windows: with the sealer's interval, a lookup reaches the other processes'
 * windows within about half a second.
 */
const PATTERN_FEED_INTERVAL_MS = 250;

type Closer = () => Promise<void> | void;

interface Lifecycle {
  /** Registers how to close what was just started; closed in reverse order. */
  readonly onStop: (close: Closer) => void;
  readonly stopRequested: () => boolean;
  /** Where stopping is reported once the server's logger exists. */
  readonly useLog: (log: (message: string) => void) => void;
}

/**
 * Wiring: config → database → migrations (→ demo on an empty embedded database) → HTTP. Each
 * thing started registers how to close it; a stop requested during a long start (the demo
 * load) is checked between the steps and skips what is left.
 */
async function start(
  { onStop, stopRequested, useLog }: Lifecycle,
  sandbox: SandboxServer | undefined,
): Promise<void> {
  const loaded = loadConfig();
  if (sandbox && loaded.databaseUrl) {
    process.stdout.write(
      'Sandbox selalu memakai basis data tertanam di foldernya sendiri: DATABASE_URL diabaikan\n',
    );
  }
  // The sandbox: embedded, on its own folder and port; never the register's database.
  const config = sandbox
    ? {
        ...loaded,
        databaseUrl: undefined,
        databaseOwnerUrl: undefined,
        dataDir: sandbox.dataDir,
        port: sandbox.port,
        host: sandbox.host ?? loaded.host,
      }
    : loaded;
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    worker: config.pgliteWorker,
  });
  onStop(() => database.close());
  if (stopRequested()) return;
  // As the owner role over a connection of its own when DATABASE_OWNER_URL is set.
  await migrateAsOwner(database.db, config.databaseOwnerUrl);
  const deps = makeDeps(config, database.db);
  if (stopRequested()) return;
  if (sandbox) {
    await prepareSandbox(deps, {
      password: config.sandboxPassword,
      residents: sandbox.residents,
      accessPoints: sandbox.accessPoints,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } else if (database.engine === 'pglite') {
    await seedDemoIfEmpty(deps, {
      password: config.demoPassword,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  }
  if (stopRequested()) return;
  // Read the region codes now rather than during the first officer's lookup.
  loadRegions();
  // One SMTP transport for the mail jobs and what the portal mails at once (the DG report).
  const mailer = config.mail ? createMailer(config.mail) : undefined;
  if (mailer) onStop(() => mailer.close());
  const app = await buildApp(deps, { ...config, mailer, sandbox: sandbox !== undefined });
  useLog((message) => app.log.info(message));
  // Fastify's close stops accepting connections, lets the requests in flight finish, and runs
  // the onClose hooks (the data-balikan upload queue stops there).
  onStop(() => app.close());
  // Least privilege: warn when the server's role could rewrite the audit trail (PostgreSQL;
  // the embedded database has no roles).
  if (database.engine === 'postgresql') {
    const warning = await checkAuditPrivileges(deps);
    if (warning) app.log.warn(warning);
  }
  if (!config.secretKey && database.engine === 'postgresql') {
    app.log.warn(
      'GERBANG_SECRET_KEY tidak diatur: rahasia TOTP disegel dengan kunci yang disimpan di basis data itu sendiri',
    );
  }
  // Mail jobs, only when SMTP is configured (everything they send is also in the portal): the
  // deadline reminders, and the input-pattern alerts to Dukcapil's address (an outbox on a
  // timer, never inside a lookup; each alert mailed once across restarts and servers).
  if (mailer) {
    const log = {
      info: (message: string) => app.log.info(message),
      error: (message: string) => app.log.error(message),
    };
    const reminders = startReminderTimer(deps, {
      mailer,
      dukcapilAddress: config.dukcapilEmail,
      log,
    });
    onStop(() => reminders.stop());
    // The head's e-mail of the SAM-return tasks an agreement's end opened.
    const returnNotices = startReturnNoticeTimer(deps, {
      mailer,
      dukcapilAddress: config.dukcapilEmail,
      log,
    });
    onStop(() => returnNotices.stop());
    if (config.dukcapilEmail) {
      const alertMail = startAlertMailTimer(deps, {
        mailer,
        dukcapilAddress: config.dukcapilEmail,
        log,
      });
      onStop(() => alertMail.stop());
      // Submitted usage reports to Dukcapil's report address, with their PDF and XLSX.
      const reportMail = startReportMailTimer(deps, {
        mailer,
        dukcapilAddress: config.dukcapilEmail,
        log,
      });
      onStop(() => reportMail.stop());
    }
    // The report to the Director General, retried when subdit MED's mail server refused it.
    if (config.subditMedEmail) {
      const dgMail = startDgReportMailTimer(deps, { mailer, address: config.subditMedEmail, log });
      onStop(() => dgMail.stop());
    }
  }
  // The daily summaries of the audit trail that the usage reports read (docs/REPORTS.md).
  const summaries = startSummaryTimer(deps, { error: (message) => app.log.error(message) });
  onStop(() => summaries.stop());
  // Agreements whose end date passed without a timely extension request are recorded as ended,
  // with the end cascade (readers suspended, SAM returns opened): every hour, idempotent, safe
  // with several servers on one database (services/agreements/lapse.ts).
  const lapse = startLapseTimer(deps, {
    info: (message) => app.log.info(message),
    error: (message) => app.log.error(message),
  });
  onStop(() => lapse.stop());
  if (config.oversight) {
    // The input-pattern policy's windows, from the audit trail; with several processes on one
    // PostgreSQL database, the others' lookups follow from the sealed trail.
    const loaded = await loadPatternWindows(deps);
    app.log.info(`Jendela pola input dibaca dari jejak audit: ${loaded.windows}`);
    if (database.engine === 'postgresql') {
      const feed = followSealedTrail(deps, {
        from: loaded.from,
        intervalMs: PATTERN_FEED_INTERVAL_MS,
        log: { error: (message) => app.log.error(message) },
      });
      onStop(() => feed.stop());
    }
    // The audit trail's sealer: off the lookup's path, one sealing process at a time per database.
    const signer = await auditSigner(deps);
    app.log.info(`Kunci publik jejak audit: ${verifierKey(signer.key)}`);
    if (signer.keptInDatabase && database.engine === 'postgresql') {
      app.log.warn(
        'GERBANG_AUDIT_KEY tidak diatur: kunci penanda tangan checkpoint audit disimpan di basis data itu sendiri, sehingga pemilik basis data dapat menandatangani jejak yang ditulis ulang',
      );
    }
    const sealer = startSealer(deps, signer, {
      intervalMs: SEAL_INTERVAL_MS,
      log: { error: (message) => app.log.error(message) },
    });
    onStop(() => sealer.stop());
  } else {
    app.log.warn(
      'GERBANG_OVERSIGHT=off: kebijakan pola input dan penyegel jejak audit tidak berjalan (hanya untuk pengukuran)',
    );
  }
  if (stopRequested()) return;
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(
    sandbox
      ? `Sandbox Gerbang (LINGKUNGAN UJI, data sintetis) melayani di ${address} (folder: ${config.dataDir})`
      : `Gerbang melayani di ${address} (basis data: ${database.engine})`,
  );
}

/** Runs the server until a signal stops it: `npm start`, `gerbang serve`, `gerbang sandbox`. */
export function runServer(sandbox?: SandboxServer): void {
  const closers: Closer[] = [];
  let stopping: Promise<void> | undefined;
  let log: (message: string) => void = (message) => void process.stdout.write(`${message}\n`);
  const started = start(
    {
      onStop: (close) => void closers.push(close),
      stopRequested: () => stopping !== undefined,
      useLog: (appLog) => {
        log = appLog;
      },
    },
    sandbox,
  );
  started.catch((error: unknown) => {
    if (stopping) return;
    process.stderr.write(
      `Gerbang gagal dijalankan: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    // process.exit runs the 'exit' listeners: the embedded database's lock file goes with it.
    process.exit(1);
  });

  // SIGTERM from a service manager, SIGINT from Ctrl-C. One stop however many signals: npm in
  // a terminal passes Ctrl-C on, so the server receives it from the terminal and from npm.
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    log(`Gerbang berhenti (${signal}): menyelesaikan permintaan yang sedang berjalan`);
    setTimeout(() => {
      process.stderr.write(
        `Gerbang tidak berhenti dalam ${STOP_TIMEOUT_MS / 1000} detik; dihentikan paksa\n`,
      );
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    // Let the start-up step in progress finish (it skips the rest), then close in reverse.
    stopping = started
      .catch(() => {})
      .then(async () => {
        // Every step runs even when one fails: the database still closes, its lock goes.
        let failed = false;
        for (const close of closers.reverse()) {
          try {
            await close();
          } catch (error) {
            failed = true;
            process.stderr.write(
              `Gerbang gagal berhenti dengan rapi: ${error instanceof Error ? error.stack : String(error)}\n`,
            );
          }
        }
        if (failed) process.exit(1);
        log('Gerbang berhenti');
        process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
