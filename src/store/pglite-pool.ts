import { PGliteSession, type EmbeddedDatabase } from './pglite-session.js';
import { PGliteThread } from './pglite-thread.js';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite is one PostgreSQL backend: one session, no concurrency. This adapter lets Kysely's
 * own PostgreSQL dialect drive it by handing out that single session to one caller at a time,
 * so a transaction is never interleaved with another caller's statements — the same guarantee
 * a pooled connection gives on a real server.
 */
export class PGlitePool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly database: EmbeddedDatabase) {}

  /**
   * `loadDataDir`: start from a dump made by `dumpDataDir()` (tests' migrated template);
   * `worker`: PGlite in a worker thread (store/pglite-thread.ts) instead of this one.
   */
  static async open(
    dataDir: string | undefined,
    loadDataDir?: Blob,
    worker = false,
  ): Promise<PGlitePool> {
    return new PGlitePool(await (worker ? PGliteThread : PGliteSession).open(dataDir, loadDataDir));
  }

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    const database = this.database;
    let released = false;
    return {
      async query<R>(sql: string, parameters: ReadonlyArray<unknown>) {
        return (await database.query(sql, parameters)) as PostgresQueryResult<R>;
      },
      release() {
        if (released) return;
        released = true;
        release();
      },
    } as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.queue;
    await this.database.close();
  }
}
