/** Daily NIK hits per agency until it passes its proof of concept (SPEC §2). */
export const QUOTA_BEFORE_POC = 200;

/**
 * An unlimited agency's daily count is spread over this many rows, picked by database
 * session, so that its concurrent lookups do not wait on one row lock through every commit.
 * A lookup sums them to report the day's use, so more is not better: a few more than the
 * connections a server keeps busy at once.
 */
export const QUOTA_SHARDS = 16;

export type QuotaStage = 'PRA_POC' | 'PASCA_POC';

/** The daily limit of an agreement's stage; null means unlimited. */
export function dailyLimit(stage: QuotaStage): number | null {
  return stage === 'PRA_POC' ? QUOTA_BEFORE_POC : null;
}

export interface QuotaView {
  /** null when unlimited */
  readonly limit: number | null;
  readonly used: number;
  /** null when unlimited */
  readonly remaining: number | null;
}

export function quotaView(limit: number | null, used: number): QuotaView {
  return { limit, used, remaining: limit === null ? null : Math.max(0, limit - used) };
}
