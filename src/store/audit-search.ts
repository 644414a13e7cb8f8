import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import { findLatestCheckpoint } from './audit-seal.js';
import type { Executor } from './db.js';
import type { Database } from './schema.js';

/*
 * Searching the audit trail (issue 9): Dukcapil's /dukcapil/audit, the agency head's list of
 * the agency's lookups, and the exports of both. Newest first by time (then id): the (at)
 * index (migration 014) serves an open search and a period, the (agency_id, at) and
 * (user_id, at) indexes an agency's or a user's, the (nik) index (migration 014) a NIK. A
 * count stops at a cap, so that a broad search over a million rows answers at once.
 */

/** Which rows of audit_log a search selects; every field narrows it. */
export interface AuditLogFilter {
  /** Exactly the NIK (or the malformed input) as recorded. */
  readonly nik?: string | undefined;
  /** The user by user ID (app_user.user_id), as typed in a search. */
  readonly userLogin?: string | undefined;
  /** The user by app_user.id. */
  readonly userKey?: number | undefined;
  readonly agencyId?: number | undefined;
  readonly responseCode?: string | undefined;
  /** LOGIN, LOOKUP or EKSPOR. */
  readonly action?: string | undefined;
  /** At or after this instant … */
  readonly from?: Date | undefined;
  /** … and before this one. */
  readonly to?: Date | undefined;
  /** The row's id: the request ID a lookup result carries (issue 12). */
  readonly id?: number | undefined;
}

