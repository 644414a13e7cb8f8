import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { batchStatement } from './statement-batch.js';
import { executeText, prepareText, preparedName } from './prepared-statements.js';
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
  /**
   * PGlite: run it in a worker thread (store/pglite-thread.ts), so that its statements do not
   * hold up this thread's HTTP work. The server does (GERBANG_PGLITE_WORKER); the CLI's
   * commands and the tests, which do one thing at a time, keep it here and start faster.
   */
  readonly worker?: boolean;
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
 * A statement marked with `preparedAs` (store/prepared-statements.ts) goes as a named
 * prepared statement of the extended protocol: parsed and planned once per connection.
 */
function sendMarkedAsPrepared(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  const batches = new Set<string>();
  client.query = ((text: unknown, values?: unknown[], ...rest: unknown[]) => {
    const batched = batchStatement(text);
    if (batched !== undefined) return runBatch(client, batches, batched, values as unknown[][]);
    const name = preparedName(text);
    return name ? query({ name, text: text as string, values }) : original(text, values, ...rest);
  }) as typeof client.query;
}

/**
 * A batch (store/statement-batch.ts) on PostgreSQL: the statement prepared once per connection
 * under the name its text is marked with, then one EXECUTE per parameter list, all in one
 * simple-protocol message (store/prepared-statements.ts). Its name differs from the single
 * statement's, which the extended protocol prepares in the same namespace.
 */
async function runBatch(
  client: pg.PoolClient,
  prepared: Set<string>,
  statement: string,
  lists: readonly unknown[][],
): Promise<{ command: 'SELECT'; rowCount: number; rows: unknown[] }> {
  const name = preparedName(statement);
  if (!name) throw new Error('a batch needs a statement marked with preparedAs');
  const batchName = `${name}_batch`;
  const send = client.query.bind(client) as (text: string) => Promise<unknown>;
  if (!prepared.has(batchName)) {
    await send(prepareText(batchName, statement));
    prepared.add(batchName);
  }
  const answered = (await send(executeText(batchName, lists))) as pg.QueryResult | pg.QueryResult[];
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
    const pool = await PGlitePool.open(target.dataDir, target.loadDataDir, target.worker);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'pglite',
      dumpDataDir: () => pool.database.dumpDataDir(),
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
