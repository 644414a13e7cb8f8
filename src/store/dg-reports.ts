import { sql } from 'kysely';
import type { Executor } from './db.js';

/*
 * The semester report to the Directorate General (migrations/029 dg_report): the agreements a
 * semester's report covers, the reports produced, and the mail outbox's claim on them.
 */

export interface SemesterAgreementRow {
  readonly id: number;
  readonly agency_id: number;
  readonly agency_code: string;
  readonly agency_name: string;
  readonly nomor_dukcapil: string;
  readonly status: string;
  readonly signed_on: string;
  readonly ends_on: string;
}

/**
 * Agreements in force at some day of the semester: signed by its last day, ending on or after
 * its first, and not closed (ended, revoked, force majeure) before it began. One per agency
 * and agreement, by agency code.
 */
export async function agreementsOfSemester(
  db: Executor,
  semester: { firstDay: string; lastDay: string; firstInstant: Date },
): Promise<SemesterAgreementRow[]> {
  const result = await sql<SemesterAgreementRow>`
    SELECT g.id, g.agency_id, a.code AS agency_code, a.name AS agency_name, g.nomor_dukcapil,
      g.status, g.signed_on::text AS signed_on, g.ends_on::text AS ends_on
    FROM agreement g JOIN agency a ON a.id = g.agency_id
    WHERE g.status IN ('AKTIF', 'BERAKHIR', 'DICABUT')
      AND g.signed_on <= ${semester.lastDay}::date
      AND g.ends_on >= ${semester.firstDay}::date
      AND NOT EXISTS (
        SELECT 1 FROM agreement_event e
        WHERE e.agreement_id = g.id
          AND e.kind IN ('DIAKHIRI', 'DICABUT', 'BERAKHIR', 'FORCE_MAJEURE')
          AND e.at < ${semester.firstInstant})
    ORDER BY a.code, g.id`.execute(db);
  return result.rows;
}

export async function insertDgReport(
  db: Executor,
  row: {
    readonly semester: string;
    readonly letterNumber: string;
    readonly format: unknown;
    readonly content: unknown;
    readonly pdf: Buffer;
    readonly xlsx: Buffer;
    readonly at: Date;
    readonly actorId: number;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('dg_report')
    .values({
      semester: row.semester,
      letter_number: row.letterNumber,
      state: 'DISUSUN',
      format: JSON.stringify(row.format),
      content: JSON.stringify(row.content),
      pdf: row.pdf,
      xlsx: row.xlsx,
      created_at: row.at,
      created_by: row.actorId,
      queued_by: null,
      sent_to: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

const SUMMARY_COLUMNS = [
  'r.id',
  'r.semester',
  'r.letter_number',
  'r.state',
  'r.created_at',
  'r.queued_at',
  'r.sent_at',
  'r.sent_to',
  'u.user_id as created_by_user',
] as const;

/** The reports produced for a semester, newest first (without their files). */
export async function dgReportsOfSemester(db: Executor, semester: string) {
  return db
    .selectFrom('dg_report as r')
    .innerJoin('app_user as u', 'u.id', 'r.created_by')
    .select(SUMMARY_COLUMNS)
    .where('r.semester', '=', semester)
    .orderBy('r.id', 'desc')
    .execute();
}

export async function findDgReport(db: Executor, id: number) {
  return db
    .selectFrom('dg_report as r')
    .innerJoin('app_user as u', 'u.id', 'r.created_by')
    .select([...SUMMARY_COLUMNS, 'r.content', 'r.format'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function dgReportFile(db: Executor, id: number, kind: 'pdf' | 'xlsx') {
  return db
    .selectFrom('dg_report')
    .select(['id', 'semester', 'letter_number', kind === 'pdf' ? 'pdf as file' : 'xlsx as file'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** DISUSUN → ANTRE; whether this call moved it (false: not found or not DISUSUN). */
export async function queueDgReport(
  db: Executor,
  id: number,
  actorId: number,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('dg_report')
    .set({ state: 'ANTRE', queued_at: at, queued_by: actorId })
    .where('id', '=', id)
    .where('state', '=', 'DISUSUN')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Claims the queued reports nobody is sending (or whose claim is older than `staleBefore`,
 * a run that died): their ids, semester, letter number and files.
 */
export async function claimQueuedDgReports(db: Executor, at: Date, staleBefore: Date) {
  const result = await sql<{
    id: number;
    semester: string;
    letter_number: string;
    pdf: Buffer;
    xlsx: Buffer;
  }>`
    UPDATE dg_report SET mail_claimed_at = ${at}
    WHERE id IN (
      SELECT id FROM dg_report
      WHERE state = 'ANTRE' AND (mail_claimed_at IS NULL OR mail_claimed_at < ${staleBefore})
      ORDER BY id
      FOR UPDATE SKIP LOCKED)
    RETURNING id, semester, letter_number, pdf, xlsx`.execute(db);
  return result.rows;
}

export async function releaseDgReportClaim(db: Executor, id: number): Promise<void> {
  await db.updateTable('dg_report').set({ mail_claimed_at: null }).where('id', '=', id).execute();
}

export async function markDgReportSent(
  db: Executor,
  id: number,
  at: Date,
  to: string,
): Promise<void> {
  await db
    .updateTable('dg_report')
    .set({ state: 'TERKIRIM', sent_at: at, sent_to: to, mail_claimed_at: null })
    .where('id', '=', id)
    .where('state', '=', 'ANTRE')
    .execute();
}
