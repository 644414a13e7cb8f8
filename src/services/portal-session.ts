import { ROLE_LABELS, type Role } from '../domain/users.js';
import { findPortalSessionUser, revokeSession } from '../store/sessions.js';
import type { Deps } from './deps.js';
import { hashToken } from './tokens.js';

export interface PortalUser {
  readonly id: number;
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly agencyId: number | null;
  readonly agencyName: string | null;
}

/** The user behind a portal session cookie, or undefined when it is unknown, expired or revoked. */
export async function resolvePortalSession(
  deps: Deps,
  token: string,
): Promise<PortalUser | undefined> {
  const row = await findPortalSessionUser(deps.db, hashToken(token), deps.clock());
  if (!row) return undefined;
  const role = row.role as Role;
  return {
    id: row.id,
    userId: row.user_id,
    displayName: row.display_name,
    role,
    roleLabel: ROLE_LABELS[role],
    agencyId: row.agency_id,
    agencyName: row.agency_name,
  };
}

/** Ends a portal session or revokes a bearer token at once. */
export async function logout(deps: Deps, token: string): Promise<void> {
  await revokeSession(deps.db, hashToken(token), deps.clock());
}
