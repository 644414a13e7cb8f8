import { sql } from 'kysely';
import type { Executor } from './db.js';

/*
 * Dukcapil's evaluations (migrations/029): the record, its history, the inbox of submitted
 * usage reports with where their evaluation stands, and the figures the dashboard counts.
 */

export interface NewEvaluation {
  readonly agencyId: number;
  readonly agreementId: number;
  readonly kind: string;
  readonly usageReportId: number | null;
  readonly semester: string | null;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly answers: unknown;
  readonly facts: unknown;
  readonly checklist: unknown;
  readonly at: Date;
  readonly actorId: number;
}

export async function insertEvaluation(db: Executor, row: NewEvaluation): Promise<number> {
  const inserted = await db
    .insertInto('evaluation')
    .values({
      agency_id: row.agencyId,
      agreement_id: row.agreementId,
      kind: row.kind,
      usage_report_id: row.usageReportId,
      semester: row.semester,
      period_start: row.periodStart,
      period_end: row.periodEnd,
      state: 'DRAFT',
      follow_up: null,
      answers: JSON.stringify(row.answers),
      facts: JSON.stringify(row.facts),
      checklist: JSON.stringify(row.checklist),
      score: null,
      grade: null,
      created_at: row.at,
      created_by: row.actorId,
      updated_at: row.at,
      finalized_by: null,
      warning_letter_number: null,
      warning_letter_on: null,
      decided_by: null,
      decision_note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

const EVALUATION_COLUMNS = [
  'e.id',
  'e.agency_id',
  'e.agreement_id',
  'e.kind',
  'e.usage_report_id',
  'e.semester',
  'e.period_start',
  'e.period_end',
  'e.state',
  'e.follow_up',
  'e.answers',
  'e.facts',
  'e.checklist',
  'e.findings',
  'e.recommendations',
  'e.score',
  'e.grade',
  'e.created_at',
  'e.updated_at',
  'e.finalized_at',
  'e.warning_letter_number',
  'e.warning_letter_on',
  'e.decided_at',
  'e.decision_note',
  'a.code as agency_code',
  'a.name as agency_name',
  'g.nomor_dukcapil',
  'g.status as agreement_status',
  'cu.user_id as created_by_user',
  'fu.user_id as finalized_by_user',
] as const;

function evaluationQuery(db: Executor) {
  return db
    .selectFrom('evaluation as e')
    .innerJoin('agency as a', 'a.id', 'e.agency_id')
    .innerJoin('agreement as g', 'g.id', 'e.agreement_id')
    .innerJoin('app_user as cu', 'cu.id', 'e.created_by')
    .leftJoin('app_user as fu', 'fu.id', 'e.finalized_by')
    .select(EVALUATION_COLUMNS);
}

export type EvaluationRow = NonNullable<Awaited<ReturnType<typeof findEvaluation>>>;

export async function findEvaluation(db: Executor, id: number) {
  return evaluationQuery(db).where('e.id', '=', id).executeTakeFirst();
}

/** Locks the evaluation's row for a change, then reads it. */
export async function lockEvaluation(db: Executor, id: number) {
  const locked = await db
    .selectFrom('evaluation')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return locked ? findEvaluation(db, id) : undefined;
}

export interface EvaluationChange {
  readonly state?: string;
  readonly followUp?: string | null;
  readonly answers?: unknown;
  readonly facts?: unknown;
  readonly checklist?: unknown;
  readonly findings?: string;
  readonly recommendations?: string;
  readonly score?: number | null;
  readonly grade?: string | null;
  readonly finalizedAt?: Date;
  readonly finalizedBy?: number;
  readonly warningLetterNumber?: string;
  readonly warningLetterOn?: string;
  readonly warningLetterPdf?: Buffer;
  readonly decidedAt?: Date;
  readonly decidedBy?: number;
  readonly decisionNote?: string;
}

export async function updateEvaluation(
  db: Executor,
  id: number,
  at: Date,
  change: EvaluationChange,
): Promise<void> {
  await db
    .updateTable('evaluation')
    .set({
      updated_at: at,
      ...(change.state !== undefined ? { state: change.state } : {}),
      ...(change.followUp !== undefined ? { follow_up: change.followUp } : {}),
      ...(change.answers !== undefined ? { answers: JSON.stringify(change.answers) } : {}),
      ...(change.facts !== undefined ? { facts: JSON.stringify(change.facts) } : {}),
      ...(change.checklist !== undefined ? { checklist: JSON.stringify(change.checklist) } : {}),
      ...(change.findings !== undefined ? { findings: change.findings } : {}),
      ...(change.recommendations !== undefined ? { recommendations: change.recommendations } : {}),
      ...(change.score !== undefined ? { score: change.score } : {}),
      ...(change.grade !== undefined ? { grade: change.grade } : {}),
      ...(change.finalizedAt !== undefined ? { finalized_at: change.finalizedAt } : {}),
      ...(change.finalizedBy !== undefined ? { finalized_by: change.finalizedBy } : {}),
      ...(change.warningLetterNumber !== undefined
        ? { warning_letter_number: change.warningLetterNumber }
        : {}),
      ...(change.warningLetterOn !== undefined
        ? { warning_letter_on: change.warningLetterOn }
        : {}),
      ...(change.warningLetterPdf !== undefined
        ? { warning_letter_pdf: change.warningLetterPdf }
        : {}),
      ...(change.decidedAt !== undefined ? { decided_at: change.decidedAt } : {}),
      ...(change.decidedBy !== undefined ? { decided_by: change.decidedBy } : {}),
      ...(change.decisionNote !== undefined ? { decision_note: change.decisionNote } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertEvaluationEvent(
  db: Executor,
  event: {
    readonly evaluationId: number;
    readonly at: Date;
    readonly actorId: number;
    readonly action: string;
    readonly stateBefore: string | null;
    readonly stateAfter: string;
    readonly note: string | null;
    readonly detail?: unknown;
  },
): Promise<void> {
  await db
    .insertInto('evaluation_event')
    .values({
      evaluation_id: event.evaluationId,
      at: event.at,
      actor_id: event.actorId,
      action: event.action,
      state_before: event.stateBefore,
      state_after: event.stateAfter,
      note: event.note,
      detail: event.detail === undefined ? null : JSON.stringify(event.detail),
    })
    .execute();
}

export async function evaluationEvents(db: Executor, evaluationId: number) {
  return db
    .selectFrom('evaluation_event as v')
    .leftJoin('app_user as u', 'u.id', 'v.actor_id')
    .select([
      'v.id',
      'v.at',
      'v.action',
      'v.state_before',
      'v.state_after',
      'v.note',
      'u.user_id as actor',
    ])
    .where('v.evaluation_id', '=', evaluationId)
    .orderBy('v.id')
    .execute();
}

/** A submitted usage report as the evaluation needs it. */
export async function findSubmittedReport(db: Executor, reportId: number) {
  return db
    .selectFrom('usage_report as r')
    .innerJoin('agency as a', 'a.id', 'r.agency_id')
    .select([
      'r.id',
      'r.agreement_id',
      'r.agency_id',
      'r.kind',
      'r.semester',
      'r.period_start',
      'r.period_end',
      'r.state',
      'r.version',
      'r.letter_number',
      'r.submitted_at',
      'a.code as agency_code',
    ])
    .where('r.id', '=', reportId)
    .executeTakeFirst();
}

/** An agreement and its agency, for an ad-hoc evaluation. */
export async function findAgreementForEvaluation(db: Executor, agreementId: number) {
  return db
    .selectFrom('agreement as g')
    .innerJoin('agency as a', 'a.id', 'g.agency_id')
    .select([
      'g.id',
      'g.agency_id',
      'g.nomor_dukcapil',
      'g.signed_on',
      'g.ends_on',
      'g.status',
      'a.code as agency_code',
    ])
    .where('g.id', '=', agreementId)
    .executeTakeFirst();
}

/** Agreements Dukcapil may evaluate ad hoc: in force, or ended, never drafts. */
export async function evaluableAgreements(db: Executor) {
  return db
    .selectFrom('agreement as g')
    .innerJoin('agency as a', 'a.id', 'g.agency_id')
    .select([
      'g.id',
      'g.nomor_dukcapil',
      'g.status',
      'a.code as agency_code',
      'a.name as agency_name',
    ])
    .where('g.status', 'in', ['AKTIF', 'BERAKHIR', 'DICABUT'])
    .orderBy('a.code')
    .orderBy('g.id', 'desc')
    .execute();
}

// ---- The inbox ------------------------------------------------------------------------------

/** Where a report's evaluation stands, for the inbox's filter. */
export type InboxStanding = 'BELUM' | 'DRAF' | 'FINAL';

export interface InboxFilter {
  /** YYYY-S1 / YYYY-S2, or 'SEWAKTU_WAKTU' for the ad-hoc reports, or null for all. */
  readonly period: string | null;
  readonly agencyCode: string | null;
  readonly standing: InboxStanding | null;
  readonly limit: number;
  readonly offset: number;
}

/** The newest evaluation (not cancelled) of each report. */
const latestEvaluation = sql`(
  SELECT e.id, e.state, e.grade, e.score, e.follow_up FROM evaluation e
  WHERE e.usage_report_id = r.id AND e.state <> 'DIBATALKAN'
  ORDER BY e.id DESC LIMIT 1)`;

function inboxWhere(filter: Omit<InboxFilter, 'limit' | 'offset'>) {
  const parts = [sql`r.state IN ('DIKIRIM', 'DIGANTI')`];
  if (filter.period === 'SEWAKTU_WAKTU') parts.push(sql`r.kind = 'SEWAKTU_WAKTU'`);
  else if (filter.period !== null) parts.push(sql`r.semester = ${filter.period}`);
  if (filter.agencyCode !== null) parts.push(sql`a.code = ${filter.agencyCode}`);
  if (filter.standing === 'BELUM') parts.push(sql`ev.id IS NULL`);
  if (filter.standing === 'DRAF') parts.push(sql`ev.state = 'DRAFT'`);
  if (filter.standing === 'FINAL') parts.push(sql`ev.state NOT IN ('DRAFT', 'DIBATALKAN')`);
  return sql.join(parts, sql` AND `);
}

export interface InboxRow {
  readonly report_id: number;
  readonly agency_code: string;
  readonly agency_name: string;
  readonly nomor_dukcapil: string;
  readonly kind: string;
  readonly semester: string | null;
  readonly period_start: string;
  readonly period_end: string;
  readonly state: string;
  readonly version: number;
  readonly submitted_at: Date | null;
  readonly evaluation_id: number | null;
  readonly evaluation_state: string | null;
  readonly grade: string | null;
  readonly score: number | null;
  readonly follow_up: string | null;
}

export async function reportInbox(
  db: Executor,
  filter: InboxFilter,
): Promise<{ rows: InboxRow[]; total: number }> {
  const where = inboxWhere(filter);
  const from = sql`usage_report r
    JOIN agency a ON a.id = r.agency_id
    JOIN agreement g ON g.id = r.agreement_id
    LEFT JOIN LATERAL ${latestEvaluation} ev ON true`;
  const [rows, total] = await Promise.all([
    sql<InboxRow>`
      SELECT r.id AS report_id, a.code AS agency_code, a.name AS agency_name, g.nomor_dukcapil,
        r.kind, r.semester, r.period_start::text AS period_start, r.period_end::text AS period_end,
        r.state, r.version, r.submitted_at, ev.id AS evaluation_id, ev.state AS evaluation_state,
        ev.grade, ev.score, ev.follow_up
      FROM ${from}
      WHERE ${where}
      ORDER BY r.submitted_at DESC NULLS LAST, r.id DESC
      LIMIT ${filter.limit} OFFSET ${filter.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** The semesters that have submitted reports, newest first (the inbox's period filter). */
export async function reportSemesters(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('usage_report')
    .select('semester')
    .distinct()
    .where('semester', 'is not', null)
    .where('state', 'in', ['DIKIRIM', 'DIGANTI'])
    .orderBy('semester', 'desc')
    .execute();
  return rows.map((r) => r.semester!);
}

/** Submitted reports (current versions) without a final evaluation. */
export async function countUnevaluatedReports(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM usage_report r
    WHERE r.state = 'DIKIRIM' AND NOT EXISTS (
      SELECT 1 FROM evaluation e WHERE e.usage_report_id = r.id
        AND e.state NOT IN ('DRAFT', 'DIBATALKAN'))`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** Evaluations, newest first, with an optional agency and state (the list of evaluations). */
export async function listEvaluations(
  db: Executor,
  filter: { agencyCode: string | null; states: readonly string[] | null; limit: number },
) {
  let query = evaluationQuery(db).orderBy('e.id', 'desc').limit(filter.limit);
  if (filter.agencyCode !== null) query = query.where('a.code', '=', filter.agencyCode);
  if (filter.states !== null) query = query.where('e.state', 'in', [...filter.states]);
  return query.execute();
}

/**
 * The final evaluation that speaks for each agreement in a semester: the newest final one
 * whose period ends within the semester (of a report of that semester, or ad hoc).
 */
export async function finalEvaluationsOfSemester(
  db: Executor,
  semester: { firstDay: string; lastDay: string },
) {
  const result = await sql<{
    agreement_id: number;
    id: number;
    state: string;
    score: number;
    grade: string;
    follow_up: string;
    finalized_at: Date;
  }>`
    SELECT DISTINCT ON (agreement_id) agreement_id, id, state, score, grade, follow_up, finalized_at
    FROM evaluation
    WHERE state NOT IN ('DRAFT', 'DIBATALKAN')
      AND period_end BETWEEN ${semester.firstDay}::date AND ${semester.lastDay}::date
    ORDER BY agreement_id, finalized_at DESC, id DESC`.execute(db);
  return result.rows;
}

// ---- Warning letters --------------------------------------------------------------------------

/** The kept PDF of an evaluation's warning letter (null: none kept; undefined: no evaluation). */
export async function warningLetterPdf(db: Executor, id: number) {
  const row = await db
    .selectFrom('evaluation')
    .select('warning_letter_pdf')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? row.warning_letter_pdf : undefined;
}

/** The warning letters sent to an agency (evaluations in TEGURAN_TERKIRIM), newest first. */
export async function sentWarningLetters(db: Executor, agencyId: number) {
  return db
    .selectFrom('evaluation as e')
    .innerJoin('agreement as g', 'g.id', 'e.agreement_id')
    .select([
      'e.id',
      'e.period_start',
      'e.period_end',
      'e.semester',
      'e.warning_letter_number',
      'e.warning_letter_on',
      'g.nomor_dukcapil',
    ])
    .where('e.agency_id', '=', agencyId)
    .where('e.state', '=', 'TEGURAN_TERKIRIM')
    .orderBy('e.warning_letter_on', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}
