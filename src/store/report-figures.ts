import { sql } from 'kysely';
import { accessedResponsesSql } from './data-balikan.js';
import type { Executor } from './db.js';

/*
 * The figures of a usage report (issue 10), read from the daily summaries for the days they
 * cover and from audit_log itself for the rest (the live tail): docs/REPORTS.md. A period is
 * the instants [start, end) of its WIB days; `until` is audit_summary_state.summarized_until
 * (null: nothing summarised, everything is the tail). The tail is read by agency and time
 * (index audit_log_agency_at) and then filtered by agreement.
 */

export interface FigurePeriod {
  readonly agreementId: number;
  readonly agencyId: number;
  /** First and last WIB day, both included. */
  readonly fromDay: string;
  readonly toDay: string;
  readonly start: Date;
  readonly end: Date;
}

const wibDate = sql`(((a.at AT TIME ZONE 'UTC') + interval '7 hours')::date)`;

export async function summarizedUntil(db: Executor): Promise<Date | null> {
  const row = await db
    .selectFrom('audit_summary_state')
    .select('summarized_until')
    .executeTakeFirst();
  return row?.summarized_until ?? null;
}

/**
 * The tail's bounds: from the later of the period's start and `until` to the period's end; the
 * summaries' last day: the day before `until` (WIB), or none.
 */
function bounds(p: FigurePeriod, until: Date | null) {
  const tailFrom = until && until > p.start ? until : p.start;
  return { tailFrom, summaryBefore: until ?? new Date(0) };
}

export interface LookupCountRow {
  readonly month: string;
  readonly channel: string;
  readonly response_code: string;
  /** 0: none on record */
  readonly user_id: number;
  /** 0: not through a card reader */
  readonly card_reader_id: number;
  readonly lookups: number;
}

/** Lookups per WIB month × channel × response × user × card reader of the period. */
export async function lookupCounts(
  db: Executor,
  p: FigurePeriod,
  until: Date | null,
): Promise<LookupCountRow[]> {
  const { tailFrom, summaryBefore } = bounds(p, until);
  const result = await sql<LookupCountRow>`
    SELECT to_char(day, 'YYYY-MM') AS month, channel, response_code, user_id, card_reader_id,
           sum(lookups)::int AS lookups
    FROM (
      SELECT s.day, s.channel, s.response_code, s.user_id, s.card_reader_id, s.lookups
      FROM audit_daily_summary s
      WHERE s.agreement_id = ${p.agreementId}
        AND s.day >= ${p.fromDay}::date AND s.day <= ${p.toDay}::date
        AND s.day < ((${summaryBefore}::timestamptz AT TIME ZONE 'UTC') + interval '7 hours')::date
      UNION ALL
      SELECT ${wibDate} AS day, a.channel, a.response_code, coalesce(a.user_id, 0)::int,
             coalesce(a.card_reader_id, 0)::int, 1
      FROM audit_log a
      WHERE a.agency_id = ${p.agencyId} AND a.agreement_id = ${p.agreementId}
        AND a.action = 'LOOKUP'
        AND a.at >= ${tailFrom}::timestamptz AND a.at < ${p.end}::timestamptz
    ) AS c
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5`.execute(db);
  return result.rows;
}

