import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import { DEFAULT_LOOKUP_BATCH } from '../domain/lookup-batch.js';
import { createLookupBatcher, type LookupBatcher } from './lookup/lookup-batch.js';
import { PatternWindows } from './lookup/pattern-windows.js';
import { systemClock, type Clock } from '../domain/time.js';

/** What every use case receives: the database and the clock (tests fix the clock). */
export interface Deps {
  readonly db: Db;
  readonly clock: Clock;
  /** Lifetime of a bearer token and of a portal session, in seconds. */
  readonly tokenTtlSeconds: number;
  readonly sessionTtlSeconds: number;
  /** GERBANG_SECRET_KEY; absent: a key generated once and kept in the database (secret-box.ts). */
  readonly secretKey?: Buffer | undefined;
  /** GERBANG_AUDIT_KEY; absent: a key generated once and kept in the database (audit-seal/keys.ts). */
  readonly auditKey?: Buffer | undefined;
  /** false only for the bench's measurement without the input-pattern policy (GERBANG_OVERSIGHT). */
  readonly oversight?: boolean | undefined;
  /** Runs the lookup statement, batching the lookups that arrive together (lookup-batch.ts). */
  readonly lookups: LookupBatcher;
  /** The input-pattern policy's windows, in this process's memory (lookup/pattern-windows.ts). */
  readonly patternWindows: PatternWindows;
}

/** The settings the use cases read; tests pass these few instead of a whole Config. */
export type DepsSettings = Pick<Config, 'tokenTtlSeconds' | 'sessionTtlSeconds'> &
  Partial<Pick<Config, 'secretKey' | 'auditKey' | 'oversight' | 'lookupBatch'>>;

/**
 * The one place deps are built (server, CLI, tests), so a new dependency is added once. The
 * real clock unless an override (a test's fixed clock) says otherwise.
 */
export function makeDeps(
  config: DepsSettings,
  db: Db,
  overrides: Partial<Omit<Deps, 'db'>> = {},
): Deps {
  return {
    lookups: createLookupBatcher(db, config.lookupBatch ?? DEFAULT_LOOKUP_BATCH),
    patternWindows: new PatternWindows(),
    db,
    clock: systemClock,
    tokenTtlSeconds: config.tokenTtlSeconds,
    sessionTtlSeconds: config.sessionTtlSeconds,
    secretKey: config.secretKey,
    auditKey: config.auditKey,
    oversight: config.oversight ?? true,
    ...overrides,
  };
}
