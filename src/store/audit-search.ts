import { sql, type ExpressionBuilder } from 'kysely';
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

export interface RowPage {
  readonly limit: number;
  readonly offset: number;
}

type AuditScope = ExpressionBuilder<Database, 'audit_log'>;
type AdminScope = ExpressionBuilder<Database, 'admin_action'>;

function auditWhere(eb: AuditScope, filter: AuditLogFilter, bounds: Bounds = {}) {
  const all = [];
  if (filter.nik !== undefined) all.push(eb('audit_log.nik', '=', filter.nik));
  if (filter.userLogin !== undefined) {
    all.push(
      eb(
        'audit_log.user_id',
        '=',
        eb
          .selectFrom('app_user')
          .select('app_user.id')
          .where('app_user.user_id', '=', filter.userLogin),
      ),
    );
  }
  if (filter.userKey !== undefined) all.push(eb('audit_log.user_id', '=', filter.userKey));
  if (filter.agencyId !== undefined) all.push(eb('audit_log.agency_id', '=', filter.agencyId));
  if (filter.responseCode !== undefined) {
    all.push(eb('audit_log.response_code', '=', filter.responseCode));
  }
  if (filter.action !== undefined) all.push(eb('audit_log.action', '=', filter.action));
  if (filter.from) all.push(eb('audit_log.at', '>=', filter.from));
  if (filter.to) all.push(eb('audit_log.at', '<', filter.to));
  if (bounds.upToId !== undefined) all.push(eb('audit_log.id', '<=', bounds.upToId));
  if (bounds.before !== undefined) {
    // The first condition lets the (at) index start there; the second is the exact order.
    const at = sql<Date>`${bounds.before.at_key}::timestamptz`;
    all.push(eb('audit_log.at', '<=', at));
    all.push(eb(eb.refTuple('audit_log.at', 'audit_log.id'), '<', eb.tuple(at, bounds.before.id)));
  }
  return eb.and(all);
}

function adminWhere(eb: AdminScope, filter: AdminActionFilter, bounds: Bounds = {}) {
  const all = [];
  if (filter.actorLogin !== undefined) {
    all.push(
      eb(
        'admin_action.actor_id',
        '=',
        eb
          .selectFrom('app_user')
          .select('app_user.id')
          .where('app_user.user_id', '=', filter.actorLogin),
      ),
    );
  }
  if (filter.agencyId !== undefined) all.push(eb('admin_action.agency_id', '=', filter.agencyId));
  if (filter.action !== undefined) all.push(eb('admin_action.action', '=', filter.action));
  if (filter.from) all.push(eb('admin_action.at', '>=', filter.from));
  if (filter.to) all.push(eb('admin_action.at', '<', filter.to));
  if (bounds.upToId !== undefined) all.push(eb('admin_action.id', '<=', bounds.upToId));
  if (bounds.before !== undefined) {
    // The first condition lets the (at) index start there; the second is the exact order.
    const at = sql<Date>`${bounds.before.at_key}::timestamptz`;
    all.push(eb('admin_action.at', '<=', at));
    all.push(
      eb(eb.refTuple('admin_action.at', 'admin_action.id'), '<', eb.tuple(at, bounds.before.id)),
    );
  }
  return eb.and(all);
}

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
  /** `at` as text with its microseconds, for an export's keyset. */
  readonly at_key: string;
}

function selectAuditRows(db: Executor) {
  return db
    .selectFrom('audit_log')
    .leftJoin('app_user as u', 'u.id', 'audit_log.user_id')
    .leftJoin('agency as ag', 'ag.id', 'audit_log.agency_id')
    .select([
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

/** One page of the search, newest first. */
export async function searchAuditLog(
  db: Executor,
  filter: AuditLogFilter,
  page: RowPage,
): Promise<AuditLogRow[]> {
  const rows = await selectAuditRows(db)
    .where((eb) => auditWhere(eb, filter))
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** How many rows the search selects, counted up to `cap + 1` (more than the cap: cap + 1). */
export async function countAuditLog(
  db: Executor,
  filter: AuditLogFilter,
  cap: number,
  bounds: Bounds = {},
): Promise<number> {
  const inner = db
    .selectFrom('audit_log')
    .select(sql<number>`1`.as('one'))
    .where((eb) => auditWhere(eb, filter, bounds))
    .limit(cap + 1);
  const row = await db
    .selectFrom(inner.as('s'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest audit_log id now (0 when empty): an export carries nothing written after it. */
export async function newestAuditLogId(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The next batch of an export, newest first, below `beforeId` (keyset pagination by id). */
export async function auditLogBatch(
  db: Executor,
  filter: AuditLogFilter,
  bounds: Bounds & { readonly upToId: number },
  limit: number,
): Promise<AuditLogRow[]> {
  const rows = await selectAuditRows(db)
    .where((eb) => auditWhere(eb, filter, bounds))
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
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

export async function searchAdminActions(
  db: Executor,
  filter: AdminActionFilter,
  page: RowPage,
): Promise<AdminActionRow[]> {
  const rows = await selectAdminRows(db)
    .where((eb) => adminWhere(eb, filter))
    .orderBy('admin_action.at', 'desc')
    .orderBy('admin_action.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function countAdminActions(
  db: Executor,
  filter: AdminActionFilter,
  cap: number,
  bounds: Bounds = {},
): Promise<number> {
  const inner = db
    .selectFrom('admin_action')
    .select(sql<number>`1`.as('one'))
    .where((eb) => adminWhere(eb, filter, bounds))
    .limit(cap + 1);
  const row = await db
    .selectFrom(inner.as('s'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function newestAdminActionId(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('admin_action')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

export async function adminActionBatch(
  db: Executor,
  filter: AdminActionFilter,
  bounds: Bounds & { readonly upToId: number },
  limit: number,
): Promise<AdminActionRow[]> {
  const rows = await selectAdminRows(db)
    .where((eb) => adminWhere(eb, filter, bounds))
    .orderBy('admin_action.at', 'desc')
    .orderBy('admin_action.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
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
    db
      .selectFrom('audit_checkpoint')
      .select(['size', 'root_hash', 'sealed_at'])
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst(),
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
    checkpoint: checkpoint && { ...checkpoint, size: Number(checkpoint.size) },
    rows: Number(counts.rows[0]?.rows ?? 0),
    leaves: Number(counts.rows[0]?.leaves ?? 0),
    verification: verification && { ...verification, size: Number(verification.size) },
  };
}

export interface AuditExportEntry {
  readonly at: Date;
  readonly userId: number;
  /** The agency the search was narrowed to, if any. */
  readonly agencyId: number | null;
  readonly clientIp: string;
  /** The NIK the search was narrowed to, if any: a search by that NIK finds the export. */
  readonly nik: string | undefined;
  /** What was exported, in words: the list, the format, the filter, the rows. */
  readonly description: string;
}

/** One EKSPOR row per export of the audit trail, written before any row leaves. */
export async function insertAuditExport(db: Executor, entry: AuditExportEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      action: 'EKSPOR',
      channel: 'PORTAL',
      user_id: entry.userId,
      agency_id: entry.agencyId,
      client_ip: entry.clientIp,
      nik: entry.nik ?? null,
      purpose: entry.description,
      response_code: 'BERHASIL',
    })
    .execute();
}
