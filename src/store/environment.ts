import { sql } from 'kysely';
import type { Executor } from './db.js';

/** What this database is (migration 027): a row only in a PoC sandbox. */

export async function isSandboxDatabase(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('deployment_environment')
    .select('kind')
    .where('kind', '=', 'SANDBOX')
    .executeTakeFirst();
  return row !== undefined;
}

export async function markSandboxDatabase(db: Executor, at: Date): Promise<void> {
  await db
    .insertInto('deployment_environment')
    .values({ kind: 'SANDBOX', created_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Keeps an agency's count of the day at its limit (the sandbox's agency whose quota is
 * always used up): shard 0 holds a limited agency's count (store/lookup.ts).
 */
export async function fillQuota(
  db: Executor,
  agencyCode: string,
  day: string,
  limit: number,
): Promise<void> {
  await sql`
    INSERT INTO quota_usage AS qu (agency_id, day, shard, used)
    SELECT a.id, ${day}::date, 0, ${limit}::int FROM agency a WHERE a.code = ${agencyCode}
    ON CONFLICT (agency_id, day, shard) DO UPDATE SET used = greatest(qu.used, excluded.used)`.execute(
    db,
  );
}
