import type { Actor } from '../../domain/actor.js';
import { DEADLINE_KINDS, DEADLINE_STATUSES } from '../../domain/deadlines.js';
import { can } from '../../domain/permissions.js';
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

export const STATUS_FILTERS = ['SEMUA', 'BELUM_TERPENUHI', ...DEADLINE_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const KIND_FILTERS = ['SEMUA', ...DEADLINE_KINDS] as const;
export type KindFilter = (typeof KIND_FILTERS)[number];
export const PAGE_SIZE = 25;

export interface DeadlineFilter {
  readonly status: StatusFilter;
  readonly kind: KindFilter;
  /** An agency code, or null for every agency. */
  readonly agency: string | null;
  readonly page: number;
}

/** Reads a filter from a query string, falling back to "everything, page 1". */
export function parseDeadlineFilter(query: {
  status?: string | undefined;
  kind?: string | undefined;
  agency?: string | undefined;
  page?: string | number | undefined;
}): DeadlineFilter {
  const status = (query.status ?? '').toUpperCase();
  const kind = (query.kind ?? '').toUpperCase();
  const page = Number(query.page ?? 1);
  const agency = (query.agency ?? '').trim().toUpperCase();
  return {
    status: (STATUS_FILTERS as readonly string[]).includes(status)
      ? (status as StatusFilter)
      : 'SEMUA',
    kind: (KIND_FILTERS as readonly string[]).includes(kind) ? (kind as KindFilter) : 'SEMUA',
    agency: /^[A-Z0-9_]{2,20}$/.test(agency) ? agency : null,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

export interface AgencySummaryRow {
  readonly agency: AgencyRef;
  readonly counts: StatusCounts;
}

export interface DeadlinePage {
  readonly today: string;
  readonly filter: DeadlineFilter;
  readonly rows: readonly DeadlineView[];
  readonly total: number;
  readonly pages: number;
  /** Counts over every agency (and the chosen kind), whatever the status filter. */
  readonly counts: StatusCounts;
  readonly byAgency: readonly AgencySummaryRow[];
  readonly agencies: readonly AgencyRef[];
  readonly calendarGaps: readonly number[];
}

function matchesStatus(d: DeadlineView, status: StatusFilter): boolean {
  if (status === 'SEMUA') return true;
  if (status === 'BELUM_TERPENUHI') return d.status !== 'TERPENUHI';
  return d.status === status;
}

/**
 * Dukcapil's view: the deadlines of every agency, filtered and paged. Computed in memory:
 * a regency has tens of agencies with a handful of duties each.
 */
export async function deadlinesPage(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
  filter: DeadlineFilter,
): Promise<DeadlinePage> {
  if (!can(actor.role, 'deadline.viewAll'))
    throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
  const computed = await computeDeadlines(deps);
  const agencies = new Map<number, AgencyRef>();
  for (const d of computed.deadlines) agencies.set(d.agency.id, d.agency);
  const ofKind = computed.deadlines.filter(
    (d) => filter.kind === 'SEMUA' || d.kind === filter.kind,
  );
  const ofAgency = ofKind.filter((d) => filter.agency === null || d.agency.code === filter.agency);
  const matching = ofAgency.filter((d) => matchesStatus(d, filter.status));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const byAgency = [...agencies.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((agency) => ({
      agency,
      counts: countByStatus(ofKind.filter((d) => d.agency.id === agency.id)),
    }));
  return {
    today: computed.today,
    filter: { ...filter, page },
    rows: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: matching.length,
    pages,
    counts: countByStatus(ofAgency),
    byAgency,
    agencies: [...agencies.values()].sort((a, b) => a.code.localeCompare(b.code)),
    calendarGaps: calendarGaps(computed.deadlines, computed.calendar),
  };
}
