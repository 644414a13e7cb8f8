import type { ActingParty } from './actor.js';
import { requiredDocuments, type DocumentKind } from './documents.js';
import { can } from './permissions.js';
import { Refusal } from './refusals.js';
import { isDukcapilRole, ROLE_LABELS, type Role } from './users.js';

/** The command line acts with a Dukcapil admin's powers and is recorded without an actor. */
export const CLI_ACTOR: ActingParty = { id: null, role: 'ADMIN_DUKCAPIL', agencyId: null };

export interface TargetUser {
  readonly id: number;
  readonly role: Role;
  readonly agencyId: number | null;
}

function ownAgency(actor: ActingParty, agencyId: number | null): boolean {
  return actor.agencyId !== null && agencyId === actor.agencyId;
}

/**
 * Whether the actor may see this user at all: Dukcapil admins every user, an agency head the
 * users of their own agency. Anyone else is told the user does not exist, so that another
 * agency cannot probe user IDs.
 */
export function canSeeUser(
  actor: ActingParty,
  target: { readonly agencyId: number | null },
): boolean {
  if (can(actor.role, 'user.manage')) return true;
  return can(actor.role, 'user.viewOwnAgency') && ownAgency(actor, target.agencyId);
}

/** The answer to a user the actor may not see, the same as to one that does not exist. */
export function userNotFound(userId: string): Refusal {
  return new Refusal('TIDAK_DITEMUKAN', `User ID ${userId} tidak ditemukan`);
}

/** Whether the actor may read the scans of an agency's documents. */
export function canReadDocuments(actor: ActingParty, agencyId: number | null): boolean {
  if (!can(actor.role, 'document.view')) return false;
  return isDukcapilRole(actor.role) || ownAgency(actor, agencyId);
}

/**
 * Why the actor may not record this document for this user, if they may not: the kind must
 * be one the user's role signs; a head records NDAs of their own agency's operators and their
 * own SPTJM and NDA (not another head's).
 */
export function documentRecordProblem(
  actor: ActingParty,
  target: TargetUser,
  kind: DocumentKind,
): string | undefined {
  if (!can(actor.role, 'document.record')) return 'Peran Anda tidak berwenang mencatat dokumen';
  const required = requiredDocuments(target.role);
  if (!required.includes(kind)) {
    return required.length > 0
      ? `${ROLE_LABELS[target.role]} menandatangani ${required.join(' dan ')}, bukan ${kind}`
      : `${ROLE_LABELS[target.role]} tidak memerlukan dokumen ${kind}`;
  }
  if (isDukcapilRole(actor.role)) return undefined;
  if (!ownAgency(actor, target.agencyId)) return 'Pengguna ini bukan dari instansi Anda';
  if (target.role === 'KEPALA_INSTANSI' && target.id !== actor.id) {
    return `Kepala instansi hanya mencatat ${kind} miliknya sendiri`;
  }
  return undefined;
}
