import type { ColumnType, Generated } from 'kysely';
import type { IsoDate, Timestamp } from './columns.js';

// Users, their documents, sign-in and sessions.

export interface AppUserTable {
  id: Generated<number>;
  user_id: string;
  display_name: string;
  agency_id: number | null;
  role: string;
  password_hash: string;
  status: ColumnType<string, string | undefined, string>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  nda_signed_on: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>;
  sptjm_signed_on: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  password_changed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Sealed by services/secret-box.ts. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  totp_required: ColumnType<boolean, boolean | undefined, boolean>;
  /** migrations/010: where the user gets deadline reminders (agency heads). */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  /** migrations/012: ALASAN policy — the next lookup must carry a written reason. */
  reason_required_since: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface UserDocumentTable {
  id: Generated<number>;
  user_id: number;
  agency_id: number;
  kind: string;
  signed_on: IsoDate;
  content: Buffer;
  content_type: string;
  size_bytes: number;
  sha256: Buffer;
  file_name: string | null;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
  superseded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface LoginChallengeTable {
  token_hash: Buffer;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ServerSecretTable {
  name: string;
  value: Buffer;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface SessionTable {
  token_hash: Buffer;
  user_id: number;
  kind: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** migrations/007: the refusal that ended it, when an administrative action did. */
  revoked_because: ColumnType<string | null, string | null | undefined, string | null>;
}

/** migrations/023_login_limit.sql: failed logins per address and per account (issue 13). */
export interface LoginLimitTable {
  key_hash: Buffer;
  window_start: Date;
  hits: number;
}
