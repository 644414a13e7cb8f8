import type { ColumnType } from 'kysely';
import type { IsoDate, Timestamp } from './columns.js';

// The lookup's counters and one-time tokens.

export interface QuotaUsageTable {
  agency_id: number;
  day: IsoDate;
  shard: number;
  used: number;
}

export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  request_hash: Buffer;
  response_status: number;
  response_body: ColumnType<unknown, string, never>;
  created_at: Timestamp;
}

/** migrations/013_lookup_form_token.sql: spent one-time tokens of the portal's lookup form. */
export interface LookupFormTokenTable {
  token_hash: Buffer;
  user_id: number;
  spent_at: Date;
}
