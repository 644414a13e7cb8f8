import { sql, type ExpressionBuilder } from 'kysely';
import { inForceBy } from './agreements.js';
import type { Executor } from './db.js';
import type { AppUserTable, Database } from './schema.js';

export interface NewUser {
  readonly userId: string;
  readonly displayName: string;
  readonly agencyId: number | null;
  readonly role: string;
  readonly passwordHash: string;
  readonly mustChangePassword?: boolean;
  readonly totpRequired?: boolean;
}

export async function insertUser(db: Executor, user: NewUser): Promise<number> {
  const row = await db
    .insertInto('app_user')
    .values({
      user_id: user.userId,
      display_name: user.displayName,
      agency_id: user.agencyId,
      role: user.role,
      password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword ?? false,
      totp_required: user.totpRequired ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setUserStatus(
  db: Executor,
  id: number,
  status: 'AKTIF' | 'NON_AKTIF' | 'DITAHAN',
) {
  await db.updateTable('app_user').set({ status }).where('id', '=', id).execute();
}

export async function findUserByUserId(db: Executor, userId: string) {
  return db.selectFrom('app_user').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/**
 * The agreement of the user's agency in force on `day` (lateral join): its id, schema,
 * access methods, and whether `clientIp` is one of its access points.
 */
function agreementInForce(day: string, clientIp: string) {
  return (eb: ExpressionBuilder<Database & { u: AppUserTable }, 'u'>) =>
    eb
      .selectFrom('agreement as p')
      .select([
        'p.id',
        'p.access_methods',
        'p.data_balikan_schema',
        sql<boolean>`${clientIp}::inet <<= ANY (p.access_points)`.as('address_allowed'),
      ])
      .whereRef('p.agency_id', '=', 'u.agency_id')
      .where('p.status', '=', 'AKTIF')
      .where('p.signed_on', '<=', day)
      .where(inForceBy(day))
      .orderBy('p.ends_on', 'desc')
      .limit(1)
      .as('pks');
}

/** The user with their agency's state and the agreement in force (see domain/access.ts). */
function subjectQuery(db: Executor, day: string, clientIp: string) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('agency as ag', 'ag.id', 'u.agency_id')
    .leftJoinLateral(agreementInForce(day, clientIp), (join) => join.onTrue())
    .select([
      'u.id',
      'u.user_id',
      'u.display_name',
      'u.password_hash',
      'u.locked_until',
      'u.status',
      'u.role',
      'u.agency_id',
      'u.must_change_password',
      'u.totp_secret',
      'u.totp_enabled_at',
      'u.totp_required',
      'ag.status as agency_status',
      'pks.id as agreement_id',
      'pks.access_methods',
      'pks.address_allowed',
      'pks.data_balikan_schema',
    ]);
}

/** What a login needs to decide, by user ID. */
export async function findLoginSubject(
  db: Executor,
  userId: string,
  day: string,
  clientIp: string,
) {
  return subjectQuery(db, day, clientIp).where('u.user_id', '=', userId).executeTakeFirst();
}

/** The same for the holder of a live session or bearer token of the given kind. */
export async function findSessionSubject(
  db: Executor,
  input: { tokenHash: Buffer; kind: 'PORTAL' | 'API'; now: Date; day: string; clientIp: string },
) {
  return (
    subjectQuery(db, input.day, input.clientIp)
      .innerJoin('auth_session as se', 'se.user_id', 'u.id')
      .where('se.token_hash', '=', input.tokenHash)
      .where('se.kind', '=', input.kind)
      // Ended by an administrative action: still found, so that its refusal is answered
      // while it applies (migration 007); the caller refuses it in any case.
      .where((eb) =>
        eb.or([eb('se.revoked_at', 'is', null), eb('se.revoked_because', 'is not', null)]),
      )
      .where('se.expires_at', '>', input.now)
      .select('se.revoked_at as session_revoked_at')
      .executeTakeFirst()
  );
}

/**
 * Counts a wrong password, atomically: while the account is locked only the count grows;
 * otherwise (a lock that has run out starts a fresh count) the failure that reaches
 * `maxFailures` locks the account until `now + lockMinutes`.
 */
export async function recordFailedLogin(
  db: Executor,
  input: { id: number; now: Date; maxFailures: number; lockMinutes: number },
): Promise<void> {
  await sql`
    UPDATE app_user SET
      failed_logins = CASE
        WHEN locked_until IS NOT NULL AND locked_until <= ${input.now}::timestamptz THEN 1
        ELSE failed_logins + 1 END,
      locked_until = CASE
        WHEN locked_until > ${input.now}::timestamptz THEN locked_until
        WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_logins + 1 END) >= ${input.maxFailures}::int
          THEN ${input.now}::timestamptz + make_interval(mins => ${input.lockMinutes}::int)
      END
    WHERE id = ${input.id}::int`.execute(db);
}

/** A successful login or an admin's unlock: the count starts again. */
export async function clearFailedLogins(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('failed_logins', '>', 0), eb('locked_until', 'is not', null)]))
    .execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Sessions and tokens of a user stop working at once (deactivation, reset, own change).
 * `because` names the refusal a revoked token is answered with while it applies (migration
 * 007): a deactivated user's token says USER_NON_AKTIF rather than GAGAL_LOGIN.
 */
export async function revokeUserSessions(
  db: Executor,
  input: { id: number; at: Date; except?: Buffer | undefined; because?: 'USER_NON_AKTIF' },
): Promise<number> {
  let query = db
    .updateTable('auth_session')
    .set({ revoked_at: input.at, revoked_because: input.because ?? null })
    .where('user_id', '=', input.id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', input.at);
  if (input.except) query = query.where('token_hash', '!=', input.except);
  const result = await query.executeTakeFirst();
  await db.deleteFrom('login_challenge').where('user_id', '=', input.id).execute();
  return Number(result.numUpdatedRows);
}

export interface UserListFilter {
  readonly agencyId?: number | undefined;
  readonly role?: string | undefined;
  readonly status?: string | undefined;
  /** Agency staff whose required document (NDA / SPTJM) is not recorded. */
  readonly documentsMissing?: boolean | undefined;
  /** Part of the user ID or the name. */
  readonly search?: string | undefined;
}

const documentsMissing = sql<boolean>`(u.role = 'OPERATOR' AND u.nda_signed_on IS NULL)
  OR (u.role = 'KEPALA_INSTANSI' AND (u.sptjm_signed_on IS NULL OR u.nda_signed_on IS NULL))`;

/** One page of users, newest first, with the total that match (for paging). */
export async function listUsers(
  db: Executor,
  filter: UserListFilter,
  page: { limit: number; offset: number },
) {
  let query = db
    .selectFrom('app_user as u')
    .leftJoin('agency as ag', 'ag.id', 'u.agency_id')
    .select([
      'u.id',
      'u.user_id',
      'u.display_name',
      'u.role',
      'u.status',
      'u.locked_until',
      'u.nda_signed_on',
      'u.sptjm_signed_on',
      'u.must_change_password',
      'u.totp_enabled_at',
      'u.created_at',
      'ag.code as agency_code',
      'ag.name as agency_name',
      sql<number>`count(*) OVER ()`.as('total'),
    ])
    .orderBy('u.id', 'desc')
    .limit(page.limit)
    .offset(page.offset);
  if (filter.agencyId !== undefined) query = query.where('u.agency_id', '=', filter.agencyId);
  if (filter.role) query = query.where('u.role', '=', filter.role);
  if (filter.status) query = query.where('u.status', '=', filter.status);
  if (filter.documentsMissing) query = query.where(documentsMissing);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('u.user_id', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]),
    );
  }
  const rows = await query.execute();
  return { rows, total: rows.length > 0 ? Number(rows[0]!.total) : 0 };
}

