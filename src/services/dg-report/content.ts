import { REPORT_STATUS_LABELS, reportStatusOf, type ReportStatus } from '../../domain/dg-report.js';
import {
  deadlineStatus,
  semesterLabel,
  semesterOf,
  semesterReportDue,
  type SemesterPeriod,
} from '../../domain/deadlines.js';
import {
  EVALUATION_STATE_LABELS,
  FOLLOW_UP_LABELS,
  GRADE_LABELS,
  type EvaluationState,
  type FollowUp,
  type Grade,
} from '../../domain/evaluation.js';
import { wibDay, wibDayStart } from '../../domain/time.js';
import { fulfilmentsOf } from '../../store/deadlines.js';
import { agreementsOfSemester, type SemesterAgreementRow } from '../../store/dg-reports.js';
import { finalEvaluationsOfSemester } from '../../store/evaluations.js';
import { loadCalendar } from '../deadlines/compute-deadlines.js';
import type { Deps } from '../deps.js';
import { reportFigures, type ReportFigures } from '../reports/figures.js';

/*
 * What the report to the Directorate General says for a semester (issue 10 item 4): for every
 * agreement in force in it, the agency's figures (services/reports/figures.ts, the same the
 * agency's own report prints), its semester report's status against the duty's deadline
 * (domain/deadlines.ts), and the evaluation that speaks for the semester with its follow-up.
 */

export interface DgAgencyRow {
  readonly agency: { readonly code: string; readonly name: string };
  readonly agreement: {
    readonly id: number;
    readonly nomorDukcapil: string;
    readonly status: string;
  };
  readonly figures: {
    readonly lookups: number;
    readonly found: number;
    readonly notFound: number;
    readonly refused: number;
    readonly accessedNiks: number;
    readonly returned: number;
    readonly overdue: number;
    /** Percent, one decimal; null when nothing was accessed. */
    readonly percentReturned: number | null;
    readonly alerts: number;
    readonly activeUsers: number;
    readonly usersWithoutDocuments: number;
  };
  readonly report: {
    readonly status: ReportStatus;
    readonly statusLabel: string;
    readonly dueOn: string;
    readonly receivedOn: string | null;
  };
  readonly evaluation: {
    readonly id: number;
    readonly score: number;
    readonly grade: Grade;
    readonly gradeLabel: string;
    readonly followUp: FollowUp;
    readonly followUpLabel: string;
    readonly stateLabel: string;
  } | null;
}

export interface DgContent {
  readonly semester: SemesterPeriod;
  readonly semesterLabel: string;
  readonly period: { readonly from: string; readonly to: string };
  /** The semester report's due date (the same for every agency). */
  readonly dueOn: string;
  readonly today: string;
  readonly rows: readonly DgAgencyRow[];
  readonly totals: {
    readonly agencies: number;
    readonly lookups: number;
    readonly byStatus: Readonly<Record<ReportStatus, number>>;
    readonly evaluated: number;
    readonly byGrade: Readonly<Record<Grade, number>>;
    readonly byFollowUp: Readonly<Record<FollowUp, number>>;
  };
}

/** How many agreements' figures are computed at once (each is a handful of queries). */
const CONCURRENCY = 4;

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const ACTIVE_USERS = new Set(['AKTIF', 'DITAHAN']);

function figuresRow(f: ReportFigures): DgAgencyRow['figures'] {
  const active = f.users.filter((u) => ACTIVE_USERS.has(u.status));
  return {
    lookups: f.lookups.total,
    found: f.lookups.found,
    notFound: f.lookups.notFound,
    refused: f.lookups.refused,
    accessedNiks: f.returnData.accessed,
    returned: f.returnData.returned,
    overdue: f.returnData.overdue,
    percentReturned: f.returnData.percentReturned,
    alerts: f.alerts.length,
    activeUsers: active.length,
    usersWithoutDocuments: active.filter((u) => !u.documentsComplete).length,
  };
}

/** The content of the DG report of `semester`, computed now. */
export async function dgReportContent(deps: Deps, semester: SemesterPeriod): Promise<DgContent> {
  const s = semesterOf(semester);
  const today = wibDay(deps.clock());
  const agreements = await agreementsOfSemester(deps.db, {
    firstDay: s.firstDay,
    lastDay: s.lastDay,
    firstInstant: wibDayStart(s.firstDay),
  });
  const ids = agreements.map((a) => a.id);
  const [calendar, fulfilments, evaluations] = await Promise.all([
    loadCalendar(deps.db),
    fulfilmentsOf(deps.db, ids),
    finalEvaluationsOfSemester(deps.db, s),
  ]);
  const { dueOn } = semesterReportDue(semester, calendar);
  const evaluationOf = new Map(evaluations.map((e) => [e.agreement_id, e]));
  const figures = await mapLimited(agreements, CONCURRENCY, (a: SemesterAgreementRow) =>
    reportFigures(deps, a.id, s.firstDay, s.lastDay),
  );

  const rows = agreements.map((a, i): DgAgencyRow => {
    const received =
      fulfilments
        .filter(
          (f) => f.agreement_id === a.id && f.kind === 'LAPORAN_SEMESTER' && f.period === semester,
        )
        .map((f) => f.received_on)
        .sort()[0] ?? null;
    const status = reportStatusOf({
      status: deadlineStatus(dueOn, today, received),
      fulfilment:
        received === null
          ? null
          : { on: received, reference: '', documentId: null, late: received > dueOn },
    });
    const e = evaluationOf.get(a.id);
    return {
      agency: { code: a.agency_code, name: a.agency_name },
      agreement: { id: a.id, nomorDukcapil: a.nomor_dukcapil, status: a.status },
      figures: figuresRow(figures[i]!),
      report: { status, statusLabel: REPORT_STATUS_LABELS[status], dueOn, receivedOn: received },
      evaluation: e
        ? {
            id: e.id,
            score: e.score,
            grade: e.grade as Grade,
            gradeLabel: GRADE_LABELS[e.grade as Grade] ?? e.grade,
            followUp: e.follow_up as FollowUp,
            followUpLabel: FOLLOW_UP_LABELS[e.follow_up as FollowUp] ?? e.follow_up,
            stateLabel: EVALUATION_STATE_LABELS[e.state as EvaluationState] ?? e.state,
          }
        : null,
    };
  });

  const count = <K extends string>(keys: readonly K[], of: (row: DgAgencyRow) => K | undefined) => {
    const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    for (const row of rows) {
      const key = of(row);
      if (key !== undefined) counts[key]++;
    }
    return counts;
  };
  return {
    semester,
    semesterLabel: semesterLabel(semester),
    period: { from: s.firstDay, to: s.lastDay },
    dueOn,
    today,
    rows,
    totals: {
      agencies: rows.length,
      lookups: rows.reduce((n, r) => n + r.figures.lookups, 0),
      byStatus: count(
        ['TEPAT_WAKTU', 'TERLAMBAT', 'TIDAK_ADA', 'BELUM_JATUH_TEMPO'],
        (r) => r.report.status,
      ),
      evaluated: rows.filter((r) => r.evaluation !== null).length,
      byGrade: count(['A', 'B', 'C', 'D'], (r) => r.evaluation?.grade),
      byFollowUp: count(
        ['TIDAK_ADA', 'SURAT_TEGURAN', 'USUL_PENCABUTAN'],
        (r) => r.evaluation?.followUp,
      ),
    },
  };
}
