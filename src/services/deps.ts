import type { Db } from '../store/db.js';
import type { Clock } from '../domain/time.js';

/** What every use case receives: the database and the clock (tests fix the clock). */
export interface Deps {
  readonly db: Db;
  readonly clock: Clock;
  /** Lifetime of a bearer token and of a portal session, in seconds. */
  readonly tokenTtlSeconds: number;
  readonly sessionTtlSeconds: number;
  /** GERBANG_SECRET_KEY; absent: a key generated once and kept in the database (secret-box.ts). */
  readonly secretKey?: Buffer | undefined;
}
