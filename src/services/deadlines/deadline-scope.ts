import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import { isDukcapilRole } from '../../domain/users.js';
import { Refusal } from '../errors.js';

/**
 * The scope rule: Dukcapil staff with the permission see any agency; an agency head only
 * their own. Anything else reads as "not found", so that nobody learns of another agency.
 */
export function assertScope(
  actor: Pick<Actor, 'role' | 'agencyId'>,
  agencyId: number,
  permission: 'view' | 'record',
): void {
  const allowed =
    permission === 'view'
      ? can(actor.role, 'deadline.viewAll') ||
        (can(actor.role, 'deadline.viewOwn') && actor.agencyId === agencyId)
      : can(actor.role, 'deadline.record') &&
        (isDukcapilRole(actor.role) || actor.agencyId === agencyId);
  if (!allowed) throw new Refusal('TIDAK_DITEMUKAN', 'Instansi tidak ditemukan');
}
