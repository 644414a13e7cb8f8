import { sql, type RawBuilder } from 'kysely';
import { accessedResponsesSql } from './data-balikan.js';
import type { Executor } from './db.js';

/**
 * Return-data compliance (issue 4): which NIKs each agreement accessed and whether return
 * data came back for them.
 *
 * - accessed: an audit_log row with action LOOKUP, that agreement_id and a response in
 *   ACCESSED_RESPONSES. Each NIK counts once per agreement, at its FIRST access; the
 *   operator of a NIK is the user of that first access.
 * - returned: the NIK has a current data_balikan row under that agreement.
 * - pending / overdue: accessed and not returned, first access at or after / before the
 *   agreement's `overdueBefore` instant (computed by the service from the schema's dueDays
 *   and the clock; null when the agreement has no schema: nothing is overdue then).
 */
export interface AgreementCutoff {
  readonly agreementId: number;
  readonly overdueBefore: Date | null;
}

/**
 * The response codes are written into the statement as literals, not parameters: the
 * planner then proves the partial index audit_log_accessed applies (it cannot prove it for
 * a parameter list under a generic plan).
 */

/** WIB is UTC+7 all year (domain/time.ts): the month of an instant in WIB, as YYYY-MM. */
const wibMonth = (column: RawBuilder<unknown>) =>
  sql<string>`to_char((${column} AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM')`;

/** The cutoffs as a relation, and the first access of every NIK of those agreements. */
function firstAccess(cutoffs: readonly AgreementCutoff[]) {
  const rows = cutoffs.map((c) => ({
    agreement_id: c.agreementId,
    overdue_before: c.overdueBefore?.toISOString() ?? null,
  }));
  const ids = cutoffs.map((c) => c.agreementId);
  return sql`
    cutoff AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS c(agreement_id int, overdue_before timestamptz)
    ),
    first_access AS (
      SELECT DISTINCT ON (a.agreement_id, a.nik) a.agreement_id, a.nik, a.at, a.user_id
      FROM audit_log a
      WHERE a.action = 'LOOKUP' AND a.response_code IN (${accessedResponsesSql})
        AND a.agreement_id = ANY (${ids}::int[])
      ORDER BY a.agreement_id, a.nik, a.at, a.id
    )`;
}

export interface ComplianceCountRow {
  readonly agreement_id: number;
  /** WIB month of the first access, YYYY-MM. */
  readonly month: string;
  /** app_user.id of the first access's user. */
  readonly user_id: number | null;
  readonly accessed: number;
  readonly returned: number;
  readonly pending: number;
  readonly overdue: number;
}

/**
 * The four figures per agreement × WIB month of first access × operator, in one grouped
 * statement over the partial index (never one query per agency or NIK). Every month is
 * returned: the caller picks its period, because a NIK first accessed before the period
 * belongs to its own month even when it was looked up again within the period.
 */
export async function countCompliance(
  db: Executor,
  cutoffs: readonly AgreementCutoff[],
): Promise<ComplianceCountRow[]> {
  if (cutoffs.length === 0) return [];
  const result = await sql<ComplianceCountRow>`
    WITH ${firstAccess(cutoffs)}
    SELECT f.agreement_id, ${wibMonth(sql`f.at`)} AS month, f.user_id,
           count(*)::int AS accessed,
           count(d.id)::int AS returned,
           count(*) FILTER (WHERE d.id IS NULL
             AND (c.overdue_before IS NULL OR f.at >= c.overdue_before))::int AS pending,
           count(*) FILTER (WHERE d.id IS NULL AND f.at < c.overdue_before)::int AS overdue
    FROM first_access f
    JOIN cutoff c ON c.agreement_id = f.agreement_id
    LEFT JOIN data_balikan d
      ON d.agreement_id = f.agreement_id AND d.nik = f.nik::char(16) AND d.is_current
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3`.execute(db);
  return result.rows;
}

