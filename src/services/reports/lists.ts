import { semesterName } from '../../domain/usage-report.js';
import {
  listAgencyReports,
  reportableAgreements,
  type ReportListRow,
} from '../../store/usage-reports.js';
import { sentWarningLetters } from '../../store/evaluations.js';
import { computeDeadlines } from '../deadlines/compute-deadlines.js';
import type { Deps } from '../deps.js';
import { assertHead, type Head } from './scope.js';

export interface AgencyReports {
  readonly agreements: Awaited<ReturnType<typeof reportableAgreements>>;
  readonly reports: readonly ReportListRow[];
  /** Dukcapil's warning letters sent to the agency after an evaluation, newest first. */
  readonly warningLetters: Awaited<ReturnType<typeof sentWarningLetters>>;
}

/**
 * The head's list: the agreements a report may be about, every report with its versions, and
 * the warning letters Dukcapil sent the agency.
 */
export async function agencyReports(deps: Deps, actor: Head): Promise<AgencyReports> {
  const agencyId = assertHead(actor);
  const [agreements, reports, warningLetters] = await Promise.all([
    reportableAgreements(deps.db, agencyId),
    listAgencyReports(deps.db, agencyId),
    sentWarningLetters(deps.db, agencyId),
  ]);
  return { agreements, reports, warningLetters };
}

export interface ReportsDue {
  /** Ended semesters of agreements in force without a submitted report, the most urgent first. */
  readonly items: readonly {
    readonly period: string;
    readonly label: string;
    readonly dueOn: string;
    readonly overdue: boolean;
    readonly agreementNumber: string | null;
  }[];
}

/** The semester reports the head still owes (the tile on the head's pages). */
export async function reportsDue(deps: Deps, actor: Head): Promise<ReportsDue> {
  const agencyId = assertHead(actor);
  const { deadlines, today } = await computeDeadlines(deps, agencyId);
  const items = deadlines.flatMap((d) =>
    d.basis.kind === 'LAPORAN_SEMESTER' && d.fulfilment === null && d.basis.semesterEnd < today
      ? [
          {
            period: d.basis.period,
            label: semesterName(d.basis.period),
            dueOn: d.dueOn,
            overdue: d.status === 'TERLAMBAT',
            agreementNumber: d.agreementNumber,
          },
        ]
      : [],
  );
  return { items: items.sort((a, b) => a.dueOn.localeCompare(b.dueOn)) };
}
