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