/** Purposes stated in the period, most frequent first: the first `limit`, and how many in all. */
export async function purposeCounts(
  db: Executor,
  p: FigurePeriod,
  until: Date | null,
  limit: number,
): Promise<{ purpose: string; lookups: number; distinct_total: number; lookups_total: number }[]> {
  const { tailFrom, summaryBefore } = bounds(p, until);
  const result = await sql<{
    purpose: string;
    lookups: number;
    distinct_total: number;
    lookups_total: number;
  }>`
    SELECT purpose, lookups, (count(*) OVER ())::int AS distinct_total,
           (sum(lookups) OVER ())::int AS lookups_total
    FROM (
      SELECT purpose, sum(lookups)::int AS lookups FROM (
        SELECT s.purpose, s.lookups
        FROM audit_daily_purpose s
        WHERE s.agreement_id = ${p.agreementId}
          AND s.day >= ${p.fromDay}::date AND s.day <= ${p.toDay}::date
          AND s.day < ((${summaryBefore}::timestamptz AT TIME ZONE 'UTC') + interval '7 hours')::date
        UNION ALL
        SELECT coalesce(a.purpose, ''), 1
        FROM audit_log a
        WHERE a.agency_id = ${p.agencyId} AND a.agreement_id = ${p.agreementId}
          AND a.action = 'LOOKUP'
          AND a.at >= ${tailFrom}::timestamptz AND a.at < ${p.end}::timestamptz
      ) AS u GROUP BY purpose
    ) AS g
    ORDER BY lookups DESC, purpose
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

export interface ReturnCountRow {
  readonly accessed: number;
  readonly returned: number;
  readonly pending: number;
  readonly overdue: number;
}

/**
 * NIKs first accessed under the agreement within the period (the compliance definition,
 * store/compliance.ts), and of those the ones with current return data, pending and overdue
 * (first access before `overdueBefore`; null: nothing overdue).
 */
export async function returnCounts(
  db: Executor,
  p: FigurePeriod,
  until: Date | null,
  overdueBefore: Date | null,
): Promise<ReturnCountRow> {
  const { tailFrom } = bounds(p, until);
  const summaryEnd = until && until < p.end ? until : p.end;
  const result = await sql<ReturnCountRow>`
    WITH fa AS (
      SELECT f.nik, f.first_at
      FROM audit_first_access f
      WHERE ${until !== null} AND f.agreement_id = ${p.agreementId}
        AND f.first_at >= ${p.start}::timestamptz AND f.first_at < ${summaryEnd}::timestamptz
      UNION ALL
      SELECT t.nik, t.at FROM (
        SELECT DISTINCT ON (a.nik) a.nik, a.at
        FROM audit_log a
        WHERE a.agency_id = ${p.agencyId} AND a.agreement_id = ${p.agreementId}
          AND a.action = 'LOOKUP' AND a.response_code IN (${accessedResponsesSql})
          AND a.at >= ${tailFrom}::timestamptz AND a.at < ${p.end}::timestamptz
        ORDER BY a.nik, a.at, a.id
      ) AS t
      WHERE NOT EXISTS (
          SELECT 1 FROM audit_first_access f
          WHERE f.agreement_id = ${p.agreementId} AND f.nik = t.nik)
        AND NOT EXISTS (
          SELECT 1 FROM audit_log b
          WHERE b.agreement_id = ${p.agreementId} AND b.nik = t.nik
            AND b.action = 'LOOKUP' AND b.response_code IN (${accessedResponsesSql})
            AND b.at < ${tailFrom}::timestamptz)
    )
    SELECT count(*)::int AS accessed,
           count(d.id)::int AS returned,
           (count(*) FILTER (WHERE d.id IS NULL
              AND (${overdueBefore}::timestamptz IS NULL OR fa.first_at >= ${overdueBefore}::timestamptz)))::int AS pending,
           (count(*) FILTER (WHERE d.id IS NULL
              AND fa.first_at < ${overdueBefore}::timestamptz))::int AS overdue
    FROM fa
    LEFT JOIN data_balikan d
      ON d.agreement_id = ${p.agreementId} AND d.nik = fa.nik::char(16) AND d.is_current`.execute(
    db,
  );
  return result.rows[0] ?? { accessed: 0, returned: 0, pending: 0, overdue: 0 };
}

/** Hits counted on the quota per day of the period (quota_usage, all shards). */
export async function quotaDays(
  db: Executor,
  p: FigurePeriod,
): Promise<{ day: string; used: number }[]> {
  const result = await sql<{ day: string; used: number }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(used)::int AS used
    FROM quota_usage
    WHERE agency_id = ${p.agencyId} AND day >= ${p.fromDay}::date AND day <= ${p.toDay}::date
    GROUP BY day ORDER BY day`.execute(db);
  return result.rows;
}

export interface ReportAgreementRow {
  readonly id: number;
  readonly agency_id: number;
  readonly nomor_dukcapil: string;
  readonly nomor_instansi: string;
  readonly signed_on: string;
  readonly ends_on: string;
  readonly purpose: string;
  readonly status: string;
  readonly quota_stage: string;
  readonly access_methods: string[];
  readonly data_balikan_schema: unknown;
  readonly first_party_name: string;
  readonly first_party_head_title: string;
  readonly second_party_name: string;
  readonly second_party_head_title: string;
  readonly second_party_head_name: string | null;
  readonly agency_code: string;
  readonly agency_name: string;
  readonly agency_address: string | null;
  readonly agency_head_title: string | null;
  readonly agency_head_name: string | null;
  readonly agency_email: string | null;
  readonly agency_phone: string | null;
}

export async function findReportAgreement(
  db: Executor,
  agreementId: number,
): Promise<ReportAgreementRow | undefined> {
  return db
    .selectFrom('agreement as g')
    .innerJoin('agency as a', 'a.id', 'g.agency_id')
    .select([
      'g.id',
      'g.agency_id',
      'g.nomor_dukcapil',
      'g.nomor_instansi',
      'g.signed_on',
      'g.ends_on',
      'g.purpose',
      'g.status',
      'g.quota_stage',
      'g.access_methods',
      'g.data_balikan_schema',
      'g.first_party_name',
      'g.first_party_head_title',
      'g.second_party_name',
      'g.second_party_head_title',
      'g.second_party_head_name',
      'a.code as agency_code',
      'a.name as agency_name',
      'a.address as agency_address',
      'a.head_title as agency_head_title',
      'a.head_name as agency_head_name',
      'a.email as agency_email',
      'a.phone as agency_phone',
    ])
    .where('g.id', '=', agreementId)
    .executeTakeFirst();
}

export async function reportUsers(db: Executor, agencyId: number) {
  return db
    .selectFrom('app_user')
    .select([
      'id',
      'user_id',
      'display_name',
      'role',
      'status',
      'nda_signed_on',
      'sptjm_signed_on',
      'created_at',
    ])
    .where('agency_id', '=', agencyId)
    .orderBy('role')
    .orderBy('user_id')
    .execute();
}

export async function reportCardReaders(db: Executor, agencyId: number) {
  return db
    .selectFrom('card_reader')
    .select(['id', 'serial', 'make', 'location', 'state', 'registered_at'])
    .where('agency_id', '=', agencyId)
    .orderBy('serial')
    .execute();
}

/** The agency's input-pattern alerts raised within the period, oldest first. */
export async function reportAlerts(db: Executor, p: FigurePeriod) {
  return db
    .selectFrom('pattern_alert as p')
    .leftJoin('app_user as u', 'u.id', 'p.user_id')
    .select([
      'p.id',
      'p.kind',
      'p.scope',
      'p.action',
      'p.state',
      'p.repeats',
      'p.created_at',
      'p.reviewed_at',
      'p.hold_decision',
      'u.user_id as user_code',
    ])
    .where('p.agency_id', '=', p.agencyId)
    .where('p.created_at', '>=', p.start)
    .where('p.created_at', '<', p.end)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}
