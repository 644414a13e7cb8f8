import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from './db.js';
import type { AppUserTable, Database } from './schema.js';

export interface NewUser {
  readonly userId: string;
  readonly displayName: string;
  readonly agencyId: number | null;
  readonly role: string;
  readonly passwordHash: string;
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
      .where('p.ends_on', '>=', day)
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
  return subjectQuery(db, input.day, input.clientIp)
    .innerJoin('auth_session as se', 'se.user_id', 'u.id')
    .where('se.token_hash', '=', input.tokenHash)
    .where('se.kind', '=', input.kind)
    .where('se.revoked_at', 'is', null)
    .where('se.expires_at', '>', input.now)
    .executeTakeFirst();
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
