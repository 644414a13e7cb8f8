import { loadConfig, type Config } from '../config.js';
import { makeDeps, type Deps } from '../services/deps.js';
import { openDatabase, type DatabaseTarget, type OpenDatabase } from '../store/db.js';
import { migrateAsOwner } from '../store/migrate.js';

type DatabaseOpener = (target: DatabaseTarget) => Promise<OpenDatabase>;
let opener: DatabaseOpener = openDatabase;

/**
 * Tests only: how commands run in the test's own process open their database (undefined:
 * openDatabase again). Starting embedded PGlite on a folder takes most of a short command's
 * time, so such tests hand the commands one PGlite kept open for the whole test file. The
 * `gerbang` command itself never calls this.
 */
export function setDatabaseOpenerForTests(open: DatabaseOpener | undefined): void {
  opener = open ?? openDatabase;
}

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
  const open = await opener({
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
