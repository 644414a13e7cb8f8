import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';

/**
 * A fresh, migrated database for one test file: PostgreSQL when DATABASE_URL is set (a new
 * database created on that server and dropped afterwards), otherwise in-memory PGlite.
 */
export interface TestDatabase extends OpenDatabase {
  /** Connection string of the fresh PostgreSQL database, when on PostgreSQL. */
  readonly url: string | undefined;
  drop(): Promise<void>;
}

export const serverUrl = process.env.DATABASE_URL || undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!serverUrl) {
    const open = await openDatabase({});
    await migrate(open.db);
    return { ...open, url: undefined, drop: () => open.close() };
  }
  const name = `gerbang_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const open = await openDatabase({ url, poolSize: 20 });
  await migrate(open.db);
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

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