/** A user with their agency, as the consoles show them; never the password hash or secret. */
export async function findUserCard(db: Executor, userId: string) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('agency as ag', 'ag.id', 'u.agency_id')
    .select([
      'u.id',
      'u.user_id',
      'u.display_name',
      'u.role',
      'u.status',
      'u.agency_id',
      'u.failed_logins',
      'u.locked_until',
      'u.nda_signed_on',
      'u.sptjm_signed_on',
      'u.must_change_password',
      'u.password_changed_at',
      'u.totp_enabled_at',
      'u.totp_required',
      sql<boolean>`u.totp_secret IS NOT NULL AND u.totp_enabled_at IS NULL`.as('totp_pending'),
      'u.created_at',
      'ag.code as agency_code',
      'ag.name as agency_name',
    ])
    .where('u.user_id', '=', userId)
    .executeTakeFirst();
}

export async function findUserCardById(db: Executor, id: number) {
  const row = await db
    .selectFrom('app_user')
    .select('user_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? findUserCard(db, row.user_id) : undefined;
}

/** What password and TOTP checks of one's own account need. */
export async function findAccountSecrets(db: Executor, id: number) {
  return db
    .selectFrom('app_user')
    .select([
      'id',
      'user_id',
      'role',
      'agency_id',
      'password_hash',
      'totp_secret',
      'totp_enabled_at',
      'totp_last_step',
      'totp_required',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function setPassword(
  db: Executor,
  input: { id: number; passwordHash: string; mustChange: boolean; at: Date },
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({
      password_hash: input.passwordHash,
      must_change_password: input.mustChange,
      password_changed_at: input.at,
    })
    .where('id', '=', input.id)
    .execute();
}

export async function setMustChangePassword(db: Executor, id: number, value: boolean) {
  await db
    .updateTable('app_user')
    .set({ must_change_password: value })
    .where('id', '=', id)
    .execute();
}

export async function setTotpRequired(db: Executor, id: number, value: boolean) {
  await db.updateTable('app_user').set({ totp_required: value }).where('id', '=', id).execute();
}

/** A new secret waiting for its first code (replaces a pending one; never an enabled one). */
export async function setPendingTotpSecret(
  db: Executor,
  id: number,
  sealed: string,
): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ totp_secret: sealed, totp_last_step: null })
    .where('id', '=', id)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function enableTotp(db: Executor, id: number, at: Date): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ totp_enabled_at: at })
    .where('id', '=', id)
    .where('totp_secret', 'is not', null)
    .execute();
}

export async function clearTotp(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', id)
    .execute();
}

/**
 * Claims a TOTP time-step for a user: true when it is later than the last one accepted
 * (atomic, so two requests with the same code cannot both pass).
 */
export async function claimTotpStep(db: Executor, id: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The administrative history of one user (creation, status, resets, documents): the actions
 * whose target is the user ID (agency codes are upper case, user IDs lower case), newest first.
 */
export async function userHistory(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('admin_action as a')
    .leftJoin('app_user as actor', 'actor.id', 'a.actor_id')
    .select(['a.id', 'a.at', 'a.action', 'a.reason', 'a.detail', 'actor.user_id as actor'])
    .where('a.target', '=', userId)
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

/** Agencies to choose from in the consoles' forms and filters. */
export async function agencyChoices(db: Executor) {
  return db.selectFrom('agency').select(['id', 'code', 'name', 'status']).orderBy('code').execute();
}
