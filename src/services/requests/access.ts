import type { Actor } from '../../domain/actor.js';
import { can } from '../../domain/permissions.js';
import { findRequest, type RequestRow } from '../../store/requests.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * Who may see and act on which request: an agency head sees their own agency's requests,
 * Dukcapil sees every agency's and its admin decides. Every use case of the section starts
 * here, so that the rule lives once.
 */

export const NOT_FOUND = 'Permohonan tidak ditemukan';

/**
 * A filing or a step refused with every problem found, so that a form can list them all at
 * once (the API's `masalah`).
 */
export function refusedWith(problems: readonly string[]): Refusal {
  return new Refusal('PERMINTAAN_TIDAK_VALID', problems.join('; '), { problems });
}

/** Whether the actor sees every agency's requests (Dukcapil) or their own agency's. */
export function scopeOf(
  actor: Pick<Actor, 'role' | 'agencyId'>,
): { all: true } | { all: false; agencyId: number } {
  if (can(actor.role, 'request.viewAll')) return { all: true };
  if (can(actor.role, 'request.viewOwn') && actor.agencyId !== null)
    return { all: false, agencyId: actor.agencyId };
  throw new Refusal('TIDAK_BERWENANG');
}

export async function visibleRequest(
  deps: Deps,
  actor: Pick<Actor, 'role' | 'agencyId'>,
  id: number,
): Promise<RequestRow> {
  const scope = scopeOf(actor);
  const row = Number.isInteger(id) && id > 0 ? await findRequest(deps.db, id) : undefined;
  // Another agency's request reads as absent: its existence is not theirs to learn.
  if (!row || (!scope.all && row.agency_id !== scope.agencyId))
    throw new Refusal('TIDAK_ADA', NOT_FOUND);
  return row;
}

export function requireDecider(actor: Pick<Actor, 'role'>): void {
  if (!can(actor.role, 'request.decide')) throw new Refusal('TIDAK_BERWENANG');
}
