import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDukcapilRole, type Role } from '../domain/users.js';
import type { Deps } from '../services/deps.js';
import { resolvePortalSession, type PortalUser } from '../services/portal-session.js';

/** The portal's session cookie (browser-session lifetime) and its CSRF secret cookie. */
export const SESSION_COOKIE = 'gerbang_sesi';
export const CSRF_COOKIE = 'gerbang_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    portalUser?: PortalUser;
  }
}

export function sendPage(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** Where a user lands after login or when a page is not theirs. */
export function homeOf(user: PortalUser): string {
  return isDukcapilRole(user.role) ? '/dukcapil' : '/cari';
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

/**
 * The portal's access checks, for every page plugin: `requireUser` sends a visitor without
 * a live session to the login page; `requireRoles(...)` also sends a signed-in user whose
 * role the page is not for to their own home page. Both leave the user on the request.
 */
export function portalGuards(deps: Deps) {
  const currentUser = async (request: FastifyRequest) => {
    const token = sessionToken(request);
    return token ? resolvePortalSession(deps, token) : undefined;
  };
  const requireUser = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await currentUser(request);
    if (!user) return reply.redirect('/masuk', 303);
    request.portalUser = user;
  };
  const requireRoles =
    (...roles: Role[]) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const user = await currentUser(request);
      if (!user) return reply.redirect('/masuk', 303);
      if (!roles.includes(user.role)) return reply.redirect(homeOf(user), 303);
      request.portalUser = user;
    };
  return { currentUser, requireUser, requireRoles };
}
