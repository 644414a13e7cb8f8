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
  /** migrations/012: the written reason of a lookup made under the ALASAN policy. */
  reason: ColumnType<string | null, string | null | undefined, never>;
  /** migrations/024: what an access carries beyond the columns (JSON), sealed in leaf format 2. */
  detail: ColumnType<unknown, string | null | undefined, never>;
  /** migrations/020: the card reader a read came through (channel CARD_READER). */
  card_reader_id: ColumnType<number | null, number | null | undefined, never>;
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

/** migrations/010_deadlines.sql: days off that working days skip. */
export interface HolidayTable {
  day: IsoDate;
  name: string;
  kind: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** A scan handed in to meet a deadline (certificate, report, notice). */
export interface DeadlineDocumentTable {
  id: Generated<number>;
  agency_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: Buffer;
  content: Buffer;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

/** An ISO/IEC 27001 certificate or a semester report, as handed in. */
export interface DeadlineFulfilmentTable {
  id: Generated<number>;
  agreement_id: number;
  agency_id: number;
  kind: string;
  document_id: number;
  received_on: IsoDate;
  certificate_number: string | null;
  issued_on: IsoDate | null;
  expires_on: IsoDate | null;
  period: string | null;
  recorded_by: number | null;
  recorded_at: Timestamp;
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

/** One reminder e-mailed (or being e-mailed) for one deadline point to one address. */
export interface DeadlineReminderTable {
  id: Generated<number>;
  deadline_key: string;
  stage: string;
  recipient: string;
  agency_id: number | null;
  sent_at: Timestamp;
}

export interface SchemaMigrationTable {
  name: string;
  applied_at: ColumnType<Date, Date | string | undefined, never>;
}

/** migrations/013_lookup_form_token.sql: spent one-time tokens of the portal's lookup form. */
export interface LookupFormTokenTable {
  token_hash: Buffer;
  user_id: number;
  spent_at: Date;
}

export interface Database {
  resident: ResidentTable;
  agency: AgencyTable;
  agreement: AgreementTable;
  agreement_event: AgreementEventTable;
  app_user: AppUserTable;
  auth_session: SessionTable;
  quota_usage: QuotaUsageTable;
  audit_log: AuditLogTable;
  data_balikan: DataBalikanTable;
  idempotency_key: IdempotencyKeyTable;
  admin_action: AdminActionTable;
  data_balikan_upload: DataBalikanUploadTable;
  data_balikan_upload_row: DataBalikanUploadRowTable;
  user_document: UserDocumentTable;
  login_challenge: LoginChallengeTable;
  server_secret: ServerSecretTable;
  request: RequestTable;
  request_history: RequestHistoryTable;
  request_attachment: RequestAttachmentTable;
  bast: BastTable;
  holiday: HolidayTable;
  deadline_document: DeadlineDocumentTable;
  deadline_fulfilment: DeadlineFulfilmentTable;
  officials_change: OfficialsChangeTable;
  deadline_reminder: DeadlineReminderTable;
  schema_migration: SchemaMigrationTable;
  lookup_form_token: LookupFormTokenTable;
  audit_seal_leaf: AuditSealLeafTable;
  audit_signing_key: AuditSigningKeyTable;
  audit_checkpoint: AuditCheckpointTable;
  audit_verification: AuditVerificationTable;
  honeytoken: HoneytokenTable;
  pattern_alert: PatternAlertTable;
  card_reader: CardReaderTable;
  card_reader_event: CardReaderEventTable;
  card_reader_return: CardReaderReturnTable;
  card_consent: CardConsentTable;
  service_kind_config: ServiceKindConfigTable;
  service_case_counter: ServiceCaseCounterTable;
  service_case: ServiceCaseTable;
  service_case_event: ServiceCaseEventTable;
  agreement_force_majeure: AgreementForceMajeureTable;
  login_limit: LoginLimitTable;
  reader_return_notice: ReaderReturnNoticeTable;
  deployment_environment: DeploymentEnvironmentTable;
  poc_checklist_case: PocChecklistCaseTable;
  poc_result: PocResultTable;
  usage_report: UsageReportTable;
  usage_report_event: UsageReportEventTable;
  audit_daily_summary: AuditDailySummaryTable;
  audit_daily_purpose: AuditDailyPurposeTable;
  audit_first_access: AuditFirstAccessTable;
  audit_summary_state: AuditSummaryStateTable;
  application: ApplicationTable;
  application_secret: ApplicationSecretTable;
  application_token: ApplicationTokenTable;
  evaluation: EvaluationTable;
  evaluation_event: EvaluationEventTable;
  dg_report: DgReportTable;
}

/** migrations/025_agreement_lapse.sql: the head's e-mail of the SAM-return tasks (outbox). */
export interface ReaderReturnNoticeTable {
  agreement_id: number;
  agency_id: number;
  created_at: Timestamp;
  mailed_at: Timestamp | null;
}

/** migrations/027: one row in a PoC sandbox, none in a real deployment. */
export interface DeploymentEnvironmentTable {
  singleton: ColumnType<boolean, boolean | undefined, never>;
  kind: string;
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

/** migrations/026_applications.sql: applications that use the web service, their credentials. */
export interface ApplicationTable {
  id: Generated<number>;
  agency_id: number;
  name: string;
  purpose: string;
  technical_contact: string;
  access_point: string;
  state: string;
  poc_request_id: number | null;
  poc_result: string | null;
  poc_decided_at: Timestamp | null;
  client_id: string | null;
  juknis_revision_number: string | null;
  juknis_revision_on: IsoDate | null;
  juknis_recorded_by: number | null;
  registered_at: Timestamp;
  registered_by: number | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  revoke_reason: string | null;
}

export interface ApplicationSecretTable {
  id: Generated<number>;
  application_id: number;
  secret_hash: Buffer;
  issued_at: Timestamp;
  issued_by: number | null;
  valid_until: Timestamp | null;
}

export interface ApplicationTokenTable {
  token_hash: Buffer;
  application_id: number;
  secret_id: number;
  issued_at: Timestamp;
  expires_at: Timestamp;
}

/** migrations/023_login_limit.sql: failed logins per address and per account (issue 13). */
export interface LoginLimitTable {
  key_hash: Buffer;
  window_start: Date;
  hits: number;
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

/** migrations/012_input_pattern.sql: planted NIKs and the policy's findings. */
export interface HoneytokenTable {
  nik: string;
  planted_at: Date;
  note: string | null;
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

/** migrations/020_card_readers.sql: KTP-el card readers, their SAM returns, residents' consents. */
export interface CardReaderTable {
  id: Generated<number>;
  agency_id: number;
  serial: string;
  make: string;
  location: string;
  operator_id: number;
  sam_number: string;
  state: string;
  state_since: Timestamp;
  sifilma_ref: string | null;
  sifilma_on: IsoDate | null;
  personalised_ref: string | null;
  personalised_on: IsoDate | null;
  activation_ref: string | null;
  activated_on: IsoDate | null;
  credential_hash: Buffer | null;
  registered_at: Timestamp;
  registered_by: number | null;
}

export interface CardReaderEventTable {
  id: Generated<number>;
  card_reader_id: number;
  at: Timestamp;
  actor_id: number | null;
  action: string;
  state_before: string | null;
  state_after: string;
  reference: string | null;
  on_date: IsoDate | null;
  reason: string | null;
}

export interface CardReaderReturnTable {
  id: Generated<number>;
  card_reader_id: number;
  agency_id: number;
  agreement_id: number | null;
  created_at: Timestamp;
  reason: string;
  sam_pulled_on: IsoDate | null;
  bast_number: string | null;
  bast_on: IsoDate | null;
  sent_on: IsoDate | null;
  received_on: IsoDate | null;
  received_by: number | null;
  receipt_note: string | null;
}

export interface CardConsentTable {
  id: Generated<number>;
  agency_id: number;
  card_reader_id: number;
  nik: string;
  officer_id: number;
  given_at: Timestamp;
  elements: string[];
  purpose: string;
  withdrawn_at: Timestamp | null;
  withdrawn_by: number | null;
  withdraw_reason: string | null;
}

/** migrations/019_service_cases.sql: the counter service flow (issue 12 item 1). */
export interface ServiceKindConfigTable {
  agreement_id: number;
  /** ServiceKind[] (domain/service-case.ts) as JSON. */
  kinds: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface ServiceCaseCounterTable {
  agency_id: number;
  year: number;
  last: number;
}

export interface ServiceCaseTable {
  id: Generated<number>;
  agency_id: number;
  agreement_id: number;
  case_number: string;
  application_number: string;
  kind_code: string;
  kind_label: string;
  document_label: string;
  nik: string;
  state: string;
  opened_by: number;
  handled_by: number;
  opened_at: Timestamp;
  updated_at: Timestamp;
  checks: ColumnType<number, number | undefined, number>;
  last_checked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  document_number: ColumnType<string | null, string | null | undefined, string | null>;
  issued_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  handed_over_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  return_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ServiceCaseEventTable {
  id: Generated<number>;
  case_id: number;
  at: Timestamp;
  actor_id: number;
  action: string;
  from_state: string | null;
  to_state: string;
  note: string | null;
  audit_id: number | null;
}

/** migrations/028_usage_reports.sql: the agency's usage report (issue 10 items 1, 2). */
export interface UsageReportTable {
  id: Generated<number>;
  agreement_id: number;
  agency_id: number;
  /** UsageReportKind (domain/usage-report.ts): SEMESTER | SEWAKTU_WAKTU. */
  kind: string;
  /** YYYY-S1 | YYYY-S2 for a semester report; null for an ad-hoc one. */
  semester: string | null;
  period_start: IsoDate;
  period_end: IsoDate;
  version: ColumnType<number, number | undefined, number>;
  corrects_id: number | null;
  /** UsageReportState: DRAFT | DIKIRIM | DIGANTI | BATAL. */
  state: ColumnType<string, string | undefined, string>;
  letter_number: string | null;
  obstacles: string | null;
  follow_up: string | null;
  officials_changes: string | null;
  correction_reason: string | null;
  /** ReportFigures (services/reports/figures.ts) as JSON, frozen at submission. */
  figures: ColumnType<unknown, string | null | undefined, string | null>;
  checkpoint_size: ColumnType<number | null, number | null | undefined, number | null>;
  checkpoint_root: Buffer | null;
  /** TERAKHIR | PERTAMA_SESUDAH (see the migration). */
  checkpoint_basis: string | null;
  created_at: Timestamp;
  created_by: number;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  submitted_by: number | null;
  pdf_document_id: number | null;
  xlsx_content: Buffer | null;
  fulfilment_id: number | null;
  mailed_at: Timestamp | null;
  scan_document_id: number | null;
  scan_attached_at: Timestamp | null;
  scan_attached_by: number | null;
}

/** A step of a report's history (append-only). */
export interface UsageReportEventTable {
  id: Generated<number>;
  report_id: number;
  at: Timestamp;
  actor_id: number | null;
  action: string;
  state_before: string | null;
  state_after: string;
  note: string | null;
  detail: ColumnType<unknown, string | null | undefined, never>;
}

/** Lookups per WIB day × agreement × channel × response × user × card reader (0: none), closed days only. */
export interface AuditDailySummaryTable {
  day: IsoDate;
  agreement_id: number;
  agency_id: number;
  channel: string;
  response_code: string;
  user_id: number;
  /** 0: not through a card reader. */
  card_reader_id: number;
  lookups: number;
}

/** Purposes stated per WIB day × agreement, closed days only. */
export interface AuditDailyPurposeTable {
  day: IsoDate;
  agreement_id: number;
  purpose: string;
  lookups: number;
}

/** Each NIK's first access under an agreement, for the summarised days. */
export interface AuditFirstAccessTable {
  agreement_id: number;
  nik: string;
  first_at: Timestamp;
  user_id: number | null;
}

/** One row: audit_log rows before summarized_until are in the summaries (a WIB midnight). */
export interface AuditSummaryStateTable {
  id: boolean;
  summarized_until: Timestamp | null;
  updated_at: Timestamp | null;
}

/** migrations/029_evaluation.sql: Dukcapil's evaluations and the report to the DG (issue 10). */
export interface EvaluationTable {
  id: Generated<number>;
  agency_id: number;
  agreement_id: number;
  kind: string;
  usage_report_id: number | null;
  semester: string | null;
  period_start: IsoDate;
  period_end: IsoDate;
  state: string;
  follow_up: string | null;
  /** EvaluatorAnswers (domain/evaluation.ts) as JSON. */
  answers: ColumnType<unknown, string, string>;
  /** EvaluationFacts as JSON. */
  facts: ColumnType<unknown, string, string>;
  /** ChecklistLine[] as JSON. */
  checklist: ColumnType<unknown, string, string>;
  findings: ColumnType<string, string | undefined, string>;
  recommendations: ColumnType<string, string | undefined, string>;
  score: number | null;
  grade: string | null;
  created_at: Timestamp;
  created_by: number;
  updated_at: Timestamp;
  finalized_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finalized_by: number | null;
  warning_letter_number: string | null;
  warning_letter_on: IsoDate | null;
  /** The warning letter's PDF as made when it was recorded (migration 031). */
  warning_letter_pdf: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  decided_by: number | null;
  decision_note: string | null;
}

export interface EvaluationEventTable {
  id: Generated<number>;
  evaluation_id: number;
  at: Timestamp;
  actor_id: number | null;
  action: string;
  state_before: string | null;
  state_after: string;
  note: string | null;
  detail: ColumnType<unknown, string | null, string | null>;
}

export interface DgReportTable {
  id: Generated<number>;
  semester: string;
  letter_number: string;
  state: string;
  format: ColumnType<unknown, string, string>;
  content: ColumnType<unknown, string, string>;
  pdf: Buffer;
  xlsx: Buffer;
  created_at: Timestamp;
  created_by: number;
  queued_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  queued_by: number | null;
  mail_claimed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  sent_to: string | null;
}
