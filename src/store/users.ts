import { sql } from 'kysely';
import type { Executor } from './db.js';

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
 * What a login needs to decide: the user, the agency's state, and — from the agreement in
 * force on `day` — its access methods and whether the client's address is an access point.
 */
export async function findLoginSubject(
  db: Executor,
  userId: string,
  day: string,
  clientIp: string,
) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('agency as ag', 'ag.id', 'u.agency_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('agreement as p')
          .select([
            'p.id',
            'p.access_methods',
            sql<boolean>`${clientIp}::inet <<= ANY (p.access_points)`.as('address_allowed'),
          ])
          .whereRef('p.agency_id', '=', 'u.agency_id')
          .where('p.status', '=', 'AKTIF')
          .where('p.signed_on', '<=', day)
          .where('p.ends_on', '>=', day)
          .orderBy('p.ends_on', 'desc')
          .limit(1)
          .as('pks'),
      (join) => join.onTrue(),
    )
    .select([
      'u.id',
      'u.user_id',
      'u.password_hash',
      'u.status',
      'u.role',
      'u.agency_id',
      'ag.status as agency_status',
      'pks.id as agreement_id',
      'pks.access_methods',
      'pks.address_allowed',
    ])
    .where('u.user_id', '=', userId)
    .executeTakeFirst();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
