import { sql } from 'kysely';
import { accessedResponsesSql } from './data-balikan.js';
import type { Executor, Tx } from './db.js';

/*
 * The daily summaries of the audit trail (migration 028, docs/REPORTS.md): one closed WIB day
 * at a time, the day's LOOKUP rows grouped into audit_daily_summary and audit_daily_purpose,
 * each NIK's first access added to audit_first_access, and audit_summary_state moved to the
 * next midnight — in one transaction, under the state row's lock, so two processes never count
 * a day twice and a reader sees a day either wholly in the summaries or wholly in the tail.
 */

/** Locks the state row and returns how far the summaries reach (null: nothing yet). */
export async function lockSummaryState(tx: Tx): Promise<Date | null> {
  const result = await sql<{ summarized_until: Date | null }>`
    SELECT summarized_until FROM audit_summary_state WHERE id FOR UPDATE`.execute(tx);
  return result.rows[0]?.summarized_until ?? null;
}

/** The earliest LOOKUP row's instant, or undefined when there is none. */
export async function firstLookupAt(db: Executor): Promise<Date | undefined> {
  const result = await sql<{ at: Date | null }>`SELECT min(at) AS at FROM audit_log`.execute(db);
  return result.rows[0]?.at ?? undefined;
}

/** The first LOOKUP row at or after `from`, or undefined (to skip empty days at once). */
export async function nextRowAt(db: Executor, from: Date): Promise<Date | undefined> {
  const result = await sql<{ at: Date }>`
    SELECT at FROM audit_log WHERE at >= ${from}::timestamptz ORDER BY at LIMIT 1`.execute(db);
  return result.rows[0]?.at;
}

/** Adds the rows of [start, end) to the summaries and sets the state to `end`. */
export async function summarizeRange(tx: Tx, start: Date, end: Date, now: Date): Promise<void> {
  const range = sql`a.action = 'LOOKUP' AND a.agreement_id IS NOT NULL
    AND a.at >= ${start}::timestamptz AND a.at < ${end}::timestamptz`;
  const day = sql`(((a.at AT TIME ZONE 'UTC') + interval '7 hours')::date)`;
  await sql`
    INSERT INTO audit_daily_summary
      (day, agreement_id, agency_id, channel, response_code, user_id, card_reader_id, lookups)
    SELECT ${day}, a.agreement_id, coalesce(a.agency_id, 0), a.channel, a.response_code,
           coalesce(a.user_id, 0), coalesce(a.card_reader_id, 0), count(*)
    FROM audit_log a WHERE ${range}
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (agreement_id, day, channel, response_code, user_id, card_reader_id)
      DO UPDATE SET lookups = audit_daily_summary.lookups + excluded.lookups`.execute(tx);
  await sql`
    INSERT INTO audit_daily_purpose (day, agreement_id, purpose, lookups)
    SELECT ${day}, a.agreement_id, coalesce(a.purpose, ''), count(*)
    FROM audit_log a WHERE ${range}
    GROUP BY 1, 2, 3
    ON CONFLICT (agreement_id, day, purpose)
      DO UPDATE SET lookups = audit_daily_purpose.lookups + excluded.lookups`.execute(tx);
  await sql`
    INSERT INTO audit_first_access (agreement_id, nik, first_at, user_id)
    SELECT DISTINCT ON (a.agreement_id, a.nik) a.agreement_id, a.nik, a.at, a.user_id
    FROM audit_log a
    WHERE ${range} AND a.nik IS NOT NULL AND a.response_code IN (${accessedResponsesSql})
    ORDER BY a.agreement_id, a.nik, a.at, a.id
    ON CONFLICT (agreement_id, nik) DO NOTHING`.execute(tx);
  await sql`
    UPDATE audit_summary_state SET summarized_until = ${end}::timestamptz,
      updated_at = ${now}::timestamptz WHERE id`.execute(tx);
}
