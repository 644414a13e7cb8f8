import type { Executor } from './db.js';

/** Hits counted for an agency on a WIB day, over all shards. */
export async function sumQuotaUsage(db: Executor, agencyId: number, day: string): Promise<number> {
  const row = await db
    .selectFrom('quota_usage')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('used'), eb.lit(0)).as('used'))
    .where('agency_id', '=', agencyId)
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return Number(row.used);
}
