import type { ColumnType, Generated } from 'kysely';
import type { IsoDate, Timestamp } from './columns.js';

// Agencies, their agreements (PKS) and the changes to them.

export interface AgencyTable {
  id: Generated<number>;
  code: string;
  name: string;
  status: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** migrations/007: what an agency record needs; null for agencies recorded before. */
  address: ColumnType<string | null, string | null | undefined, string | null>;
  head_title: ColumnType<string | null, string | null | undefined, string | null>;
  head_name: ColumnType<string | null, string | null | undefined, string | null>;
  email: ColumnType<string | null, string | null | undefined, string | null>;
  phone: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** migrations/007: the link's bandwidth and the parties as the agreement names them. */
  bandwidth_kbps: ColumnType<number, number | undefined, number>;
  first_party_name: string;
  first_party_head_title: string;
  first_party_head_name: string | null;
  second_party_name: string;
  second_party_head_title: string;
  second_party_head_name: string | null;
  /** migrations/012: the input-pattern policy and the agency's service hours (WIB). */
  pattern_policy: ColumnType<string, string | undefined, string>;
  service_start: ColumnType<string | null, string | null | undefined, string | null>;
  service_end: ColumnType<string | null, string | null | undefined, string | null>;
  service_days: ColumnType<number[], number[] | undefined, number[]>;
  /** migrations/021: the agency may print a lookup result (default not). */
  print_allowed: ColumnType<boolean, boolean | undefined, boolean>;
  /** migrations/022: the Director General's approval letter; the pending timely extension request; why it ended. */
  dg_approval_number: ColumnType<string | null, string | null | undefined, string | null>;
  dg_approval_date: ColumnType<IsoDate | null, IsoDate | null | undefined, IsoDate | null>;
  extension_request_id: ColumnType<number | null, number | null | undefined, number | null>;
  end_ground: ColumnType<string | null, string | null | undefined, string | null>;
  /** migrations/027: the refusal wording of its compatible clients (domain/national-service.ts). */
  wording_profile: ColumnType<string, string | undefined, string>;
}

/** An agreement ended by force majeure: its record (migrations/022); append-only. */
export interface AgreementForceMajeureTable {
  agreement_id: number;
  occurred_on: IsoDate;
  description: string;
  content: Buffer;
  content_type: string;
  size_bytes: number;
  sha256: Buffer;
  file_name: string | null;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

/** One change of an agreement (migrations/007_agreement_lifecycle.sql); append-only. */
export interface AgreementEventTable {
  id: Generated<number>;
  agreement_id: number;
  at: Timestamp;
  actor_id: number | null;
  kind: string;
  reason: string | null;
  terms_before: ColumnType<unknown, string | null | undefined, never>;
  terms_after: ColumnType<unknown, string | null | undefined, never>;
  addendum_nomor: string | null;
  addendum_tanggal: IsoDate | null;
}

export interface OfficialsChangeTable {
  id: Generated<number>;
  agency_id: number;
  changed_on: IsoDate;
  description: string;
  recorded_by: number | null;
  recorded_at: Timestamp;
  notice_document_id: number | null;
  notified_on: IsoDate | null;
  notified_by: number | null;
}
