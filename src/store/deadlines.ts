import { sql } from 'kysely';
import type { Executor } from './db.js';

/** An agreement whose duties are tracked: one in force (AKTIF), with its agency. */
export interface TrackedAgreementRow {
  id: number;
  agency_id: number;
  agency_code: string;
  agency_name: string;
  agency_status: string;
  nomor_dukcapil: string;
  signed_on: string;
  ends_on: string;
}

/**
 * The agreements in force (status AKTIF) with their agency, of one agency or of all. Drafts
 * carry no duty yet; once an agreement has ended or been revoked its access is gone and its
 * duties are no longer chased (what was handed in stays on record).
 */
export async function trackedAgreements(
  db: Executor,
  agencyId?: number,
): Promise<TrackedAgreementRow[]> {
  let query = db
    .selectFrom('agreement as p')
    .innerJoin('agency as ag', 'ag.id', 'p.agency_id')
    .select([
      'p.id',
      'p.agency_id',
      'ag.code as agency_code',
      'ag.name as agency_name',
      'ag.status as agency_status',
      'p.nomor_dukcapil',
      'p.signed_on',
      'p.ends_on',
    ])
    .where('p.status', '=', 'AKTIF')
    .orderBy('ag.code')
    .orderBy('p.id');
  if (agencyId !== undefined) query = query.where('p.agency_id', '=', agencyId);
  return query.execute();
}

export async function findAgencyForDeadlines(
  db: Executor,
  where: { id: number } | { code: string },
) {
  let query = db.selectFrom('agency').select(['id', 'code', 'name', 'status', 'email']);
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('code', '=', where.code);
  return query.executeTakeFirst();
}

export async function agenciesByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'status', 'email', 'head_title'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Certificates and reports handed in under the given agreements (without the scans). */
export async function fulfilmentsOf(db: Executor, agreementIds: readonly number[]) {
  if (agreementIds.length === 0) return [];
  return db
    .selectFrom('deadline_fulfilment')
    .select([
      'id',
      'agreement_id',
      'kind',
      'document_id',
      'received_on',
      'certificate_number',
      'issued_on',
      'expires_on',
      'period',
    ])
    .where('agreement_id', 'in', [...agreementIds])
    .orderBy('id')
    .execute();
}

/** Extension requests (migrations/009) filed under the given agreements: filing meets the duty. */
export async function extensionRequestsOf(db: Executor, agreementIds: readonly number[]) {
  if (agreementIds.length === 0) return [];
  const result = await sql<{ agreement_id: number; filed_on: string; letter_number: string }>`
    SELECT agreement_id, ((filed_at AT TIME ZONE 'UTC') + interval '7 hours')::date::text AS filed_on,
      letter_number
    FROM request
    WHERE kind = 'PERPANJANGAN' AND agreement_id = ANY (${[...agreementIds]}::int[])
    ORDER BY filed_at`.execute(db);
  return result.rows;
}

/** Changes of officials or structure, of the given agencies or of all. */
export async function officialsChangesOf(db: Executor, agencyIds?: readonly number[]) {
  if (agencyIds !== undefined && agencyIds.length === 0) return [];
  let query = db
    .selectFrom('officials_change')
    .select(['id', 'agency_id', 'changed_on', 'description', 'notified_on', 'notice_document_id'])
    .orderBy('changed_on')
    .orderBy('id');
  if (agencyIds !== undefined) query = query.where('agency_id', 'in', [...agencyIds]);
  return query.execute();
}

export interface NewDeadlineDocument {
  readonly agencyId: number;
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly sha256: Buffer;
  readonly uploadedBy: number | null;
  readonly uploadedAt: Date;
}

