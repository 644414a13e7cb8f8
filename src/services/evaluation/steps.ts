import {
  EVALUATION_ACTION_LABELS,
  EVALUATION_ADMIN_ACTIONS,
  EVALUATION_STATE_LABELS,
  nextEvaluationState,
  type EvaluationAction,
  type EvaluationState,
  type FollowUp,
} from '../../domain/evaluation.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Executor } from '../../store/db.js';
import {
  insertEvaluationEvent,
  lockEvaluation,
  updateEvaluation,
  type EvaluationChange,
  type EvaluationRow,
} from '../../store/evaluations.js';
import { Refusal } from '../errors.js';
import type { Evaluator } from './access.js';

/*
 * One step of an evaluation: the row locked, the state table (domain/evaluation.ts) checked,
 * then the change, the evaluation's history and the admin trail in the caller's transaction.
 */

/** The admin trail's target of an evaluation. */
export const target = (row: Pick<EvaluationRow, 'id' | 'nomor_dukcapil'>) =>
  `Evaluasi #${row.id} PKS ${row.nomor_dukcapil}`;

export async function move(
  tx: Executor,
  actor: Evaluator,
  row: EvaluationRow,
  action: EvaluationAction,
  to: EvaluationState,
  at: Date,
  change: EvaluationChange,
  note: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await updateEvaluation(tx, row.id, at, { ...change, state: to });
  await insertEvaluationEvent(tx, {
    evaluationId: row.id,
    at,
    actorId: actor.id,
    action,
    stateBefore: row.state,
    stateAfter: to,
    note,
    detail,
  });
  await recordAdminAction(tx, {
    at,
    actorId: actor.id,
    agencyId: row.agency_id,
    action: EVALUATION_ADMIN_ACTIONS[action],
    target: target(row),
    reason: note,
    detail: { evaluationId: row.id, dari: row.state, ke: to, ...detail },
  });
}

/** Locks the row and checks the state table: the state the action leads to. */
export async function lockedFor(
  tx: Executor,
  id: number,
  action: EvaluationAction,
  followUp?: FollowUp,
): Promise<{ row: EvaluationRow; to: EvaluationState }> {
  const row = await lockEvaluation(tx, id);
  if (!row) throw new Refusal('TIDAK_DITEMUKAN', 'Evaluasi tidak ditemukan');
  const state = row.state as EvaluationState;
  const chosen = followUp ?? (row.follow_up as FollowUp | null) ?? 'TIDAK_ADA';
  const to = nextEvaluationState(state, action, chosen);
  if (to === undefined) {
    throw new Refusal(
      'KONFLIK',
      `Evaluasi berstatus "${EVALUATION_STATE_LABELS[state]}" tidak dapat: ${EVALUATION_ACTION_LABELS[action].toLowerCase()}`,
    );
  }
  return { row, to };
}
