import { sql } from 'kysely';
import type { Executor } from './db.js';

export interface NewUserDocument {
  readonly userId: number;
  readonly agencyId: number;
  readonly kind: 'NDA' | 'SPTJM';
  readonly signedOn: string;
  readonly content: Buffer;
  readonly contentType: string;
  readonly sha256: Buffer;
  readonly fileName: string | null;
  readonly uploadedBy: number | null;
  readonly uploadedAt: Date;
}

/**
 * Records a scan as the user's current document of its kind: the previous one is marked
 * superseded (kept), and the signing date the lookup gates on is copied onto the user.
 * Call it inside a transaction.
 */
export async function insertUserDocument(db: Executor, doc: NewUserDocument): Promise<number> {
  await db
    .updateTable('user_document')
    .set({ superseded_at: doc.uploadedAt })
    .where('user_id', '=', doc.userId)
    .where('kind', '=', doc.kind)
    .where('superseded_at', 'is', null)
    .execute();
  const row = await db
    .insertInto('user_document')
    .values({
      user_id: doc.userId,
      agency_id: doc.agencyId,
      kind: doc.kind,
      signed_on: doc.signedOn,
      content: doc.content,
      content_type: doc.contentType,
      size_bytes: doc.content.length,
      sha256: doc.sha256,
      file_name: doc.fileName,
      uploaded_by: doc.uploadedBy,
      uploaded_at: doc.uploadedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('app_user')
    .set(doc.kind === 'NDA' ? { nda_signed_on: doc.signedOn } : { sptjm_signed_on: doc.signedOn })
    .where('id', '=', doc.userId)
    .execute();
  return row.id;
}

/** A user's documents, current and superseded, newest first; without the scans themselves. */
export async function listUserDocuments(db: Executor, userId: number) {
  return db
    .selectFrom('user_document as d')
    .leftJoin('app_user as up', 'up.id', 'd.uploaded_by')
    .select([
      'd.id',
      'd.kind',
      'd.signed_on',
      'd.content_type',
      'd.size_bytes',
      sql<string>`encode(d.sha256, 'hex')`.as('sha256'),
      'd.file_name',
      'd.uploaded_at',
      'd.superseded_at',
      'up.user_id as uploaded_by',
    ])
    .where('d.user_id', '=', userId)
    .orderBy('d.id', 'desc')
    .execute();
}

/** One scan with whose it is (for the access check before it is sent). */
export async function findUserDocument(db: Executor, id: number) {
  return db
    .selectFrom('user_document as d')
    .innerJoin('app_user as u', 'u.id', 'd.user_id')
    .select([
      'd.id',
      'd.kind',
      'd.agency_id',
      'd.signed_on',
      'd.content',
      'd.content_type',
      'd.file_name',
      'd.user_id as owner_id',
      'u.user_id as owner_user_id',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
}
