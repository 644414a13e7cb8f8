import { sql, type Updateable } from 'kysely';
import type { Executor } from './db.js';
import type { DataBalikanUploadTable } from './schema.js';

/** SQL of portal uploads of return-data files (migrations/003_data_balikan_upload.sql). */

// Rows are written in slices, so that no statement carries an unbounded parameter.
const SLICE = 10_000;

export interface NewUpload {
  readonly agreementId: number;
  readonly agencyId: number;
  readonly uploadedBy: number;
  readonly fileName: string;
  readonly format: 'CSV' | 'XLSX';
  readonly sizeBytes: number;
  readonly lineTotal: number | null;
  readonly now: Date;
  readonly expiresAt: Date;
}

export async function insertUpload(db: Executor, upload: NewUpload): Promise<number> {
  const row = await db
    .insertInto('data_balikan_upload')
    .values({
      agreement_id: upload.agreementId,
      agency_id: upload.agencyId,
      uploaded_by: upload.uploadedBy,
      file_name: upload.fileName,
      format: upload.format,
      size_bytes: upload.sizeBytes,
      status: 'MENUNGGU',
      line_total: upload.lineTotal,
      created_at: upload.now,
      heartbeat_at: upload.now,
      expires_at: upload.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type UploadPatch = Updateable<DataBalikanUploadTable>;

/**
 * Moves an upload on only from one of the given states (a compare-and-set): false when it
 * was no longer in any of them, e.g. declared stale meanwhile, or already decided.
 */
export async function transitionUpload(
  db: Executor,
  id: number,
  from: readonly string[],
  patch: UploadPatch,
): Promise<boolean> {
  const result = await db
    .updateTable('data_balikan_upload')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Renews the heartbeat of the uploads a server process is working on. */
export async function touchUploads(db: Executor, ids: readonly number[], now: Date) {
  if (ids.length === 0) return;
  await db
    .updateTable('data_balikan_upload')
    .set({ heartbeat_at: now })
    .where('id', 'in', ids)
    .execute();
}

export interface StagedRow {
  readonly line: number;
  readonly nik: string;
  /** A valid row: its values as read. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** A refused row: why. */
  readonly reasons?: readonly string[];
}

export async function insertUploadRows(
  trx: Executor,
  uploadId: number,
  rows: readonly StagedRow[],
): Promise<void> {
  for (let at = 0; at < rows.length; at += SLICE) {
    const part = rows.slice(at, at + SLICE).map((row) => ({
      line: row.line,
      nik: row.nik,
      fields: row.fields ?? null,
      reasons: row.reasons ?? null,
    }));
    await sql`
      INSERT INTO data_balikan_upload_row (upload_id, line, nik, fields, reasons)
      SELECT ${uploadId}::bigint, r.line, r.nik, r.fields,
             CASE WHEN r.reasons IS NULL THEN NULL
                  ELSE ARRAY(SELECT jsonb_array_elements_text(r.reasons)) END
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb)
        AS r(line int, nik text, fields jsonb, reasons jsonb)
    `.execute(trx);
  }
}

export async function deleteValidRows(trx: Executor, uploadId: number): Promise<void> {
  await trx
    .deleteFrom('data_balikan_upload_row')
    .where('upload_id', '=', uploadId)
    .where('fields', 'is not', null)
    .execute();
}

export async function deleteUploadRows(trx: Executor, uploadId: number): Promise<void> {
  await trx.deleteFrom('data_balikan_upload_row').where('upload_id', '=', uploadId).execute();
}

const uploadColumns = [
  'u.id',
  'u.agreement_id',
  'u.agency_id',
  'u.file_name',
  'u.format',
  'u.size_bytes',
  'u.status',
  'u.line_read',
  'u.line_total',
  'u.received',
  'u.acceptable',
  'u.refused',
  'u.added',
  'u.corrected',
  'u.unchanged',
  'u.applied_mode',
  'u.applied_at',
  'u.problem',
  'u.created_at',
  'u.finished_at',
  'u.expires_at',
  'by.user_id as uploaded_by',
] as const;

export async function findUpload(db: Executor, id: number) {
  return db
    .selectFrom('data_balikan_upload as u')
    .innerJoin('app_user as by', 'by.id', 'u.uploaded_by')
    .select(uploadColumns)
    .where('u.id', '=', id)
    .executeTakeFirst();
}

export type UploadRow = NonNullable<Awaited<ReturnType<typeof findUpload>>>;

export async function listUploads(db: Executor, agencyId: number, limit: number) {
  return db
    .selectFrom('data_balikan_upload as u')
    .innerJoin('app_user as by', 'by.id', 'u.uploaded_by')
    .select(uploadColumns)
    .where('u.agency_id', '=', agencyId)
    .orderBy('u.id', 'desc')
    .limit(limit)
    .execute();
}

/** Refused rows of an upload by line; all of them without a limit. */
export async function findRefusedRows(db: Executor, uploadId: number, limit?: number) {
  let query = db
    .selectFrom('data_balikan_upload_row')
    .select(['line', 'nik', 'reasons'])
    .where('upload_id', '=', uploadId)
    .where('reasons', 'is not', null)
    .orderBy('line');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map((row) => ({ line: row.line, nik: row.nik, reasons: row.reasons ?? [] }));
}

export async function findValidRows(db: Executor, uploadId: number) {
  const rows = await db
    .selectFrom('data_balikan_upload_row')
    .select(['line', 'nik', 'fields'])
    .where('upload_id', '=', uploadId)
    .where('fields', 'is not', null)
    .orderBy('line')
    .execute();
  return rows.map((row) => ({ line: row.line, nik: row.nik, fields: row.fields ?? {} }));
}

export const WORKING_STATES = ['MENUNGGU', 'MEMBACA', 'MEMERIKSA', 'MENERAPKAN'] as const;

/**
 * Uploads whose server process stopped renewing their heartbeat (a restart, a crash):
 * a check in progress becomes GAGAL; applying the valid rows goes back to awaiting a
 * decision, since its transaction cannot have committed without moving the upload on.
 */
export async function settleStaleUploads(
  db: Executor,
  staleBefore: Date,
  now: Date,
  problems: { readonly checking: string; readonly applying: string },
): Promise<number> {
  const result = await db
    .updateTable('data_balikan_upload')
    .set({
      status: sql<string>`CASE WHEN status = 'MENERAPKAN' THEN 'DITOLAK' ELSE 'GAGAL' END`,
      problem: sql<string>`CASE WHEN status = 'MENERAPKAN' THEN ${problems.applying}
                                ELSE ${problems.checking} END`,
      finished_at: sql<Date>`CASE WHEN status = 'MENERAPKAN' THEN finished_at ELSE ${now}::timestamptz END`,
    })
    .where('status', 'in', WORKING_STATES)
    .where('heartbeat_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Undecided uploads past their time expire; the rows of every expired upload are deleted,
 * except while a server process is still working on it.
 */
export async function expireUploads(db: Executor, now: Date): Promise<void> {
  await db
    .updateTable('data_balikan_upload')
    .set({ status: 'KEDALUWARSA' })
    .where('status', '=', 'DITOLAK')
    .where('expires_at', '<=', now)
    .execute();
  await db
    .deleteFrom('data_balikan_upload_row')
    .where('upload_id', 'in', (eb) =>
      eb
        .selectFrom('data_balikan_upload')
        .select('id')
        .where('expires_at', '<=', now)
        .where('status', 'not in', WORKING_STATES),
    )
    .execute();
}
