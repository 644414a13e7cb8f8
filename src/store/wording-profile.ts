import { sql } from 'kysely';
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
 * Of an agency's agreements, the one whose wording its callers get: the one in force today
 * first, else the latest (an ended one's users are refused in its words too); drafts and
 * cancelled ones never.
 */
function wordingAgreementOrder(day: string) {
  return sql<number>`CASE WHEN p.status = 'AKTIF' AND p.signed_on <= ${day}::date THEN 0 ELSE 1 END`;
}

/** The wording of a user's agency (wordingAgreementOrder); undefined for a user of no agency. */
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
    .where('p.status', 'not in', ['DRAFT', 'BATAL'])
    .orderBy(wordingAgreementOrder(day))
    .orderBy('p.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.wording_profile;
}

/**
 * The wording of the agency whose application holds the token (by its hash, live or not: the
 * words only); undefined for a token no application holds.
 */
export async function wordingProfileOfApplicationToken(
  db: Executor,
  tokenHash: Buffer,
  day: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('application_token as t')
    .innerJoin('application as a', 'a.id', 't.application_id')
    .innerJoin('agreement as p', 'p.agency_id', 'a.agency_id')
    .select('p.wording_profile')
    .where('t.token_hash', '=', tokenHash)
    .where('p.status', 'not in', ['DRAFT', 'BATAL'])
    .orderBy(wordingAgreementOrder(day))
    .orderBy('p.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.wording_profile;
}
