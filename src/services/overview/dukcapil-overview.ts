import { wibDay } from '../../domain/time.js';
import { countUnevaluatedReports } from '../../store/evaluations.js';
import { countOverview, type OverviewCounts } from '../../store/overview.js';
import { byUrgency, computeDeadlines, type DeadlineView } from '../deadlines/compute-deadlines.js';
import type { Deps } from '../deps.js';

/** An agreement counts as ending soon when its end date is this close (the extension is due 2 months before). */
export const ENDING_SOON_DAYS = 90;

export interface DukcapilOverview {
  readonly today: string;
  readonly counts: OverviewCounts;
  readonly deadlinesOverdue: number;
  readonly deadlinesSoon: number;
  /** Semester reports (issue 10): due within 30 days, overdue, submitted and not yet evaluated. */
  readonly reportsDue: number;
  readonly reportsLate: number;
  readonly reportsUnevaluated: number;
  /** The most pressing open deadlines, overdue first. */
  readonly pressing: readonly DeadlineView[];
}

/** What Dukcapil staff see first: agencies, agreements, users, requests and deadlines at a glance. */
export async function dukcapilOverview(deps: Deps): Promise<DukcapilOverview> {
  const now = deps.clock();
  const today = wibDay(now);
  const [counts, computed, reportsUnevaluated] = await Promise.all([
    countOverview(deps.db, { day: today, now, soonDays: ENDING_SOON_DAYS }),
    computeDeadlines(deps),
    countUnevaluatedReports(deps.db),
  ]);
  const reports = computed.deadlines.filter((d) => d.kind === 'LAPORAN_SEMESTER');
  const open = computed.deadlines
    .filter((d) => d.status === 'TERLAMBAT' || d.status === 'SEGERA')
    .sort(byUrgency);
  return {
    today,
    counts,
    deadlinesOverdue: open.filter((d) => d.status === 'TERLAMBAT').length,
    deadlinesSoon: open.filter((d) => d.status === 'SEGERA').length,
    reportsDue: reports.filter((d) => d.status === 'SEGERA').length,
    reportsLate: reports.filter((d) => d.status === 'TERLAMBAT').length,
    reportsUnevaluated,
    pressing: open.slice(0, 10),
  };
}
