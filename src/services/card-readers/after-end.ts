import { AFTER_END_PERMISSIONS, can } from '../../domain/permissions.js';
import type { Role } from '../../domain/users.js';
import { endedAgreementWithOpenReturns } from '../../store/card-readers.js';
import type { Executor } from '../../store/db.js';

/**
 * The head's narrow access after the end of an agreement (SPEC §5, issue 12): once the
 * agreement has ended, its users are refused everywhere (INSTANSI_TIDAK_AKTIF), but the SAMs
 * of its card readers still have to come back, and the tasks are the head's. So the head —
 * a role holding an AFTER_END_PERMISSIONS permission — may still sign in on the portal from
 * one of the ended agreement's access points while a return that end opened lacks Dukcapil's
 * receipt, and reaches those permissions' pages only (web/kit/portal-caller.ts). Once every
 * SAM is received, the sign-in is refused as at any end.
 */
export interface AfterEndAccess {
  readonly agreementId: number;
  readonly nomorDukcapil: string;
}

/** The ended agreement whose returns the user may still work on, or undefined. */
export async function afterEndAccess(
  db: Executor,
  user: { readonly role: Role; readonly agencyId: number | null; readonly status: string },
  clientIp: string,
): Promise<AfterEndAccess | undefined> {
  if (user.agencyId === null || user.status === 'NON_AKTIF') return undefined;
  if (!AFTER_END_PERMISSIONS.some((permission) => can(user.role, permission))) return undefined;
  const ended = await endedAgreementWithOpenReturns(db, user.agencyId, clientIp);
  if (!ended?.addressAllowed) return undefined;
  return { agreementId: ended.id, nomorDukcapil: ended.nomorDukcapil };
}
