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

/**
 * A statement on the hot path starts with this comment to be sent as a named prepared
 * statement: PostgreSQL then parses and plans it once per connection instead of on every
 * call (for the lookup CTE that was most of its cost). PGlite ignores the comment.
 */
export const preparedAs = (name: string) => `/* prepared:${name} */`;
const PREPARED = /^\/\* prepared:([a-z_]+) \*\//;

function sendMarkedAsPrepared(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown[], ...rest: unknown[]) => {
    const name = typeof text === 'string' ? PREPARED.exec(text)?.[1] : undefined;
    return name ? query({ name, text: text as string, values }) : original(text, values, ...rest);
  }) as typeof client.query;
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.url) {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 16 });
    pool.on('connect', sendMarkedAsPrepared);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgresql', close: () => db.destroy() };
  }
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  const pool = await PGlitePool.open(target.dataDir);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'pglite', close: () => db.destroy() };
}
