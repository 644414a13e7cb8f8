import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/actor.js';
import type { Permission } from '../domain/permissions.js';
import { REFUSALS } from '../domain/refusals.js';
import type { Deps } from '../services/deps.js';
import { bearerToken, checkApiCaller } from './caller-hook.js';

export { bearerToken };

export const bearerSecurity = [{ bearer: [] }];

export const FORBIDDEN_MESSAGE = REFUSALS.TIDAK_BERWENANG.message;

/**
 * The caller of a JSON API endpoint that needs `permission`, or undefined after the refusal
 * has been sent: 401 GAGAL_LOGIN without a live token, the SPEC §2 refusal of the user's
 * state, agency or access point, and 403 TIDAK_BERWENANG when the role lacks the permission.
 * @deprecated Declare `config: { permission }` on the route and take `actorOf(request)`
 * (http/caller-hook.ts): the check then runs before the body is validated.
 */
export async function apiCaller(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission,
): Promise<Actor | undefined> {
  if (!(await checkApiCaller(deps, request, reply, permission))) return undefined;
  return request.actor ?? undefined;
}
