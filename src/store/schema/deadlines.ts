import type { ColumnType, Generated } from 'kysely';
import type { IsoDate, Timestamp } from './columns.js';

// Deadlines: days off, documents handed in, reminders.

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

/** One reminder e-mailed (or being e-mailed) for one deadline point to one address. */
export interface DeadlineReminderTable {
  id: Generated<number>;
  deadline_key: string;
  stage: string;
  recipient: string;
  agency_id: number | null;
  sent_at: Timestamp;
}
