import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { batchStatement } from './statement-batch.js';
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
  /**
   * PGlite: start from this `dumpDataDir()` tarball (the tests' migrated template); the
   * folder, if one is given, must be empty.
   */
  readonly loadDataDir?: Blob | undefined;
}

export interface OpenDatabase {
  readonly db: Db;
  readonly engine: 'postgresql' | 'pglite';
  close(): Promise<void>;
  /** PGlite only: the data folder as a gzip tarball (`gerbang backup`), between statements. */
  readonly dumpDataDir?: () => Promise<Blob>;
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
  const batches = new Set<string>();
  client.query = ((text: unknown, values?: unknown[], ...rest: unknown[]) => {
    const batched = batchStatement(text);
    if (batched !== undefined) return runBatch(client, batches, batched, values as unknown[][]);
    const name = typeof text === 'string' ? PREPARED.exec(text)?.[1] : undefined;
    return name ? query({ name, text: text as string, values }) : original(text, values, ...rest);
  }) as typeof client.query;
}

/** A number, boolean or text as its text; anything else is not a lookup's parameter. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`a batch cannot send a ${typeof value} parameter`);
}

/** A one-dimensional array as PostgreSQL's array input reads it (the lookup's are text[]). */
function arrayLiteral(items: readonly unknown[]): string {
  const element = (item: unknown) =>
    item === null || item === undefined
      ? 'NULL'
      : `"${scalarText(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `{${items.map(element).join(',')}}`;
}

/** A parameter as the text PostgreSQL would receive for it, as a quoted literal. */
function literal(client: pg.PoolClient, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = Buffer.isBuffer(value)
    ? `\\x${value.toString('hex')}`
    : value instanceof Date
      ? value.toISOString()
      : Array.isArray(value)
        ? arrayLiteral(value)
        : scalarText(value);
  return client.escapeLiteral(text);
}

/**
 * A batch (store/statement-batch.ts) on PostgreSQL: the statement prepared once per connection
 * under the name its text is marked with, then one EXECUTE per parameter list, all in one
 * simple-protocol message — which PostgreSQL runs as one transaction, committed once after
 * the last statement (or not at all when one fails). The parameters go as quoted literals of
 * the text the extended protocol would send, so each run sees the same values.
 */
async function runBatch(
  client: pg.PoolClient,
  prepared: Set<string>,
  statement: string,
  lists: readonly unknown[][],
): Promise<{ command: 'SELECT'; rowCount: number; rows: unknown[] }> {
  const name = PREPARED.exec(statement)?.[1];
  if (!name) throw new Error('a batch needs a statement marked with preparedAs');
  const batchName = `${name}_batch`;
  const send = client.query.bind(client) as (text: string) => Promise<unknown>;
  if (!prepared.has(batchName)) {
    await send(`PREPARE ${batchName} AS ${statement}`);
    prepared.add(batchName);
  }
  const script = lists
    .map((values) => `EXECUTE ${batchName}(${values.map((v) => literal(client, v)).join(', ')})`)
    .join(';\n');
  const answered = (await send(script)) as pg.QueryResult | pg.QueryResult[];
  const results = Array.isArray(answered) ? answered : [answered];
  return {
    command: 'SELECT',
    rowCount: results.length,
    rows: results.map((r) => r.rows[0] as unknown),
  };
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.url) {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 16 });
    pool.on('connect', sendMarkedAsPrepared);
    // An idle connection dropped by the server (restart, admin command) must not crash the
    // process: the pool replaces it on the next checkout.
    pool.on('error', (error) => {
      process.stderr.write(`Koneksi basis data terputus: ${error.message}\n`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgresql', close: () => db.destroy() };
  }
  const unlock = target.dataDir ? lockDataDir(target.dataDir) : () => {};
  try {
    const pool = await PGlitePool.open(target.dataDir, target.loadDataDir);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'pglite',
      dumpDataDir: () => pool.pglite.dumpDataDir('gzip'),
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is a database inside one process: a second process opening the same folder would
 * silently lose writes (audit records among them). A lock file holding the owner's pid turns
 * that into a clear refusal; a lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'gerbang.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      const release = () => fs.rmSync(lockFile, { force: true });
      process.once('exit', release);
      return () => {
        process.removeListener('exit', release);
        release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new Error(
          `Basis data tertanam di ${dataDir} sedang dipakai proses lain (pid ${owner}). ` +
            'Hentikan proses itu (mis. server) lebih dulu, atau gunakan PostgreSQL melalui DATABASE_URL.',
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Kunci basis data tertanam ${lockFile} tidak dapat diambil`);
}
