import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.js';

// The audit trail, its seal, and the findings of the input-pattern policy.

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  action: string;
  channel: string;
  user_id: number | null;
  agency_id: number | null;
  agreement_id: ColumnType<number | null, number | null | undefined, never>;
  client_ip: string | null;
  nik: string | null;
  purpose: string | null;
  response_code: string;
  /** migrations/012: the written reason of a lookup made under the ALASAN policy. */
  reason: ColumnType<string | null, string | null | undefined, never>;
  /** migrations/024: what an access carries beyond the columns (JSON), sealed in leaf format 2. */
  detail: ColumnType<unknown, string | null | undefined, never>;
  /** migrations/020: the card reader a read came through (channel CARD_READER). */
  card_reader_id: ColumnType<number | null, number | null | undefined, never>;
}

export interface AdminActionTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  agency_id: number | null;
  action: string;
  target: string;
  reason: string | null;
  detail: ColumnType<unknown, string | null, never>;
}

/** migrations/011_audit_seal.sql: the sealed audit trail. */
export interface AuditSealLeafTable {
  position: number;
  source: 'audit_log' | 'admin_action';
  source_id: number;
  format: number;
  leaf_hash: Buffer;
}

export interface AuditSigningKeyTable {
  key_id: string;
  name: string;
  public_key: Buffer;
  private_key: Buffer | null;
  created_at: Date;
}

export interface AuditCheckpointTable {
  size: number;
  root_hash: Buffer;
  sealed_at: Date;
  key_id: string;
  note: string;
  frontier: Buffer[];
}

export interface AuditVerificationTable {
  id: Generated<number>;
  at: Date;
  ok: boolean;
  size: number;
  problem: string | null;
  duration_ms: number;
}

export interface PatternAlertTable {
  id: Generated<number>;
  /** null: an alert on a Dukcapil officer's access-history requests (migration 017). */
  agency_id: number | null;
  agreement_id: number | null;
  user_id: number | null;
  scope: 'PENGGUNA' | 'INSTANSI';
  kind: string;
  action: string;
  summary: string;
  /** PatternEvidence[] as JSON. */
  evidence: ColumnType<unknown, string, string>;
  repeats: ColumnType<number, number | undefined, number>;
  state: ColumnType<string, string | undefined, string>;
  note: string | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  created_at: Date;
  last_seen_at: Date;
  /** migrations/015: the e-mail outbox and the decision on the hold the alert made. */
  mailed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  hold_decision: ColumnType<string | null, string | null | undefined, string | null>;
  hold_decided_by: ColumnType<number | null, number | null | undefined, number | null>;
  hold_decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  hold_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** migrations/017: what the pattern is in — agencies' lookups, or Dukcapil's history requests. */
  source: ColumnType<AlertSourceColumn, AlertSourceColumn | undefined, AlertSourceColumn>;
}

type AlertSourceColumn = 'PENCARIAN' | 'RIWAYAT_AKSES';
