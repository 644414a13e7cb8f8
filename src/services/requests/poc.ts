import type { Actor } from '../../domain/actor.js';
import { decisionProblems } from '../../domain/requests.js';
import { wibDay } from '../../domain/time.js';
import { markScheduled } from '../../store/requests.js';
import { inTransaction } from '../agreements/transactions.js';
import type { Deps } from '../deps.js';
import { requireDecider } from './access.js';
import { lockedForStep, recordStep } from './steps.js';

/**
 * The step only a proof of concept has: its date. Its result is then approved or rejected
 * like any request (decision.ts); a passed PoC lifts the agreement's quota stage.
 */

/** A PoC gets (or moves to) its date. */
export async function schedulePoc(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId'>,
  id: number,
  scheduledOn: string,
): Promise<void> {
  requireDecider(actor);
  const now = deps.clock();
  const today = wibDay(now);
  const date = scheduledOn.trim();
  await inTransaction(deps.db, async (tx) => {
    const { row, state } = await lockedForStep(tx, id, (request) =>
      decisionProblems(request, { action: 'JADWALKAN', scheduledOn: date }, today),
    );
    await markScheduled(tx, id, { scheduledOn: date, by: actor.id, at: now });
    await recordStep(tx, {
      requestId: id,
      agencyId: row.agency_id,
      actorId: actor.id,
      at: now,
      from: state,
      to: 'DIJADWALKAN',
      note:
        state === 'DIJADWALKAN'
          ? `PoC dijadwalkan ulang dari ${row.scheduled_on} ke ${date}`
          : `PoC dijadwalkan pada ${date}`,
      action: 'PERMOHONAN_DIJADWALKAN',
      detail: { scheduledOn: date },
    });
  });
}
