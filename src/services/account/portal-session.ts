import type { Actor } from '../../domain/actor.js';
import { wibDay } from '../../domain/time.js';
import { ROLE_LABELS, type Role } from '../../domain/users.js';
import { agencyInForce } from '../../store/agencies.js';
import { findPortalSessionUser, revokeSession } from '../../store/sessions.js';
import { afterEndAccess, type AfterEndAccess } from '../card-readers/after-end.js';
import type { Deps } from '../deps.js';
import { hashToken } from './tokens.js';

/** The Actor behind a portal session, with what the portal's pages and guard need besides. */
export interface PortalUser extends Actor {
  readonly roleLabel: string;
  readonly agencyName: string | null;
  /** Agency staff whose agency is inactive or has no agreement in force granting the portal. */
  readonly agencyInactive: boolean;
  /**
   * Agency staff whose agreement is past its end date, in force under the SPTJM while the
   * timely extension request is open (SPEC §4): every page says so.
   */
  readonly agreementInExtension: boolean;
  /**
   * The head of an ended agreement whose SAMs are not all back (agencyInactive is true): the
   * SAM-return pages only (domain/permissions.ts AFTER_END_PERMISSIONS); null otherwise.
   */
  readonly afterEnd: AfterEndAccess | null;
  /** Steps the account must take before anything else (the portal sends the user to /akun). */
  readonly mustChangePassword: boolean;
  readonly mustEnrolTotp: boolean;
  /** The input-pattern policy ALASAN: the next lookup must carry a written reason. */
  readonly reasonRequired: boolean;
}

/**
 * The user behind a portal session cookie, acting from `clientIp`, or undefined when the
 * session is unknown, expired or revoked.
 */
export async function resolvePortalSession(
  deps: Deps,
  token: string,
  clientIp: string,
): Promise<PortalUser | undefined> {
  const now = deps.clock();
  const row = await findPortalSessionUser(deps.db, hashToken(token), now);
  if (!row) return undefined;
  // Agency staff are refused at once when their agency is deactivated or its agreement
  // ends, is revoked or reaches its end date (SPEC §4), as a lookup would refuse them.
  const inForce =
    row.agency_id === null
      ? undefined
      : await agencyInForce(deps.db, row.agency_id, wibDay(now), 'PORTAL');
  const agencyInactive = row.agency_id !== null && inForce === undefined;
  const role = row.role as Role;
  const afterEnd = agencyInactive
    ? await afterEndAccess(deps.db, { role, agencyId: row.agency_id, status: row.status }, clientIp)
    : undefined;
  return {
    id: row.id,
    userId: row.user_id,
    displayName: row.display_name,
    role,
    roleLabel: ROLE_LABELS[role],
    agencyId: row.agency_id,
    clientIp,
    agencyName: row.agency_name,
    agencyInactive,
    agreementInExtension: inForce?.inExtension ?? false,
    afterEnd: afterEnd ?? null,
    mustChangePassword: row.must_change_password,
    mustEnrolTotp: row.totp_required && row.totp_enabled_at === null,
    reasonRequired: row.reason_required_since !== null,
  };
}

/** Ends a portal session or revokes a bearer token at once. */
export async function logout(deps: Deps, token: string): Promise<void> {
  await revokeSession(deps.db, hashToken(token), deps.clock());
}
