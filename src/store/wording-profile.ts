import { sql, type Expression } from 'kysely';
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
 * The wording of the agency `agencyId` names: of its agreements, the one in force today first,
 * else the latest (an ended one's users are refused in its words too); drafts and cancelled
 * ones never. Undefined when no agreement qualifies (or no agency is named).
 */
async function wordingProfileOfAgency(
  db: Executor,
  agencyId: Expression<number | null>,
  day: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('agreement as p')
    .select('p.wording_profile')
    .where('p.agency_id', '=', agencyId)
    .where('p.status', 'not in', ['DRAFT', 'BATAL'])
    .orderBy(sql`CASE WHEN p.status = 'AKTIF' AND p.signed_on <= ${day}::date THEN 0 ELSE 1 END`)
    .orderBy('p.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.wording_profile;
}

/** The wording of a user's agency; undefined for a user of no agency. */
export function wordingProfileOfUser(
  db: Executor,
  userId: string,
  day: string,
): Promise<string | undefined> {
  const agency = db
    .selectFrom('app_user')
    .select('agency_id')
    .where('user_id', '=', userId)
    .$asScalar();
  return wordingProfileOfAgency(db, agency, day);
}

/**
 * The wording of the agency whose application holds the token (by its hash, live or not: the
 * words only); undefined for a token no application holds.
 */
export function wordingProfileOfApplicationToken(
  db: Executor,
  tokenHash: Buffer,
  day: string,
): Promise<string | undefined> {
  const agency = db
    .selectFrom('application_token as t')
    .innerJoin('application as a', 'a.id', 't.application_id')
    .select('a.agency_id')
    .where('t.token_hash', '=', tokenHash)
    .$asScalar();
  return wordingProfileOfAgency(db, agency, day);
}
