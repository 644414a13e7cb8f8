import crypto from 'node:crypto';
import {
  countLoginLimit,
  deleteEndedLoginLimits,
  readLoginLimit,
  type LoginLimitCount,
} from '../../store/login-limits.js';
import type { Deps } from '../deps.js';

/**
 * The database behind the login rate limit (issue 13, password spraying): failed attempts
 * counted per key (an address or an account) in fixed windows, shared by every server
 * process on the database. The transport's rate-limit plugin decides what a key is and how
 * many attempts it may have (app-login-limits.ts); this only counts.
 */

/** What a rate-limit store answers: the count, and the milliseconds left of its window. */
export interface LimitState {
  readonly current: number;
  readonly ttl: number;
}

function keyHash(key: string): Buffer {
  return crypto.createHash('sha256').update(key, 'utf8').digest();
}

function stateOf(count: LoginLimitCount, now: Date, windowMs: number): LimitState {
  const ttl = count.windowStart ? count.windowStart.getTime() + windowMs - now.getTime() : 0;
  return { current: count.hits, ttl: Math.max(0, ttl) };
}

/**
 * Counts one failed attempt under `key` and returns its state. Rows of ended windows are
 * deleted first: failed logins are rare, so the table stays as small as the attackers of
 * the last window make it. `keepMs` is the longest window any limit uses.
 */
export async function countFailedLogin(
  deps: Deps,
  key: string,
  windowMs: number,
  keepMs: number,
): Promise<LimitState> {
  const now = deps.clock();
  await deleteEndedLoginLimits(deps.db, new Date(now.getTime() - Math.max(windowMs, keepMs)));
  const count = await countLoginLimit(deps.db, { keyHash: keyHash(key), now, windowMs });
  return stateOf(count, now, windowMs);
}

/** The failed attempts under `key` in its current window, counting nothing. */
export async function failedLoginsOf(
  deps: Deps,
  key: string,
  windowMs: number,
): Promise<LimitState> {
  const now = deps.clock();
  const count = await readLoginLimit(deps.db, { keyHash: keyHash(key), now, windowMs });
  return stateOf(count, now, windowMs);
}
