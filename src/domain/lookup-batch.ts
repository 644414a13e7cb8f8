/**
 * How the lookups that arrive together are batched (issue 13; services/lookup/lookup-batch.ts):
 * GERBANG_LOOKUP_BATCH and GERBANG_LOOKUP_BATCH_FLIGHTS (config.ts).
 */
export interface LookupBatchSettings {
  /** Most lookups in one batch; 1: every lookup alone. */
  readonly size: number;
  /** Batches running at once. */
  readonly flights: number;
}

export const DEFAULT_LOOKUP_BATCH: LookupBatchSettings = { size: 32, flights: 4 };

/**
 * Batches running at once on PostgreSQL by default: a quarter of the process's connections, at
 * most DEFAULT_LOOKUP_BATCH.flights. The rest of the pool serves the portal's other queries; and
 * several processes on one machine then share the same few flights between them instead of
 * splitting the arriving lookups into more, smaller batches (2 processes with 4 flights each
 * cost 14 % more CPU per lookup than with 2 each on this 2-core machine).
 */
export function defaultFlights(poolSize: number): number {
  return Math.min(DEFAULT_LOOKUP_BATCH.flights, Math.max(1, Math.floor(poolSize / 4)));
}
