import { PGlite, types, type Results } from '@electric-sql/pglite';
import { batchStatement } from './statement-batch.js';
import { executeText, prepareText, preparedName } from './prepared-statements.js';

/** What a statement answers, in the shape Kysely's PostgreSQL dialect reads. */
export interface StatementResult {
  readonly command: string;
  readonly rowCount: number;
  readonly rows: unknown[];
}

/** The embedded database as PGlitePool uses it: here (PGliteSession) or in a worker thread. */
export interface EmbeddedDatabase {
  query(sql: string, parameters: readonly unknown[]): Promise<StatementResult>;
  /** The data folder as a gzip tarball (`gerbang backup`). */
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * One PGlite instance and the statements it has prepared. PGlite parses and plans a statement
 * sent with `query()` on every call (an unnamed Parse): for the lookup CTE that was about
 * 15 ms a call, prepared about 2 ms. A statement marked with `preparedAs` is therefore
 * prepared once (`PREPARE`) and run with `EXECUTE`, the same texts as PostgreSQL's batch
 * (store/prepared-statements.ts).
 */
export class PGliteSession implements EmbeddedDatabase {
  /** Prepared in this session. `DISCARD ALL` forgets them: a PGlite reused after one gets a new session. */
  private readonly prepared = new Set<string>();

  constructor(readonly pglite: PGlite) {}

  /** `loadDataDir`: start from a dump made by `dumpDataDir()` (tests' migrated template). */
  static async open(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGliteSession> {
    const pglite = await PGlite.create(dataDir, {
      ...(loadDataDir ? { loadDataDir } : {}),
      // Same value shapes as the `pg` driver is configured for in db.ts.
      parsers: {
        [types.DATE]: (value: string) => value,
        [types.INT8]: (value: string) => Number(value),
      },
    });
    return new PGliteSession(pglite);
  }

  async query(sql: string, parameters: readonly unknown[]): Promise<StatementResult> {
    // A batch (statement-batch.ts): the statement once per parameter list, in one transaction.
    const batched = batchStatement(sql);
    if (batched !== undefined) {
      const results = await this.execute(batched, parameters as unknown[][]);
      return {
        command: 'SELECT',
        rowCount: results.length,
        rows: results.map((result) => result.rows[0]),
      };
    }
    // A marked statement runs prepared. A parameterless text may hold several statements (a
    // migration file): like `pg`, it goes by the simple protocol, answered with the last result.
    const result = preparedName(sql)
      ? (await this.execute(sql, [parameters as unknown[]])).at(-1)!
      : parameters.length === 0
        ? (await this.pglite.exec(sql)).at(-1)!
        : await this.pglite.query(sql, parameters as unknown[]);
    // Kysely reads the command only to report affected rows of a plain INSERT, UPDATE,
    // DELETE or MERGE; PGlite does not return the tag, and those statements begin with it.
    return {
      command: sql.trimStart().slice(0, 6).toUpperCase(),
      rowCount: result.affectedRows ?? result.rows.length,
      rows: result.rows,
    };
  }

  /** The marked statement once per parameter list, prepared first if this session has not. */
  private async execute(statement: string, lists: readonly unknown[][]): Promise<Results[]> {
    const name = preparedName(statement);
    if (!name) throw new Error('a batch needs a statement marked with preparedAs');
    if (lists.length === 0) return [];
    const script = executeText(name, lists);
    if (!this.prepared.has(name)) await this.prepare(name, statement);
    try {
      return await this.pglite.exec(script);
    } catch (error) {
      // Dropped behind this session's back (`DISCARD ALL`, `DEALLOCATE`): prepared again,
      // unless the failure aborted a transaction, which must then be rolled back first.
      if ((error as { code?: string }).code !== '26000' || this.pglite.isInTransaction())
        throw error;
      await this.prepare(name, statement);
      return await this.pglite.exec(script);
    }
  }

  private async prepare(name: string, statement: string): Promise<void> {
    await this.pglite.exec(prepareText(name, statement));
    this.prepared.add(name);
  }

  dumpDataDir(): Promise<Blob> {
    return this.pglite.dumpDataDir('gzip');
  }

  close(): Promise<void> {
    return this.pglite.close();
  }
}
