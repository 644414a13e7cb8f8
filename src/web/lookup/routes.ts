import type { FastifyPluginAsync } from 'fastify';
import { purposeProblem } from '../../domain/purpose.js';
import { loginAnswer } from '../../domain/account-refusals.js';
import { reachedResident } from '../../domain/responses.js';
import { wibDateTime } from '../../domain/time.js';
import { returnSchemaOfAgency } from '../../services/data-balikan/submission.js';
import type { Deps } from '../../services/deps.js';
import { login } from '../../services/account/login.js';
import { lookupResident } from '../../services/lookup/lookup-resident.js';
import { logout } from '../../services/account/portal-session.js';
import { quotaToday, recentAudit } from '../../services/lookup/quota-and-audit.js';
import {
  currentPortalUser,
  homeOf,
  sendPage,
  SESSION_COOKIE,
  sessionToken,
} from '../kit/guards.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { loginBody, lookupBody } from './views.js';
import {
  SECOND_STEP_PAGE,
  setChallengeCookie,
  startPortalSession,
} from '../account/second-step.js';

interface PortalOptions {
  readonly secureCookies: boolean;
}

/** The portal for agency users and Dukcapil staff, in Bahasa Indonesia, rendered on the server. */
export const portalRoutes =
  (deps: Deps, options: PortalOptions): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    app.get(
      '/',
      {
        config: { permission: 'public' },
        schema: { tags: ['Portal'], summary: 'Beranda: diarahkan ke halaman sesuai peran' },
      },
      async (request, reply) => {
        const user = await currentPortalUser(deps, request);
        return reply.redirect(user ? homeOf(user) : '/masuk', 303);
      },
    );

    app.get(
      '/masuk',
      { config: { permission: 'public' }, schema: { tags: ['Portal'], summary: 'Halaman masuk' } },
      async (request, reply) => {
        const user = await currentPortalUser(deps, request);
        if (user) return reply.redirect(homeOf(user), 303);
        return sendPage(
          reply,
          200,
          page({ title: 'Masuk', body: loginBody({ csrfToken: reply.generateCsrf() }) }),
        );
      },
    );

    app.post<{ Body: { userId?: string; password?: string } }>(
      '/masuk',
      {
        config: { permission: 'public' },
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Masuk dengan user ID dan kata sandi (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const userId = String(request.body?.userId ?? '').trim();
        const result = await login(deps, {
          userId,
          password: String(request.body?.password ?? ''),
          kind: 'PORTAL',
          clientIp: request.clientIp,
        });
        if (!result.ok) {
          // TOTP: no session yet, only the challenge of the second page (account-login.ts).
          if (result.challenge) {
            setChallengeCookie(reply, result.challenge, options.secureCookies);
            return reply.redirect(SECOND_STEP_PAGE, 303);
          }
          const { message, httpStatus } = loginAnswer(result.code);
          const body = loginBody({ csrfToken: reply.generateCsrf(), error: message, userId });
          return sendPage(reply, httpStatus, page({ title: 'Masuk', body }));
        }
        return startPortalSession(reply, result, options.secureCookies);
      },
    );

    app.post(
      '/keluar',
      {
        config: { permission: 'public' },
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Keluar: sesi diakhiri seketika' },
      },
      async (request, reply) => {
        const token = sessionToken(request);
        if (token) await logout(deps, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.redirect('/masuk', 303);
      },
    );

    app.get(
      '/cari',
      {
        config: { permission: 'nik.lookup' },
        schema: { tags: ['Portal'], summary: 'Halaman verifikasi NIK dengan sisa kuota hari ini' },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        if (user.agencyId === null) return reply.redirect(homeOf(user), 303);
        const quota = await quotaToday(deps, user.agencyId);
        const csrfToken = reply.generateCsrf();
        const body = lookupBody({ csrfToken, purpose: '', quota });
        return sendPage(reply, 200, page({ title: 'Verifikasi NIK', user, csrfToken, body }));
      },
    );

    app.post<{ Body: { nik?: string; purpose?: string } }>(
      '/cari',
      {
        config: { permission: 'nik.lookup' },
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Verifikasi NIK dari portal (formulir, CSRF)' },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const purpose = String(request.body?.purpose ?? '').trim();
        const nik = String(request.body?.nik ?? '');
        const csrfToken = reply.generateCsrf();
        const purposeError = purposeProblem(purpose);
        if (purposeError) {
          const quota = user.agencyId === null ? undefined : await quotaToday(deps, user.agencyId);
          const body = lookupBody({
            csrfToken,
            purpose,
            quota,
            error: purposeError,
          });
          return sendPage(reply, 400, page({ title: 'Verifikasi NIK', user, csrfToken, body }));
        }
        const result = await lookupResident(deps, {
          token: sessionToken(request)!,
          channel: 'PORTAL',
          nik,
          purpose,
          clientIp: request.clientIp,
        });
        const schema =
          reachedResident(result.code) && user.agencyId !== null
            ? await returnSchemaOfAgency(deps, user.agencyId)
            : undefined;
        const body = lookupBody({
          csrfToken,
          purpose,
          quota: result.quota,
          result,
          retypeNik: result.code === 'FORMAT_SALAH' ? nik : undefined,
          returnForm: schema ? { nik, schema } : undefined,
        });
        return sendPage(reply, 200, page({ title: 'Verifikasi NIK', user, csrfToken, body }));
      },
    );

    app.get(
      '/dukcapil/audit',
      {
        config: { permission: 'audit.view' },
        schema: { tags: ['Portal'], summary: 'Jejak audit terbaru untuk pegawai Dukcapil' },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const rows = await recentAudit(deps, 100);
        const csrfToken = reply.generateCsrf();
        const body = html`<h1>Jejak Audit Terbaru</h1>
          <p class="hint">
            Seratus catatan terakhir: setiap login dan setiap verifikasi NIK, termasuk yang ditolak.
          </p>
          <table>
            <thead>
              <tr>
                <th>Waktu (WIB)</th>
                <th>Aksi</th>
                <th>Kanal</th>
                <th>User ID</th>
                <th>Instansi</th>
                <th>Alamat IP</th>
                <th>NIK</th>
                <th>Keperluan</th>
                <th>Respons</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (row) =>
                  html`<tr>
                    <td>${wibDateTime(row.at)}</td>
                    <td>${row.action}</td>
                    <td>${row.channel}</td>
                    <td>${row.user_id ?? '—'}</td>
                    <td>${row.agency_code ?? '—'}</td>
                    <td>${row.client_ip ?? ''}</td>
                    <td>${row.nik ?? ''}</td>
                    <td>${row.purpose ?? ''}</td>
                    <td>${row.response_code}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`;
        return sendPage(reply, 200, page({ title: 'Jejak Audit', user, csrfToken, body }));
      },
    );
  };
