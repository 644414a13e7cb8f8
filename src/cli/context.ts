import { loadConfig, type Config } from '../config.js';
import { openDatabase, type OpenDatabase } from '../store/db.js';
import { migrate } from '../store/migrate.js';

/** Opens the configured database, brought up to date, for one CLI command, and closes it after. */
export async function withDatabase<T>(
  run: (open: OpenDatabase, config: Config) => Promise<T>,
  options: { migrate: boolean } = { migrate: true },
): Promise<T> {
  const config = loadConfig();
  const open = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  try {
    if (options.migrate) await migrate(open.db);
    return await run(open, config);
  } finally {
    await open.close();
  }
}
