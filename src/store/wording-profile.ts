import type { Executor } from './db.js';

/** The refusal wording of an agreement's compatible clients (migration 027). */

export async function findWordingProfile(db: Executor, agreementId: number) {
  return db
    .selectFrom('agreement')
    .select(['id', 'agency_id', 'nomor_dukcapil', 'wording_profile'])
    .where('id', '=', agreementId)
    .executeTakeFirst();
}

export async function updateWordingProfile(
  db: Executor,
  agreementId: number,
  profile: string,
): Promise<void> {
  await db
    .updateTable('agreement')
    .set({ wording_profile: profile })
    .where('id', '=', agreementId)
    .execute();
}

/**
 * The wording of a user's agency: its agreement in force today, else its latest agreement
 * (an ended one's users are refused in its words too); undefined for a user of no agency.
 */
export async function wordingProfileOfUser(
  db: Executor,
  userId: string,
  day: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('app_user as u')
    .innerJoin('agreement as p', 'p.agency_id', 'u.agency_id')
    .select('p.wording_profile')
    .where('u.user_id', '=', userId)
    .where('p.status', '<>', 'DRAFT')
    .where('p.status', '<>', 'BATAL')
    .orderBy((eb) =>
      eb
        .case()
        .when(eb.and([eb('p.status', '=', 'AKTIF'), eb('p.signed_on', '<=', day)]))
        .then(0)
        .else(1)
        .end(),
    )
    .orderBy('p.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.wording_profile;
}
