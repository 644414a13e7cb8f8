import { sql } from 'kysely';
import { ACCESSED_RESPONSES } from '../domain/responses.js';
import type { Executor } from './db.js';

export { ACCESSED_RESPONSES };

/**
 * The answers that reached a resident, as an SQL list of literals for `response_code IN (…)`:
 * a constant of the code, so it is written into the statement rather than sent as a parameter.
 */
export const accessedResponsesSql = sql.raw(
  ACCESSED_RESPONSES.map((code) => `'${code}'`).join(', '),
);

// Large files are checked and written in slices, so that no statement carries an
// unbounded parameter.
const SLICE = 10_000;

function slices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) out.push(items.slice(i, i + SLICE));
  return out;
}

export async function setDataBalikanSchema(
  db: Executor,
  agreementId: number,
  schema: unknown,
): Promise<void> {
  await db
    .updateTable('agreement')
    .set({ data_balikan_schema: schema === null ? null : JSON.stringify(schema) })
    .where('id', '=', agreementId)
    .execute();
}

/**
 * Submissions to one agreement are written one at a time (a transaction-scoped lock), so
 * that two corrections of the same NIK cannot both become version n+1.
 */
export async function lockAgreementReturns(trx: Executor, agreementId: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(7331, ${agreementId}::int)`.execute(trx);
}

/** Of the given NIKs, those the agreement accessed (audit_log_accessed index). */
export async function findAccessedNiks(
  db: Executor,
  agreementId: number,
  niks: readonly string[],
): Promise<Set<string>> {
  const accessed = new Set<string>();
  for (const part of slices(niks)) {
    const rows = await db
      .selectFrom('audit_log')
      .select('nik')
      .distinct()
      .where('agreement_id', '=', agreementId)
      .where('action', '=', 'LOOKUP')
      .where('response_code', 'in', ACCESSED_RESPONSES)
      .where('nik', '=', sql<string>`ANY (${part}::text[])`)
      .execute();
    for (const row of rows) if (row.nik) accessed.add(row.nik);
  }
  return accessed;
}

/** The current record of each given NIK that has one. */
export async function findCurrentRecords(
  db: Executor,
  agreementId: number,
  niks: readonly string[],
): Promise<Map<string, { version: number; fields: Record<string, string> }>> {
  const current = new Map<string, { version: number; fields: Record<string, string> }>();
  for (const part of slices(niks)) {
    const rows = await db
      .selectFrom('data_balikan')
      .select(['nik', 'version', 'fields'])
      .where('agreement_id', '=', agreementId)
      .where('is_current', '=', true)
      .where('nik', '=', sql<string>`ANY (${part}::text[])`)
      .execute();
    for (const row of rows) current.set(row.nik, { version: row.version, fields: row.fields });
  }
  return current;
}

export interface NewVersion {
  readonly nik: string;
  readonly fields: Readonly<Record<string, string>>;
  /** 1 for a first record; the current version + 1 for a correction. */
  readonly version: number;
}

export interface VersionContext {
  readonly agreementId: number;
  readonly agencyId: number;
  readonly submittedBy: number;
  readonly channel: 'FORMULIR' | 'BERKAS' | 'API' | 'STORE';
  readonly receivedAt: Date;
}

/**
 * Writes new versions: the ones they correct stop being current first (the partial unique
 * index allows one current version per NIK). Call inside a transaction holding
 * lockAgreementReturns.
 */
export async function insertVersions(
  trx: Executor,
  context: VersionContext,
  versions: readonly NewVersion[],
): Promise<void> {
  for (const part of slices(versions)) {
    const corrected = part.filter((v) => v.version > 1).map((v) => v.nik);
    if (corrected.length > 0) {
      await trx
        .updateTable('data_balikan')
        .set({ is_current: false })
        .where('agreement_id', '=', context.agreementId)
        .where('is_current', '=', true)
        .where('nik', '=', sql<string>`ANY (${corrected}::text[])`)
        .execute();
    }
    await sql`
      INSERT INTO data_balikan
        (agreement_id, agency_id, nik, fields, version, channel, submitted_by, received_at)
      SELECT ${context.agreementId}::int, ${context.agencyId}::int, r.nik, r.fields, r.version,
             ${context.channel}, ${context.submittedBy}::int, ${context.receivedAt}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS r(nik text, fields jsonb, version int)
    `.execute(trx);
  }
}

/** Every version of one NIK's record under an agreement, the newest first. */
export async function findRecordHistory(db: Executor, agreementId: number, nik: string) {
  return db
    .selectFrom('data_balikan as d')
    .innerJoin('app_user as u', 'u.id', 'd.submitted_by')
    .select([
      'd.version',
      'd.fields',
      'd.is_current',
      'd.channel',
      'd.received_at',
      'u.user_id as submitted_by',
    ])
    .where('d.agreement_id', '=', agreementId)
    .where('d.nik', '=', nik)
    .orderBy('d.version', 'desc')
    .execute();
}
