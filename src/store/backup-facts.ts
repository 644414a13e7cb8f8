import { sql } from 'kysely';
import type { Executor } from './db.js';

/**
 * What a backup records of the database it copies, and what a restore checks the copy
 * against before it replaces anything: the migrations applied, the row counts of the
 * population and of the audit trail (records and sealed leaves), and whether the audit
 * signing key's private half is kept in the database (it then travels with the backup).
 */
export interface BackupFacts {
  readonly migrations: string[];
  readonly counts: {
    readonly resident: number;
    readonly app_user: number;
    readonly audit_log: number;
    readonly admin_action: number;
    readonly audit_seal_leaf: number;
  };
  readonly auditKeyInDatabase: boolean;
}

/** Undefined when the database has never been migrated (nothing of Gerbang's in it). */
export async function readBackupFacts(db: Executor): Promise<BackupFacts | undefined> {
  const migrated = await sql<{ present: boolean }>`
    SELECT to_regclass('public.schema_migration') IS NOT NULL AS present`.execute(db);
  if (!migrated.rows[0]?.present) return undefined;
  const migrations = await db
    .selectFrom('schema_migration')
    .select('name')
    .orderBy('name')
    .execute();
  const counts = await sql<BackupFacts['counts']>`
    SELECT (SELECT count(*) FROM resident)::int AS resident,
           (SELECT count(*) FROM app_user)::int AS app_user,
           (SELECT count(*) FROM audit_log)::int AS audit_log,
           (SELECT count(*) FROM admin_action)::int AS admin_action,
           (SELECT count(*) FROM audit_seal_leaf)::int AS audit_seal_leaf`.execute(db);
  const kept = await db
    .selectFrom('audit_signing_key')
    .select('key_id')
    .where('private_key', 'is not', null)
    .executeTakeFirst();
  return {
    migrations: migrations.map((row) => row.name),
    counts: counts.rows[0]!,
    auditKeyInDatabase: kept !== undefined,
  };
}

/** Writes what is in memory and in the WAL to the data files, so that a copy starts clean. */
export async function checkpoint(db: Executor): Promise<void> {
  await sql`CHECKPOINT`.execute(db);
}
