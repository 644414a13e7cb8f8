import type { Generated } from 'kysely';
import type { IsoDate, Timestamp } from './columns.js';

// KTP-el card readers, their SAM returns, and residents' consents.

/** migrations/025_agreement_lapse.sql: the head's e-mail of the SAM-return tasks (outbox). */
export interface ReaderReturnNoticeTable {
  agreement_id: number;
  agency_id: number;
  created_at: Timestamp;
  mailed_at: Timestamp | null;
}

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
