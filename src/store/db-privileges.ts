import { sql } from 'kysely';
import type { Executor } from './db.js';

/** What the connected role may do to one table that would rewrite it. */
export interface TableRewriteRights {
  readonly table_name: string;
  readonly can_update: boolean;
  readonly can_delete: boolean;
  readonly can_truncate: boolean;
  /**
   * The role owns the table or may act as its owner (a member of the owning role, or a
   * superuser): then it may also ALTER TABLE … DISABLE TRIGGER, grant itself anything, drop it.
   */
  readonly owns: boolean;
}

/** The role this connection acts as (PostgreSQL's current_user). */
export async function currentRole(db: Executor): Promise<string> {
  const result = await sql<{ role: string }>`SELECT current_user AS role`.execute(db);
  return result.rows[0]!.role;
}

/**
 * The rewriting rights of the connected role on the named tables (resolved through the
 * search path; a name that is not a table is left out).
 */
export async function tableRewriteRights(
  db: Executor,
  tables: readonly string[],
): Promise<TableRewriteRights[]> {
  const result = await sql<TableRewriteRights>`
    SELECT c.relname AS table_name,
           has_table_privilege(c.oid, 'UPDATE') AS can_update,
           has_table_privilege(c.oid, 'DELETE') AS can_delete,
           has_table_privilege(c.oid, 'TRUNCATE') AS can_truncate,
           pg_has_role(c.relowner, 'MEMBER') AS owns
    FROM unnest(${[...tables]}::text[]) WITH ORDINALITY AS t (name, n)
    JOIN pg_class c ON c.oid = to_regclass(t.name)
    ORDER BY t.n`.execute(db);
  return result.rows;
}
