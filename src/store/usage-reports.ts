import { sql, type Selectable } from 'kysely';
import type { Executor } from './db.js';
import type { UsageReportTable } from './schema.js';

/** The agency's usage reports and their history (migration 028). */

export type UsageReportRow = Selectable<UsageReportTable>;

export async function findUsageReport(
  db: Executor,
  id: number,
  forUpdate = false,
): Promise<UsageReportRow | undefined> {
  let query = db.selectFrom('usage_report').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The reports of the period that are not dropped, newest version first. */
export async function reportsOfPeriod(
  db: Executor,
  input: { agreementId: number; kind: string; from: string; to: string },
): Promise<UsageReportRow[]> {
  return db
    .selectFrom('usage_report')
    .selectAll()
    .where('agreement_id', '=', input.agreementId)
    .where('kind', '=', input.kind)
    .where('period_start', '=', input.from)
    .where('period_end', '=', input.to)
    .where('state', '<>', 'BATAL')
    .orderBy('version', 'desc')
    .execute();
}

export async function insertUsageReport(
  db: Executor,
  row: {
    agreementId: number;
    agencyId: number;
    kind: string;
    semester: string | null;
    from: string;
    to: string;
    version: number;
    correctsId: number | null;
    correctionReason: string | null;
    letterNumber: string | null;
    obstacles: string | null;
    followUp: string | null;
    officialsChanges: string | null;
    at: Date;
    by: number;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('usage_report')
    .values({
      agreement_id: row.agreementId,
      agency_id: row.agencyId,
      kind: row.kind,
      semester: row.semester,
      period_start: row.from,
      period_end: row.to,
      version: row.version,
      corrects_id: row.correctsId,
      correction_reason: row.correctionReason,
      letter_number: row.letterNumber,
      obstacles: row.obstacles,
      follow_up: row.followUp,
      officials_changes: row.officialsChanges,
      created_at: row.at,
      created_by: row.by,
      updated_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateUsageReport(
  db: Executor,
  id: number,
  set: Partial<{
    state: string;
    letter_number: string | null;
    obstacles: string | null;
    follow_up: string | null;
    officials_changes: string | null;
    correction_reason: string | null;
    figures: string;
    checkpoint_size: number;
    checkpoint_root: Buffer;
    checkpoint_basis: string;
    submitted_at: Date;
    submitted_by: number;
    pdf_document_id: number;
    xlsx_content: Buffer;
    fulfilment_id: number | null;
    mailed_at: Date | null;
    scan_document_id: number;
    scan_attached_at: Date;
    scan_attached_by: number;
    updated_at: Date;
  }>,
): Promise<void> {
  await db.updateTable('usage_report').set(set).where('id', '=', id).execute();
}

export async function insertReportEvent(
  db: Executor,
  event: {
    reportId: number;
    at: Date;
    actorId: number | null;
    action: string;
    stateBefore: string | null;
    stateAfter: string;
    note?: string | null;
    detail?: Record<string, unknown> | null;
  },
): Promise<void> {
  await db
    .insertInto('usage_report_event')
    .values({
      report_id: event.reportId,
      at: event.at,
      actor_id: event.actorId,
      action: event.action,
      state_before: event.stateBefore,
      state_after: event.stateAfter,
      note: event.note ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    })
    .execute();
}

export interface ReportListRow {
  readonly id: number;
  readonly agreement_id: number;
  readonly nomor_dukcapil: string;
  readonly kind: string;
  readonly semester: string | null;
  readonly period_start: string;
  readonly period_end: string;
  readonly version: number;
  readonly state: string;
  readonly letter_number: string | null;
  readonly submitted_at: Date | null;
  readonly submitted_by_name: string | null;
  readonly mailed_at: Date | null;
  readonly scan_document_id: number | null;
  readonly updated_at: Date;
}

/** An agency's reports (every version), newest period first. */
export async function listAgencyReports(db: Executor, agencyId: number): Promise<ReportListRow[]> {
  return db
    .selectFrom('usage_report as r')
    .innerJoin('agreement as g', 'g.id', 'r.agreement_id')
    .leftJoin('app_user as u', 'u.id', 'r.submitted_by')
    .select([
      'r.id',
      'r.agreement_id',
      'g.nomor_dukcapil',
      'r.kind',
      'r.semester',
      'r.period_start',
      'r.period_end',
      'r.version',
      'r.state',
      'r.letter_number',
      'r.submitted_at',
      'u.display_name as submitted_by_name',
      'r.mailed_at',
      'r.scan_document_id',
      'r.updated_at',
    ])
    .where('r.agency_id', '=', agencyId)
    .where('r.state', '<>', 'BATAL')
    .orderBy('r.period_end', 'desc')
    .orderBy('r.period_start', 'desc')
    .orderBy('r.version', 'desc')
    .execute();
}

export async function reportEvents(db: Executor, reportIds: readonly number[]) {
  if (reportIds.length === 0) return [];
  return db
    .selectFrom('usage_report_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.report_id',
      'e.at',
      'e.action',
      'e.state_before',
      'e.state_after',
      'e.note',
      'u.display_name as actor_name',
    ])
    .where('e.report_id', 'in', reportIds)
    .orderBy('e.id')
    .execute();
}

/** The agency's agreements a report may be about: every one that came into force. */
export async function reportableAgreements(db: Executor, agencyId: number) {
  return db
    .selectFrom('agreement')
    .select(['id', 'nomor_dukcapil', 'signed_on', 'ends_on', 'status'])
    .where('agency_id', '=', agencyId)
    .where('status', 'in', ['AKTIF', 'BERAKHIR', 'DICABUT'])
    .orderBy('ends_on', 'desc')
    .execute();
}

export interface PeriodCheckpointRow {
  readonly size: number;
  readonly root_hash: Buffer;
  readonly sealed_at: Date;
}

/** The latest checkpoint sealed before `end`, or undefined. */
export async function checkpointBefore(
  db: Executor,
  end: Date,
): Promise<PeriodCheckpointRow | undefined> {
  const result = await sql<PeriodCheckpointRow>`
    SELECT size, root_hash, sealed_at FROM audit_checkpoint
    WHERE sealed_at < ${end}::timestamptz ORDER BY size DESC LIMIT 1`.execute(db);
  return result.rows[0];
}

/** The first checkpoint sealed at or after `end`, or undefined. */
export async function checkpointAfter(
  db: Executor,
  end: Date,
): Promise<PeriodCheckpointRow | undefined> {
  const result = await sql<PeriodCheckpointRow>`
    SELECT size, root_hash, sealed_at FROM audit_checkpoint
    WHERE sealed_at >= ${end}::timestamptz ORDER BY size ASC LIMIT 1`.execute(db);
  return result.rows[0];
}

/** Submitted reports not yet mailed: claimed (mailed_at set) for the outbox run. */
export async function claimUnmailedReports(db: Executor, now: Date, limit: number) {
  const result = await sql<{ id: number }>`
    UPDATE usage_report SET mailed_at = ${now}::timestamptz
    WHERE id IN (
      SELECT id FROM usage_report WHERE state = 'DIKIRIM' AND mailed_at IS NULL
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`.execute(db);
  return result.rows.map((r) => r.id);
}

export async function releaseReportMail(db: Executor, id: number): Promise<void> {
  await db.updateTable('usage_report').set({ mailed_at: null }).where('id', '=', id).execute();
}
