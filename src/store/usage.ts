import { sql } from 'kysely';
import { accessedResponsesSql } from './data-balikan.js';
import type { Executor } from './db.js';

/*
 * Usage figures (issue 9 §3), read from the audit trail and the daily quota counters only,
 * never from population data. Periods are instants [from, to) that the service computes from
 * WIB days; a WIB day or hour in SQL is the instant in UTC plus 7 hours (no daylight saving).
 * Only lookups (action LOOKUP) count as use: logins and exports are not.
 */

/** An instant's WIB calendar day and hour in SQL. */
const wibTimestamp = sql`((audit_log.at AT TIME ZONE 'UTC') + interval '7 hours')`;

export interface Period {
  readonly from: Date;
  readonly to: Date;
}

function agencyCondition(agencyId: number | undefined) {
  return agencyId === undefined
    ? sql`audit_log.agency_id IS NOT NULL`
    : sql`audit_log.agency_id = ${agencyId}`;
}

/** Lookups per agency in `period`, and of those the ones at or after `todayFrom`. */
export async function lookupsPerAgency(
  db: Executor,
  input: { period: Period; todayFrom: Date },
): Promise<{ agency_id: number; today: number; period: number }[]> {
  const result = await sql<{ agency_id: number; today: number; period: number }>`
    SELECT agency_id,
           (count(*) FILTER (WHERE at >= ${input.todayFrom}::timestamptz))::int AS today,
           count(*)::int AS period
    FROM audit_log
    WHERE action = 'LOOKUP' AND agency_id IS NOT NULL
      AND at >= ${input.period.from}::timestamptz AND at < ${input.period.to}::timestamptz
    GROUP BY agency_id`.execute(db);
  return result.rows;
}

/**
 * Dukcapil's own officers: how many resident access histories each one requested (one
 * admin_action row of `action` per request), today and in the period — issue 14 asks that
 * Dukcapil see its officers' use of the register as it sees the agencies'.
 */
export async function requestsPerOfficer(
  db: Executor,
  input: { action: string; period: Period; todayFrom: Date },
): Promise<{ user_id: string; display_name: string; today: number; period: number }[]> {
  const result = await sql<{
    user_id: string;
    display_name: string;
    today: number;
    period: number;
  }>`
    SELECT u.user_id, u.display_name,
           (count(*) FILTER (WHERE a.at >= ${input.todayFrom}::timestamptz))::int AS today,
           count(*)::int AS period
    FROM admin_action a JOIN app_user u ON u.id = a.actor_id
    WHERE a.action = ${input.action}
      AND a.at >= ${input.period.from}::timestamptz AND a.at < ${input.period.to}::timestamptz
    GROUP BY u.user_id, u.display_name
    ORDER BY period DESC, u.user_id`.execute(db);
  return result.rows;
}

/** Hits counted per agency on the quota (quota_usage, all shards) from `fromDay` to `today`. */
export async function quotaUsedPerAgency(
  db: Executor,
  input: { fromDay: string; today: string; agencyId?: number | undefined },
): Promise<{ agency_id: number; today: number; period: number }[]> {
  const result = await sql<{ agency_id: number; today: number; period: number }>`
    SELECT agency_id,
           coalesce(sum(used) FILTER (WHERE day = ${input.today}::date), 0)::int AS today,
           sum(used)::int AS period
    FROM quota_usage
    WHERE day >= ${input.fromDay}::date AND day <= ${input.today}::date
      ${input.agencyId === undefined ? sql`` : sql`AND agency_id = ${input.agencyId}`}
    GROUP BY agency_id`.execute(db);
  return result.rows;
}

