import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, RoutePermission } from '../../domain/actor.js';
import { can, canAfterEnd } from '../../domain/permissions.js';
import type { PortalUser } from '../../services/account/portal-session.js';
import type { Deps } from '../../services/deps.js';
import {
  ACCOUNT_PAGE,
  afterEndPage,
  agencyInactivePage,
  currentPortalUser,
  hasAccountStep,
  homeOf,
} from './guards.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs of its caller (domain/actor.ts); checked by its transport's hook. */
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    /** The caller, once the transport's hook has checked the route's permission. */
    actor: Actor | null;
  }
}

/** The permission a route declared, or undefined when it declared none (not yet migrated). */
export function declaredPermission(request: FastifyRequest): RoutePermission | undefined {
  return request.routeOptions.config.permission;
}

/**
 * The portal's caller check of a route that declares `config: { permission }`, as the old
 * guards did it: a visitor without a live session goes to /masuk; an agency user whose agency
 * or agreement is not in force sees the SPEC §2 refusal — but the head of an ended agreement
 * whose SAMs are not all back reaches the AFTER_END_PERMISSIONS pages, and gets 403 elsewhere;
 * a role without the permission goes home; a pending password change or TOTP enrolment goes
 * to /akun. 'anySession' (the account pages) lets in any live session (after the end, only
 * for such a step). True when the caller may go on (the user is on the request); false when
 * the answer has been sent.
 */
export async function checkPortalCaller(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Exclude<RoutePermission, 'public'>,
): Promise<boolean> {
  const user = await currentPortalUser(deps, request);
  if (!user) {
    await reply.redirect('/masuk', 303);
    return false;
  }
  if (user.afterEnd) {
    // The head of an ended agreement whose SAMs are not all back: the SAM-return pages only,
    // and the account page only for a step it must take first (AFTER_END_PERMISSIONS).
    const allowed =
      permission === 'anySession'
        ? hasAccountStep(user)
        : permission !== 'signedIn' && canAfterEnd(user.role, permission);
    if (!allowed) {
      await afterEndPage(reply, user);
      return false;
    }
  } else if (permission !== 'anySession' && user.agencyInactive) {
    await agencyInactivePage(reply, user);
    return false;
  }
  if (permission !== 'anySession') {
    if (permission !== 'signedIn' && !can(user.role, permission)) {
      await reply.redirect(homeOf(user), 303);
      return false;
    }
    if (hasAccountStep(user)) {
      await reply.redirect(ACCOUNT_PAGE, 303);
      return false;
    }
  }
  request.portalUser = user;
  request.actor = user;
  return true;
}

/**
 * The portal's one caller hook, at preHandler: after the CSRF check (route preValidation) as
 * the guards ran, before the handler. A form the schema refuses is refused after the same
 * check (the app's error handler calls checkPortalCaller first), so a visitor learns nothing
 * of a form's shape. Routes under /api/ and routes without a declaration are left alone.
 */
export function portalCallerHook(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const permission = declaredPermission(request);
    if (request.url.startsWith('/api/') || permission === undefined || permission === 'public')
      return;
    if (request.actor) return;
    if (!(await checkPortalCaller(deps, request, reply, permission))) return reply;
  };
}

/**
 * The signed-in user of a portal route that declared a permission other than 'public': the
 * hook has checked it. Throws when the route declared none, a programming error.
 */
export function portalUserOf(request: FastifyRequest): PortalUser {
  const user = request.portalUser;
  if (!user || request.actor !== user) {
    throw new Error(
      `${request.method} ${request.routeOptions.url ?? request.url}: no portal user; declare config.permission on the route`,
    );
  }
  return user;
}
