import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/permissions.js';
import { RESPONSES } from '../../domain/responses.js';
import { isDukcapilRole } from '../../domain/users.js';
import type { Deps } from '../../services/deps.js';
import { resolvePortalSession, type PortalUser } from '../../services/account/portal-session.js';
import { html } from './html.js';
import { page } from './layout.js';

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

/**
 * Where a user lands after login or when a page is not theirs: the head of an ended agreement
 * whose SAMs are not all back, the SAM-return page (the only one left to them); Dukcapil's
 * overview; Dukcapil's counter officer's one page, the resident's access history (issue 14); the agency head's view
 * of the agency's lookups (issue 9); the operator's lookup form.
 */
export function homeOf(
  user: Pick<PortalUser, 'role'> & Partial<Pick<PortalUser, 'afterEnd'>>,
): string {
  if (user.afterEnd) return SAM_RETURNS_PAGE;
  if (can(user.role, 'agreement.viewAll')) return '/dukcapil';
  if (isDukcapilRole(user.role)) return '/dukcapil/riwayat-akses';
  return can(user.role, 'usage.viewOwn') ? '/instansi/penggunaan' : '/cari';
}

/** The agency's SAM-return duties (web/card-readers), all that is left after an agreement's end. */
export const SAM_RETURNS_PAGE = '/instansi/pembaca-kartu/pengembalian';

/**
 * A password set by an admin not yet changed, or a required TOTP not yet enrolled: until
 * done, every page but the account page (src/web/account-routes.ts) sends the user there.
 */
export const ACCOUNT_PAGE = '/akun';
export function hasAccountStep(user: PortalUser): boolean {
  return user.mustChangePassword || user.mustEnrolTotp;
}

/**
 * What agency staff see on every page once their agency is deactivated or its agreement has
 * ended or been revoked: the refusal of SPEC §2, as a lookup would answer it.
 */
export function agencyInactivePage(reply: FastifyReply, user: PortalUser) {
  const { message, httpStatus } = RESPONSES.INSTANSI_TIDAK_AKTIF;
  const body = html`<h1>Akses ditolak</h1>
    <div class="alert bad" role="alert" id="respon" data-code="INSTANSI_TIDAK_AKTIF">
      ${message}
    </div>
    <p>PKS instansi Anda tidak berlaku atau instansi dinonaktifkan. Hubungi Admin Dukcapil.</p>`;
  return sendPage(
    reply,
    httpStatus,
    page({ title: message, user, csrfToken: reply.generateCsrf(), body }),
  );
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

/** The user of the request's session cookie, if it is live; for pages open to visitors too. */
export async function currentPortalUser(
  deps: Deps,
  request: FastifyRequest,
): Promise<PortalUser | undefined> {
  const token = sessionToken(request);
  return token ? resolvePortalSession(deps, token, request.clientIp) : undefined;
}

/**
 * What the head of an ended agreement meets on any page but the SAM-return duties (and the
 * guide): 403, why, and the way to the duties (domain/permissions.ts AFTER_END_PERMISSIONS).
 */
export function afterEndPage(reply: FastifyReply, user: PortalUser) {
  const body = html`<h1>Akses terbatas</h1>
    <div class="alert bad" role="alert" id="akses-terbatas">
      PKS nomor ${user.afterEnd?.nomorDukcapil ?? ''} instansi Anda telah berakhir. Halaman ini
      tidak tersedia.
    </div>
    <p>
      Sampai Dinas Dukcapil mencatat penerimaan seluruh SAM card reader instansi, Anda hanya dapat
      membuka halaman <a href="${SAM_RETURNS_PAGE}">Pengembalian SAM</a> (cabut SAM, unduh BAST
      pengembalian SAM dan penonaktifan card reader, catat pengiriman) dan panduan. Verifikasi NIK,
      data balikan dan halaman lain tidak tersedia lagi. Setelah seluruh SAM diterima, akun Anda
      tidak dapat masuk lagi.
    </p>`;
  return sendPage(
    reply,
    403,
    page({ title: 'Akses terbatas', user, csrfToken: reply.generateCsrf(), body }),
  );
}
