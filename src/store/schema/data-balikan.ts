import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.js';

// Return data (data balikan) and its uploaded files.

export interface DataBalikanTable {
  id: Generated<number>;
  agreement_id: number;
  agency_id: number;
  nik: string;
  fields: ColumnType<Record<string, string>, string, never>;
  version: number;
  is_current: ColumnType<boolean, boolean | undefined, boolean>;
  channel: string;
  submitted_by: number;
  received_at: Timestamp;
}

/** A return-data file uploaded on the portal (migrations/003_data_balikan_upload.sql). */
export interface DataBalikanUploadTable {
  id: Generated<number>;
  agreement_id: number;
  agency_id: number;
  uploaded_by: number;
  file_name: string;
  format: string;
  size_bytes: number;
  status: string;
  line_read: ColumnType<number, number | undefined, number>;
  line_total: number | null;
  received: number | null;
  acceptable: number | null;
  refused: number | null;
  added: number | null;
  corrected: number | null;
  unchanged: number | null;
  applied_mode: string | null;
  applied_by: number | null;
  applied_at: Timestamp | null;
  problem: string | null;
  created_at: Timestamp;
  heartbeat_at: Timestamp;
  finished_at: Timestamp | null;
  expires_at: Timestamp;
}

/** A valid (fields) or refused (reasons) row of an upload. */
export interface DataBalikanUploadRowTable {
  upload_id: number;
  line: number;
  nik: string;
  fields: ColumnType<Record<string, unknown> | null, string | null, never>;
  reasons: string[] | null;
}