export async function insertDeadlineDocument(
  db: Executor,
  doc: NewDeadlineDocument,
): Promise<number> {
  const row = await db
    .insertInto('deadline_document')
    .values({
      agency_id: doc.agencyId,
      file_name: doc.fileName,
      content_type: doc.contentType,
      size_bytes: doc.content.length,
      sha256: doc.sha256,
      content: doc.content,
      uploaded_by: doc.uploadedBy,
      uploaded_at: doc.uploadedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findDeadlineDocument(db: Executor, id: number) {
  return db
    .selectFrom('deadline_document')
    .select(['id', 'agency_id', 'file_name', 'content_type', 'size_bytes', 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export type NewFulfilment =
  | {
      readonly kind: 'SERTIFIKAT_ISO';
      readonly certificateNumber: string;
      readonly issuedOn: string;
      readonly expiresOn: string;
    }
  | { readonly kind: 'LAPORAN_SEMESTER'; readonly period: string };

export async function insertFulfilment(
  db: Executor,
  row: NewFulfilment & {
    readonly agreementId: number;
    readonly agencyId: number;
    readonly documentId: number;
    readonly receivedOn: string;
    readonly recordedBy: number | null;
    readonly recordedAt: Date;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('deadline_fulfilment')
    .values({
      agreement_id: row.agreementId,
      agency_id: row.agencyId,
      kind: row.kind,
      document_id: row.documentId,
      received_on: row.receivedOn,
      certificate_number: row.kind === 'SERTIFIKAT_ISO' ? row.certificateNumber : null,
      issued_on: row.kind === 'SERTIFIKAT_ISO' ? row.issuedOn : null,
      expires_on: row.kind === 'SERTIFIKAT_ISO' ? row.expiresOn : null,
      period: row.kind === 'LAPORAN_SEMESTER' ? row.period : null,
      recorded_by: row.recordedBy,
      recorded_at: row.recordedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertOfficialsChange(
  db: Executor,
  row: {
    readonly agencyId: number;
    readonly changedOn: string;
    readonly description: string;
    readonly recordedBy: number | null;
    readonly recordedAt: Date;
    readonly notice: { documentId: number; notifiedOn: string } | null;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('officials_change')
    .values({
      agency_id: row.agencyId,
      changed_on: row.changedOn,
      description: row.description,
      recorded_by: row.recordedBy,
      recorded_at: row.recordedAt,
      notice_document_id: row.notice?.documentId ?? null,
      notified_on: row.notice?.notifiedOn ?? null,
      notified_by: row.notice ? row.recordedBy : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** The open change of an agency, locked for the notice about to be added to it. */
export async function findOpenOfficialsChange(db: Executor, agencyId: number, id: number) {
  return db
    .selectFrom('officials_change')
    .select(['id', 'changed_on', 'description'])
    .where('id', '=', id)
    .where('agency_id', '=', agencyId)
    .where('notified_on', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function addOfficialsNotice(
  db: Executor,
  id: number,
  notice: { documentId: number; notifiedOn: string; notifiedBy: number | null },
): Promise<void> {
  await db
    .updateTable('officials_change')
    .set({
      notice_document_id: notice.documentId,
      notified_on: notice.notifiedOn,
      notified_by: notice.notifiedBy,
    })
    .where('id', '=', id)
    .execute();
}

/** Active agency heads who gave an address for reminders, per agency. */
export async function headsWithEmail(db: Executor, agencyIds: readonly number[]) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('app_user')
    .select(['id', 'agency_id', 'display_name', 'email'])
    .where('role', '=', 'KEPALA_INSTANSI')
    .where('status', '=', 'AKTIF')
    .where('email', 'is not', null)
    .where('agency_id', 'in', [...agencyIds])
    .orderBy('id')
    .execute();
}

export async function userEmail(db: Executor, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('app_user')
    .select('email')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.email ?? null;
}

export async function setUserEmail(db: Executor, userId: number, email: string | null) {
  await db.updateTable('app_user').set({ email }).where('id', '=', userId).execute();
}

export interface ReminderClaim {
  readonly deadlineKey: string;
  readonly stage: string;
  readonly recipient: string;
  readonly agencyId: number | null;
}

/**
 * Claims reminders before they are sent: returns the ids of the rows this call inserted.
 * A reminder already claimed (sent before, or being sent by another server) is skipped.
 */
export async function claimReminders(
  db: Executor,
  claims: readonly ReminderClaim[],
  at: Date,
): Promise<{ id: number; deadline_key: string; stage: string }[]> {
  if (claims.length === 0) return [];
  return db
    .insertInto('deadline_reminder')
    .values(
      claims.map((c) => ({
        deadline_key: c.deadlineKey,
        stage: c.stage,
        recipient: c.recipient,
        agency_id: c.agencyId,
        sent_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['deadline_key', 'stage', 'recipient']).doNothing())
    .returning(['id', 'deadline_key', 'stage'])
    .execute();
}

/** Gives claims back after the message could not be sent, so that the next run tries again. */
export async function releaseReminders(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('deadline_reminder')
    .where('id', 'in', [...ids])
    .execute();
}

export async function remindersOf(db: Executor, deadlineKey: string) {
  return db
    .selectFrom('deadline_reminder')
    .select(['stage', 'recipient', 'sent_at'])
    .where('deadline_key', '=', deadlineKey)
    .orderBy('id')
    .execute();
}
