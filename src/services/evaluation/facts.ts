import type { EvaluationFacts } from '../../domain/evaluation.js';
import { wibDay } from '../../domain/time.js';
import { computeDeadlines } from '../deadlines/compute-deadlines.js';
import type { Deps } from '../deps.js';
import { reportFigures, type ReportFigures } from '../reports/figures.js';

/*
 * What the records say about an agreement's period, for the checklist's data answers: the
 * usage report's figures (services/reports/figures.ts, the one computation of them) plus the
 * agreement's ISO/IEC 27001 duty as it stands on the evaluation's day.
 */

/** Users whose documents the checklist asks about: those who may act (not deactivated). */
const ACTIVE_USER_STATUSES = new Set(['AKTIF', 'DITAHAN']);

/** The alert's outcome as the figures word it when a user's hold was kept (misuse confirmed). */
const HOLD_KEPT_OUTCOME = 'penahanan dipertahankan';

/** The facts of the checklist from a report's figures and the ISO duty. */
export function factsFromFigures(
  figures: ReportFigures,
  iso: EvaluationFacts['iso'],
): EvaluationFacts {
  const active = figures.users.filter((u) => ACTIVE_USER_STATUSES.has(u.status));
  return {
    returnData: {
      applicable: figures.returnData.dueDays !== null,
      dueDays: figures.returnData.dueDays,
      accessed: figures.returnData.accessed,
      returned: figures.returnData.returned,
      pending: figures.returnData.pending,
      overdue: figures.returnData.overdue,
    },
    alerts: {
      total: figures.alerts.length,
      unresolved: figures.alerts.filter((a) => a.state !== 'SELESAI').length,
      holdsKept: figures.alerts.filter((a) => a.outcome.endsWith(HOLD_KEPT_OUTCOME)).length,
    },
    deadlines: {
      met: figures.deadlines.met,
      metLate: figures.deadlines.metLate,
      missed: figures.deadlines.missed,
    },
    users: {
      active: active.length,
      missingDocuments: active.filter((u) => !u.documentsComplete).map((u) => u.userId),
    },
    iso,
  };
}

/** The ISO/IEC 27001 duty of the agreement due most recently by today (null: none due yet). */
export async function isoDuty(
  deps: Pick<Deps, 'db' | 'clock'>,
  agencyId: number,
  agreementId: number,
): Promise<EvaluationFacts['iso']> {
  const today = wibDay(deps.clock());
  const { deadlines } = await computeDeadlines(deps as Deps, agencyId);
  const due = deadlines
    .filter((d) => d.agreementId === agreementId && d.kind === 'SERTIFIKAT_ISO' && d.dueOn <= today)
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  const last = due.at(-1);
  if (!last) return null;
  return {
    dueOn: last.dueOn,
    receivedOn: last.fulfilment?.on ?? null,
    late: last.fulfilment?.late ?? false,
  };
}

/** The figures of the period and the facts the checklist reads from them. */
export async function evaluationFacts(
  deps: Pick<Deps, 'db' | 'clock'>,
  agreementId: number,
  from: string,
  to: string,
): Promise<{ figures: ReportFigures; facts: EvaluationFacts }> {
  const figures = await reportFigures(deps, agreementId, from, to);
  const iso = await isoDuty(deps, figures.agency.id, agreementId);
  return { figures, facts: factsFromFigures(figures, iso) };
}
