import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables, as the database returns them (see migrations/). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** DATE travels as its ISO text, YYYY-MM-DD (see db.ts). */
type IsoDate = string;

export interface ResidentTable {
  nik: string;
  nama_lengkap: string;
  jenis_kelamin: string;
  tempat_lahir: string;
  tanggal_lahir: IsoDate;
  status_perkawinan: string;
  jenis_pekerjaan: string;
  alamat: string;
  kode_desa: string;
  rt: string;
  rw: string;
  status: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AgencyTable {
  id: Generated<number>;
  code: string;
  name: string;
  status: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface AgreementTable {
  id: Generated<number>;
  agency_id: number;
  nomor_dukcapil: string;
  nomor_instansi: string;
  nomor_juknis: string | null;
  signed_on: IsoDate;
  ends_on: IsoDate;
  purpose: string;
  granted_elements: string[];
  access_methods: string[];
  access_points: string[];
  quota_stage: ColumnType<string, string | undefined, string>;
  status: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** A DataBalikanSchema (domain/data-balikan.ts) as JSON; null until Dukcapil sets it. */
  data_balikan_schema: ColumnType<unknown, string | null | undefined, string | null>;
}

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
}

export interface SessionTable {
  token_hash: Buffer;
  user_id: number;
  kind: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface QuotaUsageTable {
  agency_id: number;
  day: IsoDate;
  shard: number;
  used: number;
}

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
}

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

export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  request_hash: Buffer;
  response_status: number;
  response_body: ColumnType<unknown, string, never>;
  created_at: Timestamp;
}

export interface SchemaMigrationTable {
  name: string;
  applied_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface Database {
  resident: ResidentTable;
  agency: AgencyTable;
  agreement: AgreementTable;
  app_user: AppUserTable;
  auth_session: SessionTable;
  quota_usage: QuotaUsageTable;
  audit_log: AuditLogTable;
  data_balikan: DataBalikanTable;
  idempotency_key: IdempotencyKeyTable;
  schema_migration: SchemaMigrationTable;
}
