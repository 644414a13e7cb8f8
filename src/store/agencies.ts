import { sql, type ExpressionBuilder } from 'kysely';
import { inForceBy } from './agreements.js';
import type { Executor } from './db.js';
import type { Database } from './schema.js';
import { likePattern, pageWithTotal } from './list-query.js';

/** What an agency record holds besides its code; all but the name may be unknown. */
export interface AgencyDetails {
  readonly name: string;
  readonly address: string | null;
  readonly headTitle: string | null;
  readonly headName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface NewAgency extends Partial<Omit<AgencyDetails, 'name'>> {
  readonly code: string;
  readonly name: string;
}

export async function insertAgency(db: Executor, agency: NewAgency): Promise<number> {
  const row = await db
    .insertInto('agency')
    .values({
      code: agency.code,
      name: agency.name,
      address: agency.address ?? null,
      head_title: agency.headTitle ?? null,
      head_name: agency.headName ?? null,
      email: agency.email ?? null,
      phone: agency.phone ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAgency(
  db: Executor,
  agencyId: number,
  details: AgencyDetails,
): Promise<void> {
  await db
    .updateTable('agency')
    .set({
      name: details.name,
      address: details.address,
      head_title: details.headTitle,
      head_name: details.headName,
      email: details.email,
      phone: details.phone,
    })
    .where('id', '=', agencyId)
    .execute();
}

export async function findAgencyByCode(db: Executor, code: string) {
  return db.selectFrom('agency').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findAgencyById(db: Executor, agencyId: number) {
  return db.selectFrom('agency').selectAll().where('id', '=', agencyId).executeTakeFirst();
}

/**
 * Locks an agency's row for the length of the transaction: every change of the agency or
 * of its agreements takes it first, so that two of them cannot interleave (e.g. two
 * agreements put in force at once). NO KEY UPDATE: lookups, which only reference the row,
 * are not held up.
 */
export async function lockAgency(db: Executor, agencyId: number) {
  return db
    .selectFrom('agency')
    .selectAll()
    .where('id', '=', agencyId)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

export async function setAgencyStatus(
  db: Executor,
  agencyId: number,
  status: 'AKTIF' | 'NON_AKTIF',
) {
  await db.updateTable('agency').set({ status }).where('id', '=', agencyId).execute();
}

export async function countAgencies(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('agency')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AgencyFilter {
  readonly status?: 'AKTIF' | 'NON_AKTIF';
  /** Part of the code or the name. */
  readonly text?: string;
  /** YYYY-MM-DD, WIB: which agreement is in force. */
  readonly today: string;
}

/** The tables a query from `agency as ag` sees. */
type AgencyScope = Database & { ag: Database['agency'] };

function filteredAgencies(db: Executor, filter: AgencyFilter) {
  let query = db.selectFrom('agency as ag');
  if (filter.status) query = query.where('ag.status', '=', filter.status);
  if (filter.text) {
    const pattern = likePattern(filter.text);
    query = query.where((eb) =>
      eb.or([eb('ag.code', 'ilike', pattern), eb('ag.name', 'ilike', pattern)]),
    );
  }
  return query;
}

/** The agreements of the agency `ag` in force on `day` (at most one). */
function agreementsInForce(eb: ExpressionBuilder<AgencyScope, 'ag'>, day: string) {
  return eb
    .selectFrom('agreement as p')
    .whereRef('p.agency_id', '=', 'ag.id')
    .where('p.status', '=', 'AKTIF')
    .where('p.signed_on', '<=', day)
    .where(inForceBy(day));
}

/** A page of agencies with their agreement in force today and their number of users. */
export async function listAgencies(
  db: Executor,
  filter: AgencyFilter,
  page: { limit: number; offset: number },
) {
  const { rows, total } = await pageWithTotal(
    filteredAgencies(db, filter)
      .select((eb) => [
        'ag.id',
        'ag.code',
        'ag.name',
        'ag.status',
        agreementsInForce(eb, filter.today)
          .select('p.nomor_dukcapil')
          .limit(1)
          .as('agreement_in_force'),
        agreementsInForce(eb, filter.today).select('p.ends_on').limit(1).as('agreement_ends_on'),
        eb
          .selectFrom('app_user as u')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('u.agency_id', '=', 'ag.id')
          .as('users'),
      ])
      .orderBy('ag.name')
      .orderBy('ag.id'),
    page,
  );
  return { rows: rows.map((row) => ({ ...row, users: Number(row.users ?? 0) })), total };
}

export async function countAgencyUsers(db: Executor, agencyId: number): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agency_id', '=', agencyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Ends at once every live portal session and API token of the agency's users (SPEC §4: when
 * the agreement ends or the agency is deactivated, they stop working). Returns how many.
 */
export async function revokeAgencySessions(
  db: Executor,
  agencyId: number,
  at: Date,
): Promise<number> {
  const result = await sql`
    UPDATE auth_session SET revoked_at = ${at}::timestamptz, revoked_because = 'INSTANSI_TIDAK_AKTIF'
    WHERE revoked_at IS NULL AND expires_at > ${at}::timestamptz
      AND user_id IN (SELECT id FROM app_user WHERE agency_id = ${agencyId}::int)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Whether an agency is active and has an agreement in force on `day` that grants `channel`:
 * what its users need to act at all (the same rule as login and lookup). Undefined when not;
 * otherwise whether that agreement is in its extension period (past its end date under a
 * timely extension request), which the portal shows on every page.
 */
export async function agencyInForce(
  db: Executor,
  agencyId: number,
  day: string,
  channel: 'PORTAL' | 'API',
): Promise<{ readonly inExtension: boolean } | undefined> {
  const row = await db
    .selectFrom('agency as ag')
    .select((eb) =>
      agreementsInForce(eb, day)
        .select(sql<boolean>`p.ends_on < ${day}::date`.as('in_extension'))
        .where(sql<boolean>`${channel} = ANY (p.access_methods)`)
        .limit(1)
        .as('in_extension'),
    )
    .where('ag.id', '=', agencyId)
    .where('ag.status', '=', 'AKTIF')
    .executeTakeFirst();
  if (!row || row.in_extension === null) return undefined;
  return { inExtension: row.in_extension === true };
}
