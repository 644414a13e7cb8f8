import { sql } from 'kysely';
import type { Executor, Tx } from './db.js';

/** One user's key, and the moment before which a kept answer has expired. */
export interface KeyRef {
  readonly userId: number;
  readonly key: string;
  readonly expiredBefore: Date;
}

// Expired keys of the caller are swept a few at a time on each new request: the table
// stays small without a scheduled job.
const SWEEP_BATCH = 100;

/**
 * Drops the expired answer of this key, so the key may be used afresh, and sweeps some of
 * the user's other expired keys. The sweep skips rows another transaction holds, so that
 * requests never wait on each other's clean-up.
 */
export async function dropExpiredKeys(trx: Tx, ref: KeyRef): Promise<void> {
  await trx
    .deleteFrom('idempotency_key')
    .where('user_id', '=', ref.userId)
    .where('key', '=', ref.key)
    .where('created_at', '<=', ref.expiredBefore)
    .execute();
  await sql`
    DELETE FROM idempotency_key
    WHERE user_id = ${ref.userId}::int AND key IN (
      SELECT key FROM idempotency_key
      WHERE user_id = ${ref.userId}::int AND created_at <= ${ref.expiredBefore}::timestamptz
        AND key <> ${ref.key}
      LIMIT ${SWEEP_BATCH}::int
      FOR UPDATE SKIP LOCKED)`.execute(trx);
}

/**
 * Takes the key for this request. A concurrent request holding the same key makes this
 * wait until it ends (the primary key's uniqueness check), then lose: false means the key
 * already has an answer, to be read with findKeptAnswer.
 */
export async function claimKey(
  trx: Tx,
  input: { userId: number; key: string; requestHash: Buffer; at: Date },
): Promise<boolean> {
  const row = await trx
    .insertInto('idempotency_key')
    .values({
      user_id: input.userId,
      key: input.key,
      request_hash: input.requestHash,
      // Placeholders until keepAnswer, in the same transaction: no one sees them.
      response_status: 0,
      response_body: JSON.stringify(null),
      created_at: input.at,
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The answer kept for a claimed key; the body is the exact text first sent. */
export async function keepAnswer(
  trx: Tx,
  input: { userId: number; key: string; status: number; body: string },
): Promise<void> {
  await sql`
    UPDATE idempotency_key
    SET response_status = ${input.status}::int, response_body = to_jsonb(${input.body}::text)
    WHERE user_id = ${input.userId}::int AND key = ${input.key}`.execute(trx);
}

export async function findKeptAnswer(db: Executor, userId: number, key: string) {
  const row = await db
    .selectFrom('idempotency_key')
    .select(['request_hash', 'response_status', 'response_body', 'created_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    // PGlite answers bytea as a Uint8Array, pg as a Buffer.
    requestHash: Buffer.from(row.request_hash),
    status: row.response_status,
    // Kept as a JSON string so that the replay is byte-equal (jsonb would reorder keys).
    body: row.response_body as string,
  };
}
