import { sql } from 'kysely';
import type { Executor } from './db.js';
import { pageWithTotal } from './list-query.js';

/** SQL of the counter's service cases (migrations/019_service_cases.sql). */

export async function findServiceKindConfig(db: Executor, agreementId: number) {
  const row = await db
    .selectFrom('service_kind_config')
    .select('kinds')
    .where('agreement_id', '=', agreementId)
    .executeTakeFirst();
  return row?.kinds;
}

export async function upsertServiceKindConfig(
  db: Executor,
  agreementId: number,
  kinds: unknown,
  at: Date,
): Promise<void> {
  await db
    .insertInto('service_kind_config')
    .values({ agreement_id: agreementId, kinds: JSON.stringify(kinds), updated_at: at })
    .onConflict((oc) =>
      oc.column('agreement_id').doUpdateSet({ kinds: JSON.stringify(kinds), updated_at: at }),
    )
    .execute();
}

/** The next case sequence of an agency in a year: atomic across processes. */
export async function nextCaseSequence(
  db: Executor,
  agencyId: number,
  year: number,
): Promise<number> {
  const result = await sql<{ last: number }>`
    INSERT INTO service_case_counter AS c (agency_id, year, last)
    VALUES (${agencyId}::int, ${year}::int, 1)
    ON CONFLICT (agency_id, year) DO UPDATE SET last = c.last + 1
    RETURNING last`.execute(db);
  return result.rows[0]!.last;
}

export interface NewServiceCase {
  readonly agencyId: number;
  readonly agreementId: number;
  readonly caseNumber: string;
  readonly applicationNumber: string;
  readonly kindCode: string;
  readonly kindLabel: string;
  readonly documentLabel: string;
  readonly nik: string;
  readonly officerId: number;
  readonly at: Date;
}