export type OutstandingStatus = 'PENDING' | 'OVERDUE' | 'ALL';

export interface OutstandingQuery {
  readonly cutoffs: readonly AgreementCutoff[];
  readonly status: OutstandingStatus;
  /** First access at or after this instant … */
  readonly from: Date;
  /** … and before this one. */
  readonly to: Date;
  readonly limit: number;
  readonly offset: number;
}

export interface OutstandingRow {
  readonly agreement_id: number;
  readonly nik: string;
  readonly first_at: Date;
  readonly user_code: string | null;
  readonly display_name: string | null;
  readonly overdue: boolean;
  /** Rows matching the query, whatever the page. */
  readonly total: number;
}

/**
 * Accessed NIKs without return data, oldest first access first: the NIK, when and by whom
 * it was first accessed. Deliberately nothing else: the resident table is never joined
 * (zero storage, SPEC §2).
 */
export async function listOutstanding(
  db: Executor,
  query: OutstandingQuery,
): Promise<OutstandingRow[]> {
  if (query.cutoffs.length === 0) return [];
  const isOverdue = sql`(c.overdue_before IS NOT NULL AND f.at < c.overdue_before)`;
  const statusFilter =
    query.status === 'OVERDUE'
      ? sql`AND ${isOverdue}`
      : query.status === 'PENDING'
        ? sql`AND NOT ${isOverdue}`
        : sql``;
  const result = await sql<OutstandingRow>`
    WITH ${firstAccess(query.cutoffs)}
    SELECT f.agreement_id, f.nik, f.at AS first_at, u.user_id AS user_code, u.display_name,
           ${isOverdue} AS overdue, count(*) OVER ()::int AS total
    FROM first_access f
    JOIN cutoff c ON c.agreement_id = f.agreement_id
    LEFT JOIN app_user u ON u.id = f.user_id
    WHERE NOT EXISTS (
        SELECT 1 FROM data_balikan d
        WHERE d.agreement_id = f.agreement_id AND d.nik = f.nik::char(16) AND d.is_current)
      AND f.at >= ${query.from.toISOString()}::timestamptz
      AND f.at < ${query.to.toISOString()}::timestamptz
      ${statusFilter}
    ORDER BY f.at, f.nik
    LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db);
  return result.rows;
}

export interface ComplianceAgreementRow {
  readonly id: number;
  readonly agency_id: number;
  readonly nomor_dukcapil: string;
  readonly status: string;
  readonly signed_on: string;
  readonly ends_on: string;
  readonly data_balikan_schema: unknown;
}

/** Every agreement of the agencies (any status: NIKs accessed under an ended one still count). */
export async function listAgreementsForCompliance(
  db: Executor,
  agencyIds: readonly number[],
): Promise<ComplianceAgreementRow[]> {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('agreement')
    .select([
      'id',
      'agency_id',
      'nomor_dukcapil',
      'status',
      'signed_on',
      'ends_on',
      'data_balikan_schema',
    ])
    .where('agency_id', '=', sql<number>`ANY (${[...agencyIds]}::int[])`)
    .orderBy('agency_id')
    .orderBy('signed_on')
    .orderBy('id')
    .execute();
}

export async function listAgenciesForCompliance(db: Executor) {
  return db.selectFrom('agency').select(['id', 'code', 'name', 'status']).orderBy('code').execute();
}

export async function findAgencyForCompliance(
  db: Executor,
  where: { readonly id: number } | { readonly code: string },
) {
  const query = db.selectFrom('agency').select(['id', 'code', 'name', 'status']);
  return (
    'id' in where ? query.where('id', '=', where.id) : query.where('code', '=', where.code)
  ).executeTakeFirst();
}

/** User ID and display name of the given users (the operators of a breakdown). */
export async function findUserNames(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('app_user')
    .select(['id', 'user_id', 'display_name'])
    .where('id', '=', sql<number>`ANY (${[...ids]}::int[])`)
    .execute();
}
