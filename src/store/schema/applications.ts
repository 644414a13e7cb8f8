import type { ColumnType, Generated } from 'kysely';
import type { IsoDate, Timestamp } from './columns.js';

// Applications that use the web service, and their credentials; the sandbox marker.

/** migrations/027: one row in a PoC sandbox, none in a real deployment. */
export interface DeploymentEnvironmentTable {
  singleton: ColumnType<boolean, boolean | undefined, never>;
  kind: string;
  created_at: Timestamp;
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
