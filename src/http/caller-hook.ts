import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, RoutePermission } from '../domain/actor.js';
import { can } from '../domain/permissions.js';
import { Refusal } from '../domain/refusals.js';
import { authorizeSessionUser } from '../services/account/agency-caller.js';
import { authorizeApplicationCaller } from '../services/applications/caller.js';
import { isApplicationToken, OPERATOR_HEADER } from '../domain/applications.js';
import type { Deps } from '../services/deps.js';
import { sendRefusal } from './refusal-status.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs of its caller (domain/actor.ts); checked by its transport's hook. */
    permission?: RoutePermission;
    /**
     * The use case authenticates the caller itself, atomically with its audit record (the NIK
     * lookup): the hook does not check first, and the error handler checks the caller before
     * answering that the request is malformed.
     */
    authInUseCase?: boolean;
  }
  interface FastifyRequest {
    /** The caller, once the transport's hook has checked the route's permission. */
    actor: Actor | null;
  }
}

/** The bearer token of the Authorization header (any letter case of the scheme), if well formed. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i.exec(header) : null;
  return match?.[1];
}

/** The permission a route declared, or undefined when it declared none (not yet migrated). */
export function declaredPermission(request: FastifyRequest): RoutePermission | undefined {
  return request.routeOptions.config.permission;
}

/**
 * The caller of an API route needing `permission`, or the refusal: 401 GAGAL_LOGIN without a
 * live token, the SPEC §2 refusal of the user's state, agency or access point, and 403
 * TIDAK_BERWENANG when the role lacks the permission.
 */
export async function resolveApiCaller(
  deps: Deps,
  request: FastifyRequest,
  permission: Exclude<RoutePermission, 'public'>,
): Promise<Actor | Refusal> {
  const token = bearerToken(request);
  if (!token) return new Refusal('GAGAL_LOGIN');
  if (isApplicationToken(token)) {
    // An application's token serves the lookup-shaped routes only, for the operator it names.
    if (permission !== 'nik.lookup') return new Refusal('GAGAL_LOGIN');
    const header = request.headers[OPERATOR_HEADER.toLowerCase()];
    return authorizeApplicationCaller(deps, {
      token,
      operator: typeof header === 'string' ? header : undefined,
      clientIp: request.clientIp,
    });
  }
  const result = await authorizeSessionUser(deps, {
    token,
    kind: 'API',
    clientIp: request.clientIp,
  });
  if (!result.ok) return new Refusal(result.code);
  const isPermission = permission !== 'signedIn' && permission !== 'anySession';
  if (isPermission && !can(result.user.role, permission)) return new Refusal('TIDAK_BERWENANG');
  return result.user;
}

/** resolveApiCaller, with the refusal sent; true when the caller is on the request. */
export async function checkApiCaller(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Exclude<RoutePermission, 'public'>,
): Promise<boolean> {
  const caller = await resolveApiCaller(deps, request, permission);
  if (caller instanceof Refusal) {
    await sendRefusal(reply, caller);
    return false;
  }
  request.actor = caller;
  return true;
}

/**
 * The API's one caller hook, at onRequest: before the body is read, parsed or validated, so an
 * anonymous caller learns nothing of a body's shape or size. Only routes under /api/ that
 * declare a permission other than 'public' (and do not authenticate in their use case).
 */
export function apiCallerHook(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const permission = declaredPermission(request);
    if (!request.url.startsWith('/api/') || permission === undefined || permission === 'public')
      return;
    if (request.routeOptions.config.authInUseCase) return;
    if (!(await checkApiCaller(deps, request, reply, permission))) return reply;
  };
}

/**
 * The caller of an API route that declared a permission other than 'public': the hook has
 * checked it. Throws when the route declared none (or authenticates in its use case).
 */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new Error(
      `${request.method} ${request.routeOptions.url ?? request.url}: no caller; declare config.permission on the route`,
    );
  }
  return request.actor;
}

/**
 * The OpenAPI security requirement of the routes that take a bearer token. The caller itself
 * is checked by the hook above, from each route's `config: { permission }`.
 */
export const bearerSecurity = [{ bearer: [] }];
