import type { Actor } from '../../domain/actor.js';
import {
  EVALUATION_ACTION_LABELS,
  EVALUATION_STATE_LABELS,
  evaluationActionsIn,
  isEvaluationState,
  isFollowUp,
  scoreOf,
  type ChecklistLine,
  type EvaluationAction,
  type EvaluationFacts,
  type EvaluationKind,
  type EvaluationState,
  type EvaluatorAnswers,
  type FollowUp,
  type Score,
} from '../../domain/evaluation.js';
import { evaluationEvents, type EvaluationRow } from '../../store/evaluations.js';
import type { Deps } from '../deps.js';
import type { ReportFigures } from '../reports/figures.js';
import { loadEvaluation, requirePermission } from './access.js';
import { evaluationFacts } from './facts.js';

/** An evaluation as Dukcapil's page shows it: the record, its checklist and score, its history. */

export interface EvaluationView {
  readonly id: number;
  readonly kind: EvaluationKind;
  readonly agency: { readonly id: number; readonly code: string; readonly name: string };
  readonly agreement: {
    readonly id: number;
    readonly nomorDukcapil: string;
    readonly status: string;
  };
  readonly usageReportId: number | null;
  readonly semester: string | null;
  readonly period: { readonly from: string; readonly to: string };
  readonly state: EvaluationState;
  readonly stateLabel: string;
  readonly followUp: FollowUp | null;
  readonly answers: EvaluatorAnswers;
  readonly facts: EvaluationFacts;
  readonly checklist: readonly ChecklistLine[];
  readonly score: Score;
  readonly findings: string;
  readonly recommendations: string;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly finalizedAt: Date | null;
  readonly finalizedBy: string | null;
  readonly warningLetter: { readonly number: string; readonly on: string } | null;
  readonly decision: { readonly at: Date; readonly note: string | null } | null;
  /** The actions open now (before the actor's permissions). */
  readonly actions: readonly EvaluationAction[];
}

export function viewOf(row: EvaluationRow): EvaluationView {
  const state = isEvaluationState(row.state) ? row.state : 'DRAFT';
  const followUp = row.follow_up !== null && isFollowUp(row.follow_up) ? row.follow_up : null;
  const lines = row.checklist as ChecklistLine[];
  return {
    id: row.id,
    kind: row.kind as EvaluationKind,
    agency: { id: row.agency_id, code: row.agency_code, name: row.agency_name },
    agreement: {
      id: row.agreement_id,
      nomorDukcapil: row.nomor_dukcapil,
      status: row.agreement_status,
    },
    usageReportId: row.usage_report_id,
    semester: row.semester,
    period: { from: row.period_start, to: row.period_end },
    state,
    stateLabel: EVALUATION_STATE_LABELS[state],
    followUp,
    answers: row.answers as EvaluatorAnswers,
    facts: row.facts as EvaluationFacts,
    checklist: lines,
    score: scoreOf(lines),
    findings: row.findings,
    recommendations: row.recommendations,
    createdAt: row.created_at,
    createdBy: row.created_by_user,
    finalizedAt: row.finalized_at,
    finalizedBy: row.finalized_by_user,
    warningLetter:
      row.warning_letter_number !== null && row.warning_letter_on !== null
        ? { number: row.warning_letter_number, on: row.warning_letter_on }
        : null,
    decision: row.decided_at ? { at: row.decided_at, note: row.decision_note } : null,
    actions: evaluationActionsIn(state, followUp ?? 'TIDAK_ADA').filter(
      // FINALKAN leads to the follow-up's state; offered in a draft whatever is chosen yet.
      (a) => state === 'DRAFT' || a !== 'FINALKAN',
    ),
  };
}

export interface EvaluationDetail {
  readonly evaluation: EvaluationView;
  readonly history: readonly {
    readonly at: Date;
    readonly action: string;
    readonly label: string;
    readonly stateAfter: string;
    readonly note: string | null;
    readonly actor: string | null;
  }[];
  /** The period's figures as they are now (a draft's page shows them beside the checklist). */
  readonly figures: ReportFigures | null;
}

export async function evaluationDetail(
  deps: Deps,
  actor: Pick<Actor, 'role'>,
  id: number,
  options: { withFigures?: boolean } = {},
): Promise<EvaluationDetail> {
  requirePermission(actor, 'evaluation.view');
  const row = await loadEvaluation(deps, id);
  const events = await evaluationEvents(deps.db, id);
  const figures =
    options.withFigures && row.state === 'DRAFT'
      ? (await evaluationFacts(deps, row.agreement_id, row.period_start, row.period_end)).figures
      : null;
  return {
    evaluation: viewOf(row),
    history: events.map((e) => ({
      at: e.at,
      action: e.action,
      label: EVALUATION_ACTION_LABELS[e.action as EvaluationAction | 'DIBUAT'] ?? e.action,
      stateAfter: EVALUATION_STATE_LABELS[e.state_after as EvaluationState] ?? e.state_after,
      note: e.note,
      actor: e.actor,
    })),
    figures,
  };
}
