import { sql } from 'kysely';
import type { Executor } from './db.js';

/** A key's count in its window (migration 023); `windowStart` null when it has none. */
export interface LoginLimitCount {
  readonly hits: number;
  readonly windowStart: Date | null;
}

/**
 * Counts one failed attempt under a key, atomically across processes: a key whose window
 * has ended (or that has none) starts a new window at `now` with 1, otherwise its count
 * grows. Every SET expression reads the row as it was, so both columns see the old window.
 */
export async function countLoginLimit(
  db: Executor,
  input: { keyHash: Buffer; now: Date; windowMs: number },
): Promise<LoginLimitCount> {
  const ended = new Date(input.now.getTime() - input.windowMs);
  const { rows } = await sql<{ hits: number; window_start: Date }>`
    INSERT INTO login_limit AS l (key_hash, window_start, hits)
    VALUES (${input.keyHash}, ${input.now}, 1)
    ON CONFLICT (key_hash) DO UPDATE SET
      hits = CASE WHEN l.window_start <= ${ended} THEN 1 ELSE l.hits + 1 END,
      window_start = CASE WHEN l.window_start <= ${ended} THEN ${input.now} ELSE l.window_start END
    RETURNING hits, window_start`.execute(db);
  const row = rows[0]!;
  return { hits: Number(row.hits), windowStart: new Date(row.window_start) };
}

/** A key's count in its current window, without counting (0 when the window has ended). */
export async function readLoginLimit(
  db: Executor,
  input: { keyHash: Buffer; now: Date; windowMs: number },
): Promise<LoginLimitCount> {
  const row = await db
    .selectFrom('login_limit')
    .select(['hits', 'window_start'])
    .where('key_hash', '=', input.keyHash)
    .where('window_start', '>', new Date(input.now.getTime() - input.windowMs))
    .executeTakeFirst();
  return row ? { hits: row.hits, windowStart: row.window_start } : { hits: 0, windowStart: null };
}

/** Forgets the keys whose window ended before `before`. */
export async function deleteEndedLoginLimits(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('login_limit').where('window_start', '<=', before).execute();
}
