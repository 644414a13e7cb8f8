import { sql } from 'kysely';
import type { Executor } from './db.js';
import { pageWithTotal } from './list-query.js';

/** SQL of the requests an agency sends Dukcapil (migrations/009_requests.sql). */

export interface NewRequest {
  readonly agencyId: number;
  readonly agreementId: number;
  readonly kind: string;
  readonly letterNumber: string;
  readonly letterDate: string;
  readonly payload: unknown;
  readonly filedBy: number;
  readonly filedAt: Date;
}

export async function insertRequest(db: Executor, request: NewRequest): Promise<number> {
  const row = await db
    .insertInto('request')
    .values({
      agency_id: request.agencyId,
      agreement_id: request.agreementId,
      kind: request.kind,
      letter_number: request.letterNumber,
      letter_date: request.letterDate,
      payload: JSON.stringify(request.payload),
      filed_by: request.filedBy,
      filed_at: request.filedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRequestHistory(
  db: Executor,
  entry: {
    requestId: number;
    at: Date;
    actorId: number | null;
    fromState: string | null;
    toState: string;
    note: string | null;
  },
): Promise<void> {
  await db
    .insertInto('request_history')
    .values({
      request_id: entry.requestId,
      at: entry.at,
      actor_id: entry.actorId,
      from_state: entry.fromState,
      to_state: entry.toState,
      note: entry.note,
    })
    .execute();
}

export interface NewAttachment {
  readonly requestId: number;
  readonly purpose: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly sha256: Buffer;
  readonly uploadedBy: number;
  readonly uploadedAt: Date;
}

export async function insertAttachment(db: Executor, file: NewAttachment): Promise<number> {
  const row = await db
    .insertInto('request_attachment')
    .values({
      request_id: file.requestId,
      purpose: file.purpose,
      file_name: file.fileName,
      content_type: file.contentType,
      size_bytes: file.content.length,
      sha256: file.sha256,
      content: file.content,
      uploaded_by: file.uploadedBy,
      uploaded_at: file.uploadedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function requestWithNames(db: Executor) {
  return db
    .selectFrom('request as r')
    .innerJoin('agency as ag', 'ag.id', 'r.agency_id')
    .innerJoin('agreement as p', 'p.id', 'r.agreement_id')
    .innerJoin('app_user as f', 'f.id', 'r.filed_by')
    .leftJoin('app_user as d', 'd.id', 'r.decided_by')
    .select([
      'r.id',
      'r.agency_id',
      'r.agreement_id',
      'r.kind',
      'r.letter_number',
      'r.letter_date',
      'r.payload',
      'r.state',
      'r.scheduled_on',
      'r.answer_number',
      'r.answer_date',
      'r.decision_reason',
      'r.filed_at',
      'r.decided_at',
      'ag.code as agency_code',
      'ag.name as agency_name',
      'p.nomor_dukcapil as agreement_number',
      'f.user_id as filed_by_user_id',
      'd.user_id as decided_by_user_id',
    ]);
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

export async function findRequest(db: Executor, id: number) {
  return requestWithNames(db).where('r.id', '=', id).executeTakeFirst();
}

/** The request's row, locked until the transaction ends: one step at a time. */
export async function lockRequest(db: Executor, id: number) {
  return db.selectFrom('request').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface RequestFilter {
  readonly agencyId?: number | undefined;
  readonly kind?: string | undefined;
  readonly state?: string | undefined;
}

function filtered(db: Executor, filter: RequestFilter) {
  let query = requestWithNames(db);
  if (filter.agencyId !== undefined) query = query.where('r.agency_id', '=', filter.agencyId);
  if (filter.kind !== undefined) query = query.where('r.kind', '=', filter.kind);
  if (filter.state !== undefined) query = query.where('r.state', '=', filter.state);
  return query;
}

/** A page of requests, newest first, and how many match in all. */
export async function listRequests(
  db: Executor,
  filter: RequestFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: RequestRow[]; total: number }> {
  return pageWithTotal(
    filtered(db, filter).orderBy('r.filed_at', 'desc').orderBy('r.id', 'desc'),
    page,
  );
}

export async function requestHistory(db: Executor, requestId: number) {
  return db
    .selectFrom('request_history as h')
    .leftJoin('app_user as u', 'u.id', 'h.actor_id')
    .select(['h.id', 'h.at', 'h.from_state', 'h.to_state', 'h.note', 'u.user_id as actor'])
    .where('h.request_id', '=', requestId)
    .orderBy('h.id')
    .execute();
}

/** The attachments of a request, without their content. */
export async function listAttachments(db: Executor, requestId: number) {
  return db
    .selectFrom('request_attachment as a')
    .innerJoin('app_user as u', 'u.id', 'a.uploaded_by')
    .select([
      'a.id',
      'a.purpose',
      'a.file_name',
      'a.content_type',
      'a.size_bytes',
      'a.sha256',
      'a.uploaded_at',
      'u.user_id as uploaded_by',
    ])
    .where('a.request_id', '=', requestId)
    .orderBy('a.id')
    .execute();
}

export async function findAttachment(db: Executor, requestId: number, attachmentId: number) {
  return db
    .selectFrom('request_attachment')
    .select(['id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'content'])
    .where('request_id', '=', requestId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

export async function markScheduled(
  db: Executor,
  id: number,
  step: { scheduledOn: string; by: number; at: Date },
): Promise<void> {
  await db
    .updateTable('request')
    .set({
      state: 'DIJADWALKAN',
      scheduled_on: step.scheduledOn,
      scheduled_by: step.by,
      scheduled_at: step.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function markReviewed(
  db: Executor,
  id: number,
  step: { by: number; at: Date },
): Promise<void> {
  await db
    .updateTable('request')
    .set({ state: 'DITELAAH', reviewed_by: step.by, reviewed_at: step.at })
    .where('id', '=', id)
    .execute();
}

export async function markDecided(
  db: Executor,
  id: number,
  step: {
    state: 'DISETUJUI' | 'DITOLAK';
    answerNumber: string;
    answerDate: string;
    reason: string | null;
    by: number;
    at: Date;
  },
): Promise<void> {
  await db
    .updateTable('request')
    .set({
      state: step.state,
      answer_number: step.answerNumber,
      answer_date: step.answerDate,
      decision_reason: step.reason,
      decided_by: step.by,
      decided_at: step.at,
    })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------
// BAST

/**
 * The next number in a year's sequence of handover records. The advisory lock serialises
 * approvals that would otherwise read the same count; it is released with the transaction.
 */
export async function nextBastSequence(db: Executor, year: number): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(4242009)`.execute(db);
  const row = await db
    .selectFrom('bast')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tanggal', '>=', `${year}-01-01`)
    .where('tanggal', '<=', `${year}-12-31`)
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

export async function insertBast(
  db: Executor,
  bast: {
    requestId: number;
    nomor: string;
    tanggal: string;
    userId: number;
    createdBy: number;
    createdAt: Date;
  },
): Promise<number> {
  const row = await db
    .insertInto('bast')
    .values({
      request_id: bast.requestId,
      nomor: bast.nomor,
      tanggal: bast.tanggal,
      user_id: bast.userId,
      created_by: bast.createdBy,
      created_at: bast.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Everything a handover letter states, from the records (never a password). */
export async function findBastOfRequest(db: Executor, requestId: number) {
  return db
    .selectFrom('bast as b')
    .innerJoin('request as r', 'r.id', 'b.request_id')
    .innerJoin('app_user as u', 'u.id', 'b.user_id')
    .innerJoin('agency as ag', 'ag.id', 'r.agency_id')
    .innerJoin('agreement as p', 'p.id', 'r.agreement_id')
    .select([
      'b.id',
      'b.request_id',
      'b.nomor',
      'b.tanggal',
      'b.created_at',
      'u.id as user_pk',
      'u.user_id',
      'u.role',
      'u.password_hash',
      'u.must_change_password',
      'r.agency_id',
      'r.letter_number',
      'r.letter_date',
      'r.answer_number',
      'r.answer_date',
      'r.payload',
      'ag.code as agency_code',
      'ag.name as agency_name',
      'p.nomor_dukcapil',
      'p.nomor_instansi',
      'p.first_party_name',
      'p.first_party_head_title',
      'p.second_party_name',
      'p.second_party_head_title',
    ])
    .where('b.request_id', '=', requestId)
    .executeTakeFirst();
}

/** Every agency by code and name, for the filter of Dukcapil's list. */
export async function listAgencyChoices(db: Executor) {
  return db.selectFrom('agency').select(['code', 'name']).orderBy('name').execute();
}
