import type { ColumnType, Generated } from 'kysely';
import type { IsoDate, Timestamp } from './columns.js';

// Usage reports, the daily summaries they read, evaluations and the report to the DG.

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
