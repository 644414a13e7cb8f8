import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import {
  CASE_ACTION_LABELS,
  CASE_STATE_LABELS,
  CASE_STATES,
  isCaseState,
  OPEN_STATES,
  RETURN_OWED_STATES,
  type CaseAction,
  type CaseState,
} from '../../domain/service-case.js';
import { wibDay } from '../../domain/time.js';
import {
  countCasesByOfficerAndState,
  listCaseEvents,
  listServiceCases,
  type CaseListFilter,
} from '../../store/service-cases.js';
import type { Deps } from '../deps.js';
import { returnSchemaOfAgency } from '../data-balikan/submission.js';
import { Refusal } from '../errors.js';
import {
  caseView,
  loadCase,
  officerAgency,
  type CaseOfficer,
  type ServiceCaseView,
} from './cases.js';

/**
 * What is read of the agency's cases: one case with its history, the counter's queue, the
 * head's view, the return data owed.
 */

export interface CasePage {
  readonly rows: readonly ServiceCaseView[];
  readonly total: number;
}

interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

/**
 * The agency's open cases, the longest waiting first: the queue every officer of the counter
 * works from (officers take over each other's cases), or only those the officer acted on last.
 */
export async function openCaseQueue(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  page: PageRequest,
  options: { readonly mine?: boolean } = {},
): Promise<CasePage> {
  const agencyId = officerAgency(actor);
  const { rows, total } = await listServiceCases(
    deps.db,
    { agencyId, states: OPEN_STATES, handledBy: options.mine ? actor.id : undefined },
    page,
    'queue',
  );
  return { rows: rows.map(caseView), total };
}

export interface OwedCase extends ServiceCaseView {
  /** The WIB day the return data falls due (the check + the schema's dueDays), if known. */
  readonly dueOn: string | null;
  readonly overdue: boolean;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The agency's cases whose document is issued and whose return data is not sent yet (SPEC
 * §3), the oldest first, each with the day it falls due as the agreement's schema counts it
 * from the access (the case's last check).
 */
export async function returnOwedCases(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
  page: PageRequest,
): Promise<{ readonly rows: readonly OwedCase[]; readonly total: number }> {
  const agencyId = officerAgency(actor);
  const schema = await returnSchemaOfAgency(deps, agencyId);
  const today = wibDay(deps.clock());
  const { rows, total } = await listServiceCases(
    deps.db,
    { agencyId, states: RETURN_OWED_STATES },
    page,
    'queue',
  );
  return {
    rows: rows.map((row) => {
      const view = caseView(row);
      const dueOn =
        schema && view.lastCheckedAt ? addDays(wibDay(view.lastCheckedAt), schema.dueDays) : null;
      return { ...view, dueOn, overdue: dueOn !== null && dueOn < today };
    }),
    total,
  };
}

export interface OfficerCaseCounts {
  readonly officerId: number;
  readonly userId: string;
  readonly name: string;
  readonly byState: Readonly<Record<CaseState, number>>;
  readonly open: number;
  readonly total: number;
}

function headAgency(actor: Pick<Actor, 'role' | 'agencyId'>): number {
  if (!can(actor.role, 'serviceCase.supervise') || actor.agencyId === null) {
    throw new Refusal('TIDAK_BERWENANG');
  }
  return actor.agencyId;
}

const zeroes = () =>
  Object.fromEntries(CASE_STATES.map((s) => [s, 0])) as Record<CaseState, number>;

/**
 * The head's view: how many of the agency's cases each officer holds, per state (the officer
 * who acted last holds a case), and the agency's totals per state.
 */
export async function caseCountsByOfficer(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
): Promise<{
  readonly officers: readonly OfficerCaseCounts[];
  readonly totals: Record<CaseState, number>;
}> {
  const agencyId = headAgency(actor);
  const rows = await countCasesByOfficerAndState(deps.db, agencyId);
  const officers = new Map<
    number,
    { userId: string; name: string; byState: Record<CaseState, number> }
  >();
  const totals = zeroes();
  for (const row of rows) {
    const entry = officers.get(row.handled_by) ?? {
      userId: row.user_id,
      name: row.display_name,
      byState: zeroes(),
    };
    const state = row.state as CaseState;
    entry.byState[state] += row.n;
    totals[state] += row.n;
    officers.set(row.handled_by, entry);
  }
  return {
    officers: [...officers].map(([officerId, entry]) => {
      const values = CASE_STATES.map((s) => entry.byState[s]);
      const open = OPEN_STATES.reduce((sum, s) => sum + entry.byState[s], 0);
      return {
        officerId,
        ...entry,
        open,
        total: values.reduce((a, b) => a + b, 0),
      };
    }),
    totals,
  };
}

/** The head's list of the agency's cases, newest change first, by state and officer. */
export async function agencyCases(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
  filter: { readonly state?: CaseState | undefined; readonly officerId?: number | undefined },
  page: PageRequest,
): Promise<CasePage> {
  const agencyId = headAgency(actor);
  const query: CaseListFilter = {
    agencyId,
    states: filter.state ? [filter.state] : undefined,
    handledBy: filter.officerId,
  };
  const { rows, total } = await listServiceCases(deps.db, query, page, 'recent');
  return { rows: rows.map(caseView), total };
}

export interface CaseEventView {
  readonly at: Date;
  readonly action: string;
  readonly actionLabel: string;
  readonly toState: string;
  readonly stateLabel: string;
  readonly note: string | null;
  readonly auditId: number | null;
  readonly actor: { readonly userId: string; readonly name: string };
}

/** A case of the officer's agency with its history, oldest step first. */
export async function caseDetail(
  deps: Deps,
  actor: CaseOfficer,
  id: number,
): Promise<{ readonly case: ServiceCaseView; readonly events: readonly CaseEventView[] }> {
  const row = await loadCase(deps.db, actor, id);
  const events = await listCaseEvents(deps.db, row.id);
  return {
    case: caseView(row),
    events: events.map((e) => ({
      at: new Date(e.at),
      action: e.action,
      actionLabel: CASE_ACTION_LABELS[e.action as CaseAction | 'BUKA'] ?? e.action,
      toState: e.to_state,
      stateLabel: isCaseState(e.to_state) ? CASE_STATE_LABELS[e.to_state] : e.to_state,
      note: e.note,
      auditId: e.audit_id,
      actor: { userId: e.actor_user_id, name: e.actor_name },
    })),
  };
}
