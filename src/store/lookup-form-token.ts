import type { Executor } from './db.js';

/**
 * Spends a one-time token of the portal's lookup form: one INSERT … ON CONFLICT DO NOTHING
 * RETURNING. The primary key makes it atomic across server processes — of two posts of one
 * token, exactly one inserts the row (the other waits for it to commit, then conflicts).
 * True when this call spent it, false when it had been spent before.
 */
export async function spendLookupFormToken(
  db: Executor,
  input: { readonly tokenHash: Buffer; readonly userId: number; readonly at: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('lookup_form_token')
    .values({ token_hash: input.tokenHash, user_id: input.userId, spent_at: input.at })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets the tokens spent before `before` (index on spent_at); returns how many. */
export async function deleteLookupFormTokensSpentBefore(
  db: Executor,
  before: Date,
): Promise<number> {
  const result = await db
    .deleteFrom('lookup_form_token')
    .where('spent_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
