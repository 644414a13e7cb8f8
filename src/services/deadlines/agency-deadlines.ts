import type { Actor } from '../../domain/actor.js';
import {
  reportOpensOn,
  semesterLabel,
  semestersCovered,
  type SemesterPeriod,
} from '../../domain/deadlines.js';
import { findAgencyForDeadlines, officialsChangesOf } from '../../store/deadlines.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import {
  calendarGaps,
  computeDeadlines,
  countByStatus,
  type AgencyRef,
  type DeadlineView,
  type StatusCounts,
} from './compute-deadlines.js';
import { assertScope } from './deadline-scope.js';

export interface AgencyDeadlines {
  readonly today: string;
  readonly agency: AgencyRef;
  /** The agreement in force, when there is one. */
  readonly agreement: {
    readonly id: number;
    readonly nomorDukcapil: string;
    readonly signedOn: string;
    readonly endsOn: string;
    /** Semesters the agreement covers whose report may be handed in today. */
    readonly reportablePeriods: readonly { period: SemesterPeriod; label: string }[];
  } | null;
  readonly deadlines: readonly DeadlineView[];
  readonly counts: StatusCounts;
  /** Changes of officials Dukcapil recorded that still await the agency's notice. */
  readonly openChanges: readonly { id: number; changedOn: string; description: string }[];
  readonly calendarGaps: readonly number[];
}

export async function findAgencyByCodeForDeadlines(
  deps: Deps,
  code: string,
): Promise<AgencyRef | undefined> {
  const agency = await findAgencyForDeadlines(deps.db, { code: code.trim().toUpperCase() });
  return agency ? { id: agency.id, code: agency.code, name: agency.name } : undefined;
}

/** One agency's deadlines, for its head or for Dukcapil. */
export async function agencyDeadlines(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
  agencyId: number,
): Promise<AgencyDeadlines> {
  assertScope(actor, agencyId, 'view');
  const agency = await findAgencyForDeadlines(deps.db, { id: agencyId });
  if (!agency) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
  const computed = await computeDeadlines(deps, agencyId);
  const agreement = computed.agreements[0];
  const changes = await officialsChangesOf(deps.db, [agencyId]);
  return {
    today: computed.today,
    agency: { id: agency.id, code: agency.code, name: agency.name },
    agreement: agreement
      ? {
          id: agreement.id,
          nomorDukcapil: agreement.nomor_dukcapil,
          signedOn: agreement.signed_on,
          endsOn: agreement.ends_on,
          reportablePeriods: semestersCovered(agreement.signed_on, agreement.ends_on)
            .filter((s) => reportOpensOn(s.period) <= computed.today)
            .map((s) => ({ period: s.period, label: semesterLabel(s.period) }))
            .reverse(),
        }
      : null,
    deadlines: computed.deadlines,
    counts: countByStatus(computed.deadlines),
    openChanges: changes
      .filter((c) => c.notified_on === null)
      .map((c) => ({ id: c.id, changedOn: c.changed_on, description: c.description })),
    calendarGaps: calendarGaps(computed.deadlines, computed.calendar),
  };
}
