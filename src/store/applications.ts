import { sql } from 'kysely';
import type { Executor } from './db.js';

/** Applications that use the web service and their credentials (migration 026). */

export interface NewApplication {
  readonly agencyId: number;
  readonly name: string;
  readonly purpose: string;
  readonly technicalContact: string;
  readonly accessPoint: string;
  readonly at: Date;
  readonly by: number | null;
}

export async function insertApplication(db: Executor, app: NewApplication): Promise<number> {
  const row = await db
    .insertInto('application')
    .values({
      agency_id: app.agencyId,
      name: app.name,
      purpose: app.purpose,
      technical_contact: app.technicalContact,
      access_point: app.accessPoint,
      state: 'TERDAFTAR',
      registered_at: app.at,
      registered_by: app.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An application by name among the agency's applications in use (not revoked). */
export async function applicationNameInUse(db: Executor, agencyId: number, name: string) {
  const row = await db
    .selectFrom('application')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where(sql<boolean>`upper(name) = upper(${name})`)
    .where('state', '<>', 'DICABUT')
    .executeTakeFirst();
  return row !== undefined;
}

const COLUMNS = [
  'a.id',
  'a.agency_id',
  'a.name',
  'a.purpose',
  'a.technical_contact',
  sql<string>`a.access_point::text`.as('access_point'),
  'a.state',
  'a.poc_request_id',
  'a.poc_result',
  'a.poc_decided_at',
  'a.client_id',
  'a.juknis_revision_number',
  sql<string | null>`a.juknis_revision_on::text`.as('juknis_revision_on'),
  'a.registered_at',
  'a.revoked_at',
  'a.revoke_reason',
  'ag.code as agency_code',
  'ag.name as agency_name',
] as const;

/** The applications of one agency, or of all, newest first, with their live secrets. */
export async function listApplications(db: Executor, agencyId: number | null, now: Date) {
  let query = db
    .selectFrom('application as a')
    .innerJoin('agency as ag', 'ag.id', 'a.agency_id')
    .leftJoin('request as r', 'r.id', 'a.poc_request_id')
    .select(COLUMNS)
    .select([
      'r.state as poc_request_state',
      sql<number>`(SELECT count(*) FROM application_secret s
        WHERE s.application_id = a.id
          AND (s.valid_until IS NULL OR s.valid_until > ${now}))::int`.as('live_secrets'),
      sql<Date | null>`(SELECT min(s.valid_until) FROM application_secret s
        WHERE s.application_id = a.id AND s.valid_until > ${now})`.as('overlap_until'),
    ])
    .orderBy('a.id', 'desc');
  if (agencyId !== null) query = query.where('a.agency_id', '=', agencyId);
  return query.execute();
}

export async function findApplication(db: Executor, id: number) {
  return db
    .selectFrom('application as a')
    .innerJoin('agency as ag', 'ag.id', 'a.agency_id')
    .select(COLUMNS)
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** The application under its lock, for a change of state or credentials. */
export async function lockApplication(db: Executor, id: number) {
  await sql`SELECT 1 FROM application WHERE id = ${id}::int FOR UPDATE`.execute(db);
  return findApplication(db, id);
}

export async function setPocRequest(db: Executor, id: number, requestId: number): Promise<void> {
  await db
    .updateTable('application')
    .set({ poc_request_id: requestId, poc_result: null, poc_decided_at: null })
    .where('id', '=', id)
    .execute();
}

export async function setPocResult(
  db: Executor,
  id: number,
  result: { passed: boolean; at: Date },
): Promise<void> {
  await db
    .updateTable('application')
    .set({
      poc_result: result.passed ? 'LULUS' : 'TIDAK_LULUS',
      poc_decided_at: result.at,
      ...(result.passed ? { state: 'LULUS_POC' } : {}),
    })
    .where('id', '=', id)
    .where('state', '<>', 'DICABUT')
    .execute();
}

export async function setClientId(db: Executor, id: number, clientId: string): Promise<void> {
  await db.updateTable('application').set({ client_id: clientId }).where('id', '=', id).execute();
}

/**
 * The secrets of an application still working after `until` end then (a rotation's overlap;
 * `until` = now ends them at once). Returns how many were cut short.
 */
export async function endSecrets(db: Executor, applicationId: number, until: Date) {
  const result = await db
    .updateTable('application_secret')
    .set({ valid_until: until })
    .where('application_id', '=', applicationId)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', until)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertSecret(
  db: Executor,
  secret: { applicationId: number; hash: Buffer; at: Date; by: number | null },
): Promise<number> {
  const row = await db
    .insertInto('application_secret')
    .values({
      application_id: secret.applicationId,
      secret_hash: secret.hash,
      issued_at: secret.at,
      issued_by: secret.by,
      valid_until: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markRevoked(
  db: Executor,
  id: number,
  revoked: { at: Date; by: number | null; reason: string },
): Promise<void> {
  await db
    .updateTable('application')
    .set({
      state: 'DICABUT',
      revoked_at: revoked.at,
      revoked_by: revoked.by,
      revoke_reason: revoked.reason,
    })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('application_token').where('application_id', '=', id).execute();
}

export async function setJuknisRevision(
  db: Executor,
  id: number,
  revision: { nomor: string; tanggal: string; by: number },
): Promise<void> {
  await db
    .updateTable('application')
    .set({
      juknis_revision_number: revision.nomor,
      juknis_revision_on: revision.tanggal,
      juknis_recorded_by: revision.by,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * What the token endpoint decides on, by the secret's hash: the secret (live or not), its
 * application, whether the caller is at the application's access point, and the agency's
 * state.
 */
export async function findSecretHolder(
  db: Executor,
  input: { secretHash: Buffer; clientIp: string },
) {
  return db
    .selectFrom('application_secret as s')
    .innerJoin('application as a', 'a.id', 's.application_id')
    .innerJoin('agency as ag', 'ag.id', 'a.agency_id')
    .select([
      's.id as secret_id',
      's.valid_until',
      'a.id',
      'a.agency_id',
      'a.client_id',
      'a.state',
      'ag.status as agency_status',
      sql<boolean>`${input.clientIp}::inet <<= a.access_point`.as('address_allowed'),
    ])
    .where('s.secret_hash', '=', input.secretHash)
    .executeTakeFirst();
}

export async function insertToken(
  db: Executor,
  token: { hash: Buffer; applicationId: number; secretId: number; at: Date; expiresAt: Date },
): Promise<void> {
  // Expired tokens are of no use to anyone: cleared as new ones are issued.
  await db.deleteFrom('application_token').where('expires_at', '<=', token.at).execute();
  await db
    .insertInto('application_token')
    .values({
      token_hash: token.hash,
      application_id: token.applicationId,
      secret_id: token.secretId,
      issued_at: token.at,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** Ends one token at once (a compatible client's call made with client credentials). */
export async function deleteToken(db: Executor, hash: Buffer): Promise<void> {
  await db.deleteFrom('application_token').where('token_hash', '=', hash).execute();
}