export async function insertServiceCase(db: Executor, c: NewServiceCase): Promise<number> {
  const row = await db
    .insertInto('service_case')
    .values({
      agency_id: c.agencyId,
      agreement_id: c.agreementId,
      case_number: c.caseNumber,
      application_number: c.applicationNumber,
      kind_code: c.kindCode,
      kind_label: c.kindLabel,
      document_label: c.documentLabel,
      nik: c.nik,
      state: 'TERBUKA',
      opened_by: c.officerId,
      handled_by: c.officerId,
      opened_at: c.at,
      updated_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const CASE_COLUMNS = [
  'c.id',
  'c.agency_id',
  'c.agreement_id',
  'c.case_number',
  'c.application_number',
  'c.kind_code',
  'c.kind_label',
  'c.document_label',
  'c.nik',
  'c.state',
  'c.opened_at',
  'c.updated_at',
  'c.checks',
  'c.last_checked_at',
  'c.document_number',
  'c.issued_at',
  'c.handed_over_at',
  'c.return_sent_at',
  'c.closed_at',
  'c.handled_by',
  'h.user_id as handled_by_user_id',
  'h.display_name as handled_by_name',
] as const;

function casesQuery(db: Executor) {
  return db
    .selectFrom('service_case as c')
    .innerJoin('app_user as h', 'h.id', 'c.handled_by')
    .select(CASE_COLUMNS);
}

export type ServiceCaseRow = NonNullable<Awaited<ReturnType<typeof findServiceCase>>>;

/** A case of one agency: another agency's case is not found. */
export async function findServiceCase(db: Executor, agencyId: number, id: number) {
  return casesQuery(db)
    .where('c.id', '=', id)
    .where('c.agency_id', '=', agencyId)
    .executeTakeFirst();
}

/** What a state change writes besides the state; only the columns given are set. */
export interface CaseChanges {
  readonly nik?: string;
  readonly checked?: boolean;
  readonly documentNumber?: string;
  readonly issuedAt?: Date;
  readonly handedOverAt?: Date;
  readonly returnSentAt?: Date;
  readonly closedAt?: Date;
}

/**
 * Moves a case from one of `from` to `to`, as the officer `actorId` at `at`; false when the
 * case is no longer in any of those states (a second click, another officer first).
 */
export async function moveServiceCase(
  db: Executor,
  input: {
    readonly id: number;
    readonly from: readonly string[];
    readonly to: string;
    readonly actorId: number;
    readonly at: Date;
    readonly changes: CaseChanges;
  },
): Promise<boolean> {
  const { changes } = input;
  const moved = await db
    .updateTable('service_case')
    .set((eb) => ({
      state: input.to,
      handled_by: input.actorId,
      updated_at: input.at,
      ...(changes.nik !== undefined ? { nik: changes.nik } : {}),
      ...(changes.checked ? { checks: eb('checks', '+', 1), last_checked_at: input.at } : {}),
      ...(changes.documentNumber !== undefined
        ? { document_number: changes.documentNumber, issued_at: changes.issuedAt ?? input.at }
        : {}),
      ...(changes.handedOverAt ? { handed_over_at: changes.handedOverAt } : {}),
      ...(changes.returnSentAt ? { return_sent_at: changes.returnSentAt } : {}),
      ...(changes.closedAt ? { closed_at: changes.closedAt } : {}),
    }))
    .where('id', '=', input.id)
    .where('state', 'in', [...input.from])
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

export async function insertCaseEvent(
  db: Executor,
  event: {
    readonly caseId: number;
    readonly at: Date;
    readonly actorId: number;
    readonly action: string;
    readonly fromState: string | null;
    readonly toState: string;
    readonly note?: string | null;
    readonly auditId?: number | null;
  },
): Promise<void> {
  await db
    .insertInto('service_case_event')
    .values({
      case_id: event.caseId,
      at: event.at,
      actor_id: event.actorId,
      action: event.action,
      from_state: event.fromState,
      to_state: event.toState,
      note: event.note ?? null,
      audit_id: event.auditId ?? null,
    })
    .execute();
}

export async function listCaseEvents(db: Executor, caseId: number) {
  return db
    .selectFrom('service_case_event as e')
    .innerJoin('app_user as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.at',
      'e.action',
      'e.from_state',
      'e.to_state',
      'e.note',
      'e.audit_id',
      'u.user_id as actor_user_id',
      'u.display_name as actor_name',
    ])
    .where('e.case_id', '=', caseId)
    .orderBy('e.id')
    .execute();
}

/**
 * The audit row of the lookup a case's check just made: the newest lookup of this user that
 * states this purpose (the case number makes it the case's own).
 */
export async function findCaseLookupAudit(
  db: Executor,
  userId: number,
  purpose: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('user_id', '=', userId)
    .where('action', '=', 'LOOKUP')
    .where('purpose', '=', purpose)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export interface CaseListFilter {
  readonly agencyId: number;
  readonly states?: readonly string[] | undefined;
  readonly handledBy?: number | undefined;
}

/** An agency's cases, oldest update first for a queue or newest first for a record. */
export async function listServiceCases(
  db: Executor,
  filter: CaseListFilter,
  page: { limit: number; offset: number },
  order: 'queue' | 'recent',
) {
  let query = casesQuery(db).where('c.agency_id', '=', filter.agencyId);
  if (filter.states && filter.states.length > 0) {
    query = query.where('c.state', 'in', [...filter.states]);
  }
  if (filter.handledBy !== undefined) query = query.where('c.handled_by', '=', filter.handledBy);
  query =
    order === 'queue'
      ? query.orderBy('c.updated_at').orderBy('c.id')
      : query.orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc');
  return pageWithTotal(query, page);
}

/** How many of an agency's cases each officer holds, per state. */
export async function countCasesByOfficerAndState(db: Executor, agencyId: number) {
  const rows = await db
    .selectFrom('service_case as c')
    .innerJoin('app_user as h', 'h.id', 'c.handled_by')
    .select([
      'c.handled_by',
      'h.user_id',
      'h.display_name',
      'c.state',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('c.agency_id', '=', agencyId)
    .groupBy(['c.handled_by', 'h.user_id', 'h.display_name', 'c.state'])
    .orderBy('h.user_id')
    .execute();
  return rows.map((row) => ({ ...row, n: Number(row.n) }));
}

/** The answer of a case's latest check, read from its audit row (the case keeps none). */
export async function findLastCheckAnswer(
  db: Executor,
  caseId: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('service_case_event as e')
    .innerJoin('audit_log as a', 'a.id', 'e.audit_id')
    .select('a.response_code')
    .where('e.case_id', '=', caseId)
    .where('e.action', '=', 'PERIKSA')
    .orderBy('e.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.response_code;
}
