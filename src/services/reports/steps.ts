import { recordAdminAction } from '../../store/admin-actions.js';
import type { Tx } from '../../store/db.js';
import { insertReportEvent } from '../../store/usage-reports.js';
import type { Head } from './scope.js';

/**
 * One step of a report by its head: the report's history entry and the admin trail's (sealed)
 * entry, both at `now` in the caller's transaction.
 */
export async function recordStep(
  tx: Tx,
  reportId: number,
  actor: Head,
  agencyId: number,
  now: Date,
  step: {
    action: string;
    stateBefore: string | null;
    stateAfter: string;
    note?: string | null;
    detail?: Record<string, unknown> | null;
    adminAction: string;
    adminDetail?: unknown;
  },
): Promise<void> {
  const { adminAction, adminDetail, ...event } = step;
  await insertReportEvent(tx, { reportId, at: now, actorId: actor.id, ...event });
  await recordAdminAction(tx, {
    at: now,
    actorId: actor.id,
    agencyId,
    action: adminAction,
    target: `laporan-${reportId}`,
    detail: adminDetail,
  });
}
