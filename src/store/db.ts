import fs from 'node:fs';
import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { PGlitePool } from './pglite-pool.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Store functions take either the database or an open transaction as their first argument. */
export type Executor = Db | Tx;

export interface DatabaseTarget {
  /** PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  readonly url?: string | undefined;
  /** Folder of the embedded database; `undefined` keeps it in memory (tests). */
  readonly dataDir?: string | undefined;
  readonly poolSize?: number;
}

export interface OpenDatabase {
  readonly db: Db;
  readonly engine: 'postgresql' | 'pglite';
  close(): Promise<void>;
}

// DATE as its ISO text (no time-zone shifts through JS Date); BIGINT counts as numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.url) {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 16 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgresql', close: () => db.destroy() };
  }
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  const pool = await PGlitePool.open(target.dataDir);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'pglite', close: () => db.destroy() };
}
