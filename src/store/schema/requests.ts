import type { ColumnType, Generated } from 'kysely';
import type { IsoDate, Timestamp } from './columns.js';

// Requests to Dukcapil, their BAST, and PoC checklists and results.

export interface RequestTable {
  id: Generated<number>;
  agency_id: number;
  agreement_id: number;
  kind: string;
  letter_number: string;
  letter_date: IsoDate;
  /** The kind's form (domain/requests.ts, domain/user-id-change.ts) as JSON. */
  payload: ColumnType<unknown, string, never>;
  state: ColumnType<string, string | undefined, string>;
  scheduled_on: ColumnType<IsoDate | null, never, IsoDate>;
  answer_number: ColumnType<string | null, never, string>;
  answer_date: ColumnType<IsoDate | null, never, IsoDate>;
  decision_reason: ColumnType<string | null, never, string | null>;
  filed_by: number;
  filed_at: Timestamp;
  scheduled_by: ColumnType<number | null, never, number>;
  scheduled_at: ColumnType<Date | null, never, Date>;
  reviewed_by: ColumnType<number | null, never, number>;
  reviewed_at: ColumnType<Date | null, never, Date>;
  decided_by: ColumnType<number | null, never, number>;
  decided_at: ColumnType<Date | null, never, Date>;
}

export interface RequestHistoryTable {
  id: Generated<number>;
  request_id: number;
  at: Timestamp;
  actor_id: number | null;
  from_state: string | null;
  to_state: string;
  note: string | null;
}

export interface RequestAttachmentTable {
  id: Generated<number>;
  request_id: number;
  purpose: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: Buffer;
  content: Buffer;
  uploaded_by: number;
  uploaded_at: Timestamp;
}

export interface BastTable {
  id: Generated<number>;
  request_id: number;
  nomor: string;
  tanggal: IsoDate;
  user_id: number;
  created_by: number | null;
  created_at: Timestamp;
}

/** migrations/027: a PoC checklist's case (domain/poc-checklist.ts). */
export interface PocChecklistCaseTable {
  request_id: number;
  case_code: string;
  passed: boolean;
  note: string;
  recorded_by: number;
  recorded_at: Timestamp;
}

/** migrations/027: a PoC's result as its letter states it. */
export interface PocResultTable {
  request_id: number;
  letter_number: string;
  letter_date: IsoDate;
  application: string;
  passed: boolean;
  cases: ColumnType<unknown, string, never>;
  conclusion: string;
  recorded_by: number;
  recorded_at: Timestamp;
}
