import crypto from 'node:crypto';
import type { Tx } from '../../store/db.js';
import { claimKey, dropExpiredKeys, findKeptAnswer, keepAnswer } from '../../store/idempotency.js';
import type { Deps } from '../deps.js';

/**
 * Idempotency-Key (as in the IETF draft of that header): a client that lost an answer sends
 * the same request again with the same key and gets the first answer back, instead of a
 * second submission. Keys belong to a user and are kept for a day.
 */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** Visible ASCII, as a header carries it; the table allows 1–200 characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** An answer as sent: its status and the exact JSON text of its body. */
export interface KeptAnswer {
  readonly status: number;
  readonly body: string;
}

export type IdempotentOutcome =
  | { readonly kind: 'NEW'; readonly answer: KeptAnswer }
  | { readonly kind: 'REPLAYED'; readonly answer: KeptAnswer }
  /** The key already answered a different request. */
  | { readonly kind: 'KEY_REUSED' };

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests "the same": the operation and its content, whatever the order of
 * keys or the spacing of the JSON the client sent.
 */
export function requestFingerprint(operation: string, content: unknown): Buffer {
  return crypto
    .createHash('sha256')
    .update(operation)
    .update('\n')
    .update(canonicalJson(content))
    .digest();
}

/**
 * Runs `work` once per user and key. The key is taken first, in the transaction `work`
 * writes in, and the answer is kept there too: the data and the key's answer commit
 * together or not at all. A concurrent request with the same key waits for that commit and
 * then gets the kept answer; nothing is written twice.
 */
export async function runOnce(
  deps: Deps,
  request: { readonly userId: number; readonly key: string; readonly fingerprint: Buffer },
  work: (transaction: Tx) => Promise<KeptAnswer>,
): Promise<IdempotentOutcome> {
  const now = deps.clock();
  const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_HOURS * 3600_000);
  return deps.db.transaction().execute(async (trx): Promise<IdempotentOutcome> => {
    await dropExpiredKeys(trx, { userId: request.userId, key: request.key, expiredBefore });
    const claimed = await claimKey(trx, {
      userId: request.userId,
      key: request.key,
      requestHash: request.fingerprint,
      at: now,
    });
    if (claimed) {
      const answer = await work(trx);
      await keepAnswer(trx, { userId: request.userId, key: request.key, ...answer });
      return { kind: 'NEW', answer };
    }
    const kept = await findKeptAnswer(trx, request.userId, request.key);
    if (!kept) throw new Error('idempotency key neither claimed nor found');
    if (!kept.requestHash.equals(request.fingerprint)) return { kind: 'KEY_REUSED' };
    return { kind: 'REPLAYED', answer: { status: kept.status, body: kept.body } };
  });
}
