import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/permissions.js';
import { pressingDeadlines } from '../../services/deadlines/deadlines.js';
import type { Deps } from '../../services/deps.js';
import { AGENCY_BASE, reminderBanner } from './views.js';

const MAIN = '<main>';

/**
 * An onSend hook that puts the deadline reminder atop every portal page an agency head
 * opens while a deadline is overdue or due within 30 days, so that no page of any section
 * has to remember to show it. Only successful HTML page views (GET) of a signed-in head;
 * the deadline page itself shows the full list instead.
 */
export function deadlineBannerHook(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const user = request.portalUser;
    if (
      !user ||
      user.agencyId === null ||
      !can(user.role, 'deadline.viewOwn') ||
      request.method !== 'GET' ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string' ||
      !String(reply.getHeader('content-type') ?? '').startsWith('text/html') ||
      request.url.startsWith(AGENCY_BASE)
    ) {
      return payload;
    }
    const at = payload.indexOf(MAIN);
    if (at < 0) return payload;
    let pressing;
    try {
      pressing = await pressingDeadlines(deps, user.agencyId);
    } catch (error) {
      // The reminder is an extra: the page the head asked for is served without it.
      request.log.error({ err: error }, 'pengingat tenggat tidak dapat dihitung');
      return payload;
    }
    if (pressing.length === 0) return payload;
    const cut = at + MAIN.length;
    return `${payload.slice(0, cut)}${reminderBanner(pressing).value}${payload.slice(cut)}`;
  };
}
