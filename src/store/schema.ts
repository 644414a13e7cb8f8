import type { ColumnType } from 'kysely';
import type { ResidentTable, HoneytokenTable } from './schema/registry.js';
import type {
  AgencyTable,
  AgreementTable,
  AgreementForceMajeureTable,
  AgreementEventTable,
  OfficialsChangeTable,
} from './schema/agreements.js';
import type {
  AppUserTable,
  UserDocumentTable,
  LoginChallengeTable,
  ServerSecretTable,
  SessionTable,
  LoginLimitTable,
} from './schema/users.js';
import type {
  QuotaUsageTable,
  IdempotencyKeyTable,
  LookupFormTokenTable,
} from './schema/lookup.js';
import type {
  AuditLogTable,
  AdminActionTable,
  AuditSealLeafTable,
  AuditSigningKeyTable,
  AuditCheckpointTable,
  AuditVerificationTable,
  PatternAlertTable,
} from './schema/audit.js';
import type {
  DataBalikanTable,
  DataBalikanUploadTable,
  DataBalikanUploadRowTable,
} from './schema/data-balikan.js';
import type {
  RequestTable,
  RequestHistoryTable,
  RequestAttachmentTable,
  BastTable,
  PocChecklistCaseTable,
  PocResultTable,
} from './schema/requests.js';
import type {
  HolidayTable,
  DeadlineDocumentTable,
  DeadlineFulfilmentTable,
  DeadlineReminderTable,
} from './schema/deadlines.js';
import type {
  DeploymentEnvironmentTable,
  ApplicationTable,
  ApplicationSecretTable,
  ApplicationTokenTable,
} from './schema/applications.js';
import type {
  ReaderReturnNoticeTable,
  CardReaderTable,
  CardReaderEventTable,
  CardReaderReturnTable,
  CardConsentTable,
} from './schema/card-readers.js';
import type {
  ServiceKindConfigTable,
  ServiceCaseCounterTable,
  ServiceCaseTable,
  ServiceCaseEventTable,
} from './schema/service-cases.js';
import type {
  UsageReportTable,
  UsageReportEventTable,
  AuditDailySummaryTable,
  AuditDailyPurposeTable,
  AuditFirstAccessTable,
  AuditSummaryStateTable,
  EvaluationTable,
  EvaluationEventTable,
  DgReportTable,
} from './schema/reports.js';

/**
 * The database as Kysely sees it: each table's row type, kept by feature in schema/ (one file
 * per feature, beside the migrations that made the tables).
 */
export type * from './schema/registry.js';
export type * from './schema/agreements.js';
export type * from './schema/users.js';
export type * from './schema/lookup.js';
export type * from './schema/audit.js';
export type * from './schema/data-balikan.js';
export type * from './schema/requests.js';
export type * from './schema/deadlines.js';
export type * from './schema/applications.js';
export type * from './schema/card-readers.js';
export type * from './schema/service-cases.js';
export type * from './schema/reports.js';

export interface SchemaMigrationTable {
  name: string;
  applied_at: ColumnType<Date, Date | string | undefined, never>;
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