/** Days from `fromDay` to `today` on which the agency's count reached `limit`. */
export async function daysAtLimit(
  db: Executor,
  input: { agencyId: number; fromDay: string; today: string; limit: number },
): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      SELECT day FROM quota_usage
      WHERE agency_id = ${input.agencyId}
        AND day >= ${input.fromDay}::date AND day <= ${input.today}::date
      GROUP BY day HAVING sum(used) >= ${input.limit}) AS full_days`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** The quota stage of each agency's agreement in force on `day` (SPEC §2). */
export async function quotaStagePerAgency(
  db: Executor,
  day: string,
): Promise<{ agency_id: number; quota_stage: string }[]> {
  const result = await sql<{ agency_id: number; quota_stage: string }>`
    SELECT DISTINCT ON (agency_id) agency_id, quota_stage
    FROM agreement
    WHERE status = 'AKTIF' AND signed_on <= ${day}::date
      AND (ends_on >= ${day}::date OR extension_request_id IS NOT NULL)
    ORDER BY agency_id, ends_on DESC`.execute(db);
  return result.rows;
}

/** Lookups per response code in `period`, of one agency or of all. */
export async function lookupsPerResponse(
  db: Executor,
  input: { period: Period; agencyId?: number | undefined },
): Promise<{ response_code: string; lookups: number }[]> {
  const result = await sql<{ response_code: string; lookups: number }>`
    SELECT response_code, count(*)::int AS lookups
    FROM audit_log
    WHERE action = 'LOOKUP' AND ${agencyCondition(input.agencyId)}
      AND at >= ${input.period.from}::timestamptz AND at < ${input.period.to}::timestamptz
    GROUP BY response_code`.execute(db);
  return result.rows;
}

/** Lookups per WIB hour of the day (0–23) in `period`, of one agency or of all. */
export async function lookupsPerHour(
  db: Executor,
  input: { period: Period; agencyId?: number | undefined },
): Promise<{ hour: number; lookups: number }[]> {
  const result = await sql<{ hour: number; lookups: number }>`
    SELECT extract(hour FROM ${wibTimestamp})::int AS hour, count(*)::int AS lookups
    FROM audit_log
    WHERE action = 'LOOKUP' AND ${agencyCondition(input.agencyId)}
      AND at >= ${input.period.from}::timestamptz AND at < ${input.period.to}::timestamptz
    GROUP BY 1`.execute(db);
  return result.rows;
}

/** Lookups per WIB day (YYYY-MM-DD) in `period`, of one agency. */
export async function lookupsPerDay(
  db: Executor,
  input: { period: Period; agencyId: number },
): Promise<{ day: string; lookups: number }[]> {
  const result = await sql<{ day: string; lookups: number }>`
    SELECT to_char(${wibTimestamp}, 'YYYY-MM-DD') AS day, count(*)::int AS lookups
    FROM audit_log
    WHERE action = 'LOOKUP' AND agency_id = ${input.agencyId}
      AND at >= ${input.period.from}::timestamptz AND at < ${input.period.to}::timestamptz
    GROUP BY 1`.execute(db);
  return result.rows;
}

export interface OperatorUsageRow {
  /** app_user.id; null for lookups without a known user (none under an agency). */
  readonly user_key: number | null;
  readonly user_id: string | null;
  readonly display_name: string | null;
  readonly lookups: number;
  readonly found: number;
  readonly not_found: number;
  readonly refused: number;
  readonly last_at: Date;
}

/** Lookups per user of one agency in `period`: found, not found, refused; busiest first. */
export async function lookupsPerOperator(
  db: Executor,
  input: { period: Period; agencyId: number },
): Promise<OperatorUsageRow[]> {
  const result = await sql<OperatorUsageRow>`
    SELECT s.user_id AS user_key, u.user_id, u.display_name, s.lookups, s.found, s.not_found,
           s.refused, s.last_at
    FROM (
      SELECT user_id, count(*)::int AS lookups,
             (count(*) FILTER (WHERE response_code IN (${accessedResponsesSql})))::int AS found,
             (count(*) FILTER (WHERE response_code = 'TIDAK_DITEMUKAN'))::int AS not_found,
             (count(*) FILTER (WHERE response_code NOT IN
               ('DITEMUKAN', 'MENINGGAL', 'GANDA', 'NON_AKTIF', 'TIDAK_DITEMUKAN')))::int AS refused,
             max(at) AS last_at
      FROM audit_log
      WHERE action = 'LOOKUP' AND agency_id = ${input.agencyId}
        AND at >= ${input.period.from}::timestamptz AND at < ${input.period.to}::timestamptz
      GROUP BY user_id) AS s
    LEFT JOIN app_user u ON u.id = s.user_id
    ORDER BY s.lookups DESC, u.user_id`.execute(db);
  return result.rows;
}

export interface AgencyRow {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly status: string;
}

export async function listAgencies(db: Executor): Promise<AgencyRow[]> {
  return db.selectFrom('agency').select(['id', 'code', 'name', 'status']).orderBy('code').execute();
}

export async function findAgency(db: Executor, agencyId: number): Promise<AgencyRow | undefined> {
  return db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'status'])
    .where('id', '=', agencyId)
    .executeTakeFirst();
}

export async function findAgencyByCode(db: Executor, code: string): Promise<AgencyRow | undefined> {
  return db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'status'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The agency's users (who may have looked up), for the operator filter. */
export async function agencyUsers(
  db: Executor,
  agencyId: number,
): Promise<{ id: number; user_id: string; display_name: string }[]> {
  return db
    .selectFrom('app_user')
    .select(['id', 'user_id', 'display_name'])
    .where('agency_id', '=', agencyId)
    .orderBy('user_id')
    .execute();
}

export interface ChannelUsageRow {
  readonly channel: string;
  /** The application a call came through (audit_log.detail.aplikasi, migration 026). */
  readonly application_name: string | null;
  /** A national-service client's call (detail.klien, SPEC §9). */
  readonly compatible: boolean;
  readonly lookups: number;
  readonly found: number;
  readonly last_at: Date;
}

/**
 * Lookups of one agency in `period` per channel, application and client kind (the portal,
 * the API through each application, natively or as a national-service client, the card
 * readers): busiest first.
 */
export async function lookupsPerChannel(
  db: Executor,
  input: { period: Period; agencyId: number },
): Promise<ChannelUsageRow[]> {
  const result = await sql<ChannelUsageRow>`
    SELECT s.channel, app.name AS application_name, s.compatible, s.lookups, s.found, s.last_at
    FROM (
      SELECT channel, (detail->>'aplikasi')::int AS application_id,
             coalesce(detail->>'klien' = 'LAYANAN_NASIONAL', false) AS compatible,
             count(*)::int AS lookups,
             (count(*) FILTER (WHERE response_code IN (${accessedResponsesSql})))::int AS found,
             max(at) AS last_at
      FROM audit_log
      WHERE action = 'LOOKUP' AND agency_id = ${input.agencyId}
        AND at >= ${input.period.from}::timestamptz AND at < ${input.period.to}::timestamptz
      GROUP BY 1, 2, 3) AS s
    LEFT JOIN application app ON app.id = s.application_id
    ORDER BY s.lookups DESC, s.channel, app.name`.execute(db);
  return result.rows;
}
