import { loadConfig, type Config } from '../config.js';
import { makeDeps, type Deps } from '../services/deps.js';
import { openDatabase, type OpenDatabase } from '../store/db.js';
import { migrateAsOwner } from '../store/migrate.js';

/**
 * Opens the configured database, brought up to date, for one CLI command, and closes it
 * after. The command's use cases get the same deps as the server's (makeDeps: real clock,
 * configured key).
 */
export async function withDatabase<T>(
  run: (open: OpenDatabase, config: Config, deps: Deps) => Promise<T>,
  options: { migrate: boolean } = { migrate: true },
): Promise<T> {
  const config = loadConfig();
  const open = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  try {
    // As the owner role when DATABASE_OWNER_URL is set; the command runs as DATABASE_URL.
    if (options.migrate) await migrateAsOwner(open.db, config.databaseOwnerUrl);
    return await run(open, config, makeDeps(config, open.db));
  } finally {
    await open.close();
  }
}
