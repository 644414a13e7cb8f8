import type { Executor } from './db.js';

/** The portal's step between a right password and its TOTP code (migration 008). */
export async function insertLoginChallenge(
  db: Executor,
  input: { tokenHash: Buffer; userId: number; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('login_challenge')
    .values({
      token_hash: input.tokenHash,
      user_id: input.userId,
      created_at: input.createdAt,
      expires_at: input.expiresAt,
    })
    .execute();
}

/** The user ID waiting for its code, while the challenge is live and unused. */
export async function findLoginChallenge(db: Executor, tokenHash: Buffer, now: Date) {
  return db
    .selectFrom('login_challenge as c')
    .innerJoin('app_user as u', 'u.id', 'c.user_id')
    .select(['c.user_id as id', 'u.user_id'])
    .where('c.token_hash', '=', tokenHash)
    .where('c.used_at', 'is', null)
    .where('c.expires_at', '>', now)
    .executeTakeFirst();
}

/** Spends a challenge: true for the one request that did (two tabs cannot both use it). */
export async function spendLoginChallenge(
  db: Executor,
  tokenHash: Buffer,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('login_challenge')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Challenges are worth nothing after they expire: keep the table small. */
export async function deleteExpiredLoginChallenges(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('login_challenge').where('expires_at', '<', now).execute();
}
