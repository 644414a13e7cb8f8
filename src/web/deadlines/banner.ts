import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatDate } from '../../domain/indonesian-dates.js';
import { deadlineSubject, dueInWords } from '../../domain/deadlines.js';
import { can } from '../../domain/permissions.js';
import {
  pressingDeadlines,
  type DeadlineView,
} from '../../services/deadlines/compute-deadlines.js';
import type { Deps } from '../../services/deps.js';
import { html, type Html } from '../kit/html.js';
import { AGENCY_BASE } from './paths.js';

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

/**
 * The reminder shown atop every page an agency head opens while something is pressing. Not the
 * kit's alert: that one is role="alert", read out at once, which on every page of every visit
 * would interrupt the head each time; role="status" waits its turn.
 */
function reminderBanner(pressing: readonly DeadlineView[]): Html {
  const overdue = pressing.filter((d) => d.status === 'TERLAMBAT');
  const soon = pressing.filter((d) => d.status === 'SEGERA');
  const parts = [
    overdue.length > 0 ? `${overdue.length} kewajiban terlambat` : '',
    soon.length > 0 ? `${soon.length} kewajiban segera jatuh tempo` : '',
  ].filter(Boolean);
  return html`<div
    class="alert ${overdue.length > 0 ? 'bad' : 'warn'}"
    role="status"
    id="pengingat-tenggat"
  >
    <strong>Pengingat tenggat: ${parts.join(' dan ')}.</strong>
    <ul>
      ${pressing
        .slice(0, 3)
        .map(
          (d) =>
            html`<li>
              ${d.status === 'TERLAMBAT' ? 'Terlambat' : 'Segera'}: ${deadlineSubject(d)} — batas
              ${formatDate(d.dueOn)} (${dueInWords(d)})
            </li>`,
        )}
    </ul>
    <a href="${AGENCY_BASE}">Lihat dan penuhi kewajiban</a>
  </div>`;
}
