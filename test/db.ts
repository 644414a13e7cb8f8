import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type OpenDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';

/**
 * A fresh, migrated database for one test file: PostgreSQL when DATABASE_URL is set (a new
 * database created on that server and dropped afterwards), otherwise in-memory PGlite.
 *
 * Migrations run once per test run (test/global-setup.ts); each database here is a copy of
 * that migrated template: `CREATE DATABASE … TEMPLATE` on PostgreSQL, PGlite started from the
 * template's `dumpDataDir()` tarball. Without a template (a config that does not run the
 * global setup) the database is migrated here, as before.
 */
export interface TestDatabase extends OpenDatabase {
  /** Connection string of the fresh PostgreSQL database, when on PostgreSQL. */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

export const serverUrl = process.env.DATABASE_URL || undefined;

const template = inject('testDatabaseTemplate');
let pgliteDump: Blob | undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!serverUrl) {
    if (template?.engine === 'pglite') pgliteDump ??= new Blob([fs.readFileSync(template.file)]);
    const open = await openDatabase({ loadDataDir: pgliteDump });
    if (!pgliteDump) await migrate(open.db);
    return { ...open, url: undefined, drop: () => open.close() };
  }
  const name = `gerbang_test_${crypto.randomBytes(6).toString('hex')}`;
  const copied = template?.engine === 'postgresql';
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${copied ? ` TEMPLATE ${template.name}` : ''}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const open = await openDatabase({ url, poolSize: 20 });
  if (!copied) await migrate(open.db);
  return {
    ...open,
    url,
    async drop() {
      await open.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A folder holding the migrated template as PGlite leaves it when closed, made once per test
 * worker (unpacking the tarball through PGlite takes about two seconds; copying the folder,
 * about half that). It lies beside the template's tarball, whose folder the global setup
 * removes at the end of the run.
 */
let seededFolder: Promise<string> | undefined;

async function makeSeededFolder(templateFile: string): Promise<string> {
  const folder = fs.mkdtempSync(path.join(path.dirname(templateFile), 'seeded-'));
  pgliteDump ??= new Blob([fs.readFileSync(templateFile)]);
  const open = await openDatabase({ dataDir: folder, loadDataDir: pgliteDump });
  await open.close();
  return folder;
}

/**
 * Fills the empty folder `dataDir` with the migrated template, as an embedded database that
 * has been started before: a test of what runs on such a folder (the CLI) is spared PGlite's
 * initdb and the migrations. Does nothing without a PGlite template (the folder then starts
 * empty, as on a first start).
 */
export async function seedDataDir(dataDir: string): Promise<void> {
  if (template?.engine !== 'pglite') return;
  seededFolder ??= makeSeededFolder(template.file);
  fs.cpSync(await seededFolder, dataDir, { recursive: true });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
