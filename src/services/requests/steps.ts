import type { RequestKind, RequestState } from '../../domain/requests.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import type { Executor } from '../../store/db.js';
import { insertRequestHistory, lockRequest } from '../../store/requests.js';
import { Refusal } from '../errors.js';
import { NOT_FOUND, refusedWith } from './access.js';

/**
 * How every step of a request is taken: under the request's lock, checked, then written to
 * the request's own history and to the admin journal in the same transaction.
 */

/** Takes the request's lock and checks the step; the caller writes it in the same transaction. */
export async function lockedForStep(
  tx: Executor,
  id: number,
  check: (request: {
    kind: RequestKind;
    state: RequestState;
    scheduledOn: string | null;
    letterDate: string;
  }) => string[],
) {
  const row = Number.isInteger(id) && id > 0 ? await lockRequest(tx, id) : undefined;
  if (!row) throw new Refusal('TIDAK_ADA', NOT_FOUND);
  const request = {
    kind: row.kind as RequestKind,
    state: row.state as RequestState,
    scheduledOn: row.scheduled_on,
    letterDate: row.letter_date,
  };
  const problems = check(request);
  if (problems.length > 0) throw refusedWith(problems);
  return { row, ...request };
}

export interface Step {
  readonly requestId: number;
  readonly agencyId: number;
  readonly actorId: number;
  readonly at: Date;
  readonly from: RequestState | null;
  readonly to: RequestState;
  /** What the request's history says of the step. */
  readonly note: string | null;
  /** The admin journal's verb, e.g. PERMOHONAN_DIAJUKAN. */
  readonly action: string;
  readonly reason?: string | null;
  readonly detail?: unknown;
}

/** One step in both records: the request's history (for the agency) and the admin journal. */
export async function recordStep(tx: Executor, step: Step): Promise<void> {
  await insertRequestHistory(tx, {
    requestId: step.requestId,
    at: step.at,
    actorId: step.actorId,
    fromState: step.from,
    toState: step.to,
    note: step.note,
  });
  await recordAdminAction(tx, {
    at: step.at,
    actorId: step.actorId,
    agencyId: step.agencyId,
    action: step.action,
    target: `Permohonan ${step.requestId}`,
    reason: step.reason,
    detail: step.detail,
  });
}
