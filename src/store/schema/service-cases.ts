import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.js';

// The counter service flow.

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