/** Which rows of admin_action a search selects. */
export interface AdminActionFilter {
  /** The acting user by user ID. */
  readonly actorLogin?: string | undefined;
  readonly agencyId?: number | undefined;
  /** The action's verb, exactly (PKS_DICABUT, USER_DITAHAN, …). */
  readonly action?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

type AuditScope = ExpressionBuilder<Database, 'audit_log'>;
type AdminScope = ExpressionBuilder<Database, 'admin_action'>;
/** The two tables of the trail, searched alike. */
type Trail = 'audit_log' | 'admin_action';

/** What both lists narrow alike: the period asked, and an export's window (`bounds`). */
function periodAndBounds(
  trail: Trail,
  period: { readonly from?: Date | undefined; readonly to?: Date | undefined },
  bounds: Bounds,
): Expression<SqlBool>[] {
  const at = sql.ref<Date>(`${trail}.at`);
  const id = sql.ref<number>(`${trail}.id`);
  const all: Expression<SqlBool>[] = [];
  if (period.from) all.push(sql<SqlBool>`${at} >= ${period.from}`);
  if (period.to) all.push(sql<SqlBool>`${at} < ${period.to}`);
  if (bounds.upToId !== undefined) all.push(sql<SqlBool>`${id} <= ${bounds.upToId}`);
  if (bounds.before !== undefined) {
    // The first condition lets the (at) index start there; the second is the exact order.
    const before = sql<Date>`${bounds.before.at_key}::timestamptz`;
    all.push(sql<SqlBool>`${at} <= ${before}`);
    all.push(sql<SqlBool>`(${at}, ${id}) < (${before}, ${bounds.before.id})`);
  }
  return all;
}

/** The app_user.id of a user ID (app_user.user_id), as typed in a search. */
function userByLogin(login: string) {
  return sql<number>`(SELECT app_user.id FROM app_user WHERE app_user.user_id = ${login})`;
}

function auditWhere(eb: AuditScope, filter: AuditLogFilter, bounds: Bounds = {}) {
  const all: Expression<SqlBool>[] = [];
  if (filter.nik !== undefined) all.push(eb('audit_log.nik', '=', filter.nik));
  if (filter.userLogin !== undefined) {
    all.push(eb('audit_log.user_id', '=', userByLogin(filter.userLogin)));
  }
  if (filter.userKey !== undefined) all.push(eb('audit_log.user_id', '=', filter.userKey));
  if (filter.agencyId !== undefined) all.push(eb('audit_log.agency_id', '=', filter.agencyId));
  if (filter.responseCode !== undefined) {
    all.push(eb('audit_log.response_code', '=', filter.responseCode));
  }
  if (filter.action !== undefined) all.push(eb('audit_log.action', '=', filter.action));
  if (filter.id !== undefined) all.push(eb('audit_log.id', '=', filter.id));
  return eb.and([...all, ...periodAndBounds('audit_log', filter, bounds)]);
}

function adminWhere(eb: AdminScope, filter: AdminActionFilter, bounds: Bounds = {}) {
  const all: Expression<SqlBool>[] = [];
  if (filter.actorLogin !== undefined) {
    all.push(eb('admin_action.actor_id', '=', userByLogin(filter.actorLogin)));
  }
  if (filter.agencyId !== undefined) all.push(eb('admin_action.agency_id', '=', filter.agencyId));
  if (filter.action !== undefined) all.push(eb('admin_action.action', '=', filter.action));
  return eb.and([...all, ...periodAndBounds('admin_action', filter, bounds)]);
}

/** How many rows a search selects, counted up to `cap + 1` (more than the cap: cap + 1). */
async function countUpTo(
  db: Executor,
  rows: SelectQueryBuilder<Database, Trail, { one: number }>,
  cap: number,
): Promise<number> {
  const row = await db
    .selectFrom(rows.limit(cap + 1).as('s'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest id of a table now (0 when empty): an export carries nothing written after it. */
async function newestId(db: Executor, trail: Trail): Promise<number> {
  const row = await db
    .selectFrom(trail)
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Which rows of a list one read gives, newest first: a page, or an export's next batch. */
export type RowWindow = Bounds & { readonly limit: number; readonly offset?: number };

/**
 * An export's window: rows up to the newest id when it began, and after (older than) the
 * last row of the batch sent before, in the list's order (time, then id, newest first).
 */
export interface Bounds {
  readonly upToId?: number | undefined;
  /** `at_key` and id of the last row sent: the time exactly as stored (microseconds). */
  readonly before?: { readonly at_key: string; readonly id: number } | undefined;
}

export interface AuditLogRow {
  readonly id: number;
  readonly at: Date;
  readonly action: string;
  readonly channel: string;
  /** app_user.id */
  readonly user_key: number | null;
  readonly user_id: string | null;
  readonly display_name: string | null;
  readonly agency_code: string | null;
  readonly client_ip: string | null;
  readonly nik: string | null;
  readonly purpose: string | null;
  readonly reason: string | null;
  readonly response_code: string;
  /** The application a call came through (detail.aplikasi, migration 026), by its name. */
  readonly application_name: string | null;
  /** A national-service client's call (detail.klien, SPEC §9). */
  readonly compatible: boolean;
  /** `at` as text with its microseconds, for an export's keyset. */
  readonly at_key: string;
}

function selectAuditRows(db: Executor) {
  return db
    .selectFrom('audit_log')
    .leftJoin('app_user as u', 'u.id', 'audit_log.user_id')
    .leftJoin('agency as ag', 'ag.id', 'audit_log.agency_id')
    .leftJoin('application as app', (join) =>
      join.on(sql<SqlBool>`app.id = (audit_log.detail->>'aplikasi')::int`),
    )
    .select([
      'app.name as application_name',
      sql<boolean>`coalesce(audit_log.detail->>'klien' = 'LAYANAN_NASIONAL', false)`.as(
        'compatible',
      ),
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.channel',
      'audit_log.user_id as user_key',
      'u.user_id',
      'u.display_name',
      'ag.code as agency_code',
      sql<string | null>`host(audit_log.client_ip)`.as('client_ip'),
      'audit_log.nik',
      'audit_log.purpose',
      'audit_log.reason',
      'audit_log.response_code',
      sql<string>`audit_log.at::text`.as('at_key'),
    ]);
}

/** A page of the search, or an export's next batch: newest first. */
export async function searchAuditLog(
  db: Executor,
  filter: AuditLogFilter,
  window: RowWindow,
): Promise<AuditLogRow[]> {
  let query = selectAuditRows(db)
    .where((eb) => auditWhere(eb, filter, window))
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(window.limit);
  if (window.offset !== undefined) query = query.offset(window.offset);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** How many rows the search selects, counted up to `cap + 1` (more than the cap: cap + 1). */
export async function countAuditLog(
  db: Executor,
  filter: AuditLogFilter,
  cap: number,
  bounds: Bounds = {},
): Promise<number> {
  const rows = db
    .selectFrom('audit_log')
    .select(sql<number>`1`.as('one'))
    .where((eb) => auditWhere(eb, filter, bounds));
  return countUpTo(db, rows, cap);
}

/** The newest audit_log id now (0 when empty): an export carries nothing written after it. */
export function newestAuditLogId(db: Executor): Promise<number> {
  return newestId(db, 'audit_log');
}

export interface AdminActionRow {
  readonly id: number;
  readonly at: Date;
  readonly actor: string | null;
  readonly actor_name: string | null;
  readonly agency_code: string | null;
  readonly action: string;
  readonly target: string;
  readonly reason: string | null;
  /** As JSON text, or null. */
  readonly detail: string | null;
  readonly at_key: string;
}

function selectAdminRows(db: Executor) {
  return db
    .selectFrom('admin_action')
    .leftJoin('app_user as u', 'u.id', 'admin_action.actor_id')
    .leftJoin('agency as ag', 'ag.id', 'admin_action.agency_id')
    .select([
      'admin_action.id',
      'admin_action.at',
      'u.user_id as actor',
      'u.display_name as actor_name',
      'ag.code as agency_code',
      'admin_action.action',
      'admin_action.target',
      'admin_action.reason',
      sql<string | null>`admin_action.detail::text`.as('detail'),
      sql<string>`admin_action.at::text`.as('at_key'),
    ]);
}

/** A page of the search, or an export's next batch: newest first. */
export async function searchAdminActions(
  db: Executor,
  filter: AdminActionFilter,
  window: RowWindow,
): Promise<AdminActionRow[]> {
  let query = selectAdminRows(db)
    .where((eb) => adminWhere(eb, filter, window))
    .orderBy('admin_action.at', 'desc')
    .orderBy('admin_action.id', 'desc')
    .limit(window.limit);
  if (window.offset !== undefined) query = query.offset(window.offset);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function countAdminActions(
  db: Executor,
  filter: AdminActionFilter,
  cap: number,
  bounds: Bounds = {},
): Promise<number> {
  const rows = db
    .selectFrom('admin_action')
    .select(sql<number>`1`.as('one'))
    .where((eb) => adminWhere(eb, filter, bounds));
  return countUpTo(db, rows, cap);
}

export function newestAdminActionId(db: Executor): Promise<number> {
  return newestId(db, 'admin_action');
}

/** The verbs admin_action holds, for the search's choice list. */
export async function adminActionKinds(db: Executor): Promise<string[]> {
  const rows = await sql<{ action: string }>`
    SELECT DISTINCT action FROM admin_action ORDER BY action`.execute(db);
  return rows.rows.map((r) => r.action);
}

/** The seal's state, as Dukcapil's audit page shows it (tables of migration 011). */
export interface SealStateRow {
  readonly checkpoint: { size: number; root_hash: Buffer; sealed_at: Date } | undefined;
  /** Rows of audit_log and admin_action, and leaves of the sealed log. */
  readonly rows: number;
  readonly leaves: number;
  readonly verification:
    | { at: Date; ok: boolean; size: number; problem: string | null; duration_ms: number }
    | undefined;
}

/**
 * The latest checkpoint and verification, and the rows and leaves to tell how many rows wait
 * for the sealer. Every leaf is one row (the seal's unique (source, source_id)), so rows
 * minus leaves are the rows without a leaf, counted in two index-only scans instead of an
 * anti-join of the whole trail (a leaf whose row is gone is `gerbang audit verify`'s matter).
 */
export async function readSealState(db: Executor): Promise<SealStateRow> {
  const [checkpoint, counts, verification] = await Promise.all([
    findLatestCheckpoint(db),
    sql<{ rows: number; leaves: number }>`
      SELECT ((SELECT count(*) FROM audit_log) + (SELECT count(*) FROM admin_action))::bigint AS rows,
             (SELECT coalesce(max(position) + 1, 0) FROM audit_seal_leaf)::bigint AS leaves`.execute(
      db,
    ),
    db
      .selectFrom('audit_verification')
      .select(['at', 'ok', 'size', 'problem', 'duration_ms'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    checkpoint: checkpoint && {
      size: checkpoint.size,
      root_hash: checkpoint.rootHash,
      sealed_at: checkpoint.sealedAt,
    },
    rows: Number(counts.rows[0]?.rows ?? 0),
    leaves: Number(counts.rows[0]?.leaves ?? 0),
    verification: verification && { ...verification, size: Number(verification.size) },
  };
}
