import { loadConfig } from './config.js';
import { systemClock } from './domain/time.js';
import { buildApp } from './app.js';
import { seedDemoIfEmpty } from './services/demo/demo.js';
import { createMailer } from './services/mail/mailer.js';
import { startReminderTimer, type ReminderTimer } from './services/deadlines/reminders.js';
import { openDatabase } from './store/db.js';
import { migrate } from './store/migrate.js';
import { allRegions } from './reference/regions.js';

/** Wiring: config → database → migrations (→ demo on an empty embedded database) → HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  await migrate(database.db);
  const deps = {
    db: database.db,
    clock: systemClock,
    tokenTtlSeconds: config.tokenTtlSeconds,
    sessionTtlSeconds: config.sessionTtlSeconds,
    secretKey: config.secretKey,
  };
  if (database.engine === 'pglite') {
    await seedDemoIfEmpty(deps, {
      password: config.demoPassword,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  }
  // Read the region codes now rather than during the first officer's lookup.
  allRegions();
  const app = await buildApp(deps, config);
  if (!config.secretKey && database.engine === 'postgresql') {
    app.log.warn(
      'GERBANG_SECRET_KEY tidak diatur: rahasia TOTP disegel dengan kunci yang disimpan di basis data itu sendiri',
    );
  }
  // Deadline reminders by e-mail, only when SMTP is configured (always shown in the portal).
  const mailer = config.mail ? createMailer(config.mail) : undefined;
  const reminders: ReminderTimer | undefined = mailer
    ? startReminderTimer(deps, {
        mailer,
        dukcapilAddress: config.dukcapilEmail,
        log: {
          info: (message) => app.log.info(message),
          error: (message) => app.log.error(message),
        },
      })
    : undefined;
  const close = async () => {
    await reminders?.stop();
    mailer?.close();
    await app.close();
    await database.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`Gerbang melayani di ${address} (basis data: ${database.engine})`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Gerbang gagal dijalankan: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
