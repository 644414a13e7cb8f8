import type { Actor } from '../../domain/actor.js';
import { RESPONSES } from '../../domain/responses.js';
import { caseLookupPurpose } from '../../domain/service-case.js';
import { findCaseLookupAudit, findServiceCase } from '../../store/service-cases.js';
import type { Deps } from '../deps.js';
import { lookupResident, type LookupOutcome } from '../lookup/lookup-resident.js';
import { caseView, loadCase, moveCase, requireStep, type ServiceCaseView } from './cases.js';

export interface CaseCheckInput {
  /** The portal session's secret: the lookup authenticates inside its one statement. */
  readonly token: string;
  /** The written reason the input-pattern policy ALASAN asks for, when it does. */
  readonly reason?: string | undefined;
}

/**
 * Step 3, and step 10 after a correction: the applicant's NIK looked up from the case, with
 * no retyping, through the one lookup use case — the same quota, access checks, input-pattern
 * policy and audit record as any lookup — stating the case as its purpose (the case number
 * first), so that the audit row belongs to the case. A lookup that reached the register
 * (counted: found, deceased, duplicate, inactive, not found) moves the case to its decision
 * and records the audit row in the case's history; a refused one (quota, access point, held
 * user…) leaves the case as it was. The answer is the lookup's, for the one result view; the
 * case keeps none of it.
 */
export async function checkCase(
  deps: Deps,
  actor: Pick<Actor, 'id' | 'role' | 'agencyId' | 'clientIp'>,
  id: number,
  input: CaseCheckInput,
): Promise<{ readonly outcome: LookupOutcome; readonly case: ServiceCaseView }> {
  const row = await loadCase(deps.db, actor, id);
  requireStep(row, 'PERIKSA');
  const purpose = caseLookupPurpose({
    caseNumber: row.case_number,
    kindLabel: row.kind_label,
    applicationNumber: row.application_number,
  });
  const outcome = await lookupResident(deps, {
    token: input.token,
    channel: 'PORTAL',
    nik: row.nik,
    purpose,
    reason: input.reason,
    clientIp: actor.clientIp,
  });
  if (RESPONSES[outcome.code].hit) {
    const auditId = await findCaseLookupAudit(deps.db, actor.id, purpose);
    await deps.db.transaction().execute((trx) =>
      moveCase(trx, {
        actor,
        row,
        action: 'PERIKSA',
        at: deps.clock(),
        changes: { checked: true },
        auditId: auditId ?? null,
        detail: { pemeriksaanKe: row.checks + 1, jejakAudit: auditId ?? null },
      }),
    );
  }
  const current = await findServiceCase(deps.db, row.agency_id, row.id);
  return { outcome, case: caseView(current!) };
}
