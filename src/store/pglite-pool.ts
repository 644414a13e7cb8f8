import { PGlite, types } from '@electric-sql/pglite';
import { batchStatement } from './statement-batch.js';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite is one PostgreSQL backend in this process: one session, no concurrency. This
 * adapter lets Kysely's own PostgreSQL dialect drive it by handing out that single session
 * to one caller at a time, so a transaction is never interleaved with another caller's
 * statements — the same guarantee a pooled connection gives on a real server.
 */
export class PGlitePool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  /** `loadDataDir`: start from a dump made by `dumpDataDir()` (tests' migrated template). */
  static async open(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlitePool> {
    const pglite = await PGlite.create(dataDir, {
      ...(loadDataDir ? { loadDataDir } : {}),
      // Same value shapes as the `pg` driver is configured for in db.ts.
      parsers: {
        [types.DATE]: (value: string) => value,
        [types.INT8]: (value: string) => Number(value),
      },
    });
    return new PGlitePool(pglite);
  }

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    const pglite = this.pglite;
    let released = false;
    return {
      async query<R>(sql: string, parameters: ReadonlyArray<unknown>) {
        // A batch (statement-batch.ts): the statement once per parameter list, in one transaction.
        const batched = batchStatement(sql);
        if (batched !== undefined) {
          const rows = await pglite.transaction(async (tx) => {
            const firstRows: R[] = [];
            for (const values of parameters as unknown[][])
              firstRows.push((await tx.query<R>(batched, values)).rows[0]!);
            return firstRows;
          });
          return { command: 'SELECT', rowCount: rows.length, rows } as PostgresQueryResult<R>;
        }
        // A parameterless text may hold several statements (a migration file): like `pg`,
        // send it with the simple protocol and answer with the last statement's result.
        const result =
          parameters.length === 0
            ? (await pglite.exec(sql)).at(-1)!
            : await pglite.query<R>(sql, parameters as unknown[]);
        // Kysely reads the command only to report affected rows of a plain INSERT, UPDATE,
        // DELETE or MERGE; PGlite does not return the tag, and those statements begin with it.
        const command = sql.trimStart().slice(0, 6).toUpperCase();
        return {
          command: command as PostgresQueryResult<R>['command'],
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows as R[],
        };
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
    await this.pglite.close();
  }
}
