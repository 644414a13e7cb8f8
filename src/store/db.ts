import fs from 'node:fs';
import path from 'node:path';
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
  client.query = ((text: unknown, values?: unknown[], ...rest: unknown[]) => {
    const name = typeof text === 'string' ? PREPARED.exec(text)?.[1] : undefined;
    return name ? query({ name, text: text as string, values }) : original(text, values, ...rest);
  }) as typeof client.query;
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
