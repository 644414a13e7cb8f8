import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Refusal } from '../../domain/refusals.js';
import { purposeProblem } from '../../domain/purpose.js';
import { loginAnswer } from '../../domain/account-refusals.js';
import { reachedResident } from '../../domain/responses.js';
import { returnSchemaOfAgency } from '../../services/data-balikan/submission.js';
import type { Deps } from '../../services/deps.js';
import { login } from '../../services/account/login.js';
import type { PortalUser } from '../../services/account/portal-session.js';
import {
  newLookupFormToken,
  purgeSpentLookupForms,
  spendLookupForm,
} from '../../services/lookup/form-token.js';
import { lookupResident } from '../../services/lookup/lookup-resident.js';
import { logout } from '../../services/account/portal-session.js';
import { quotaToday } from '../../services/lookup/quota-and-audit.js';
import {
  currentPortalUser,
  homeOf,
  sendPage,
  SESSION_COOKIE,
  sessionToken,
} from '../kit/guards.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { page } from '../kit/layout.js';
import { FORM_TOKEN_FIELD, loginBody, lookupBody } from './views.js';
import { RESULT_PAGE_CLASS, resultOrigin } from './result-origin.js';
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
        config: { permission: 'public', loginAttempt: { kind: 'PORTAL' } },
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
          throttle: request.loginThrottle(),
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
        // Opening the page (not the lookup itself) forgets the form tokens no post can reuse.
        await purgeSpentLookupForms(deps);
        const quota = await quotaToday(deps, user.agencyId);
        return sendLookupPage(reply, user, 200, {
          purpose: '',
          quota,
          reasonRequired: user.reasonRequired,
        });
      },
    );

    app.post<{
      Body: { nik?: string; purpose?: string; alasan?: string; [FORM_TOKEN_FIELD]?: unknown };
    }>(
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
        const reason = typeof request.body?.alasan === 'string' ? request.body.alasan : undefined;
        const reasonRequired = user.reasonRequired;
        const quotaNow = () =>
          user.agencyId === null ? undefined : quotaToday(deps, user.agencyId);
        // The form's one-time token first: a post of a form already used (F5, Back) runs no
        // lookup — no quota spent, no audit record — and gets a fresh, empty form.
        const formToken = request.body?.[FORM_TOKEN_FIELD];
        try {
          await spendLookupForm(deps, {
            userId: user.id,
            token: typeof formToken === 'string' ? formToken : undefined,
          });
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          const status = reply.refusalStatus(error);
          if (error.code === 'FORMULIR_SUDAH_DIPAKAI') {
            const refusal = { code: error.code, message: error.message };
            return sendLookupPage(reply, user, status, {
              purpose: '',
              quota: await quotaNow(),
              refusal,
              reasonRequired,
            });
          }
          if (error.code !== 'PERMINTAAN_TIDAK_VALID') throw error;
          // A form without its token (a page kept from before, a hand-made post): nothing
          // was looked up; what was typed stays, to be sent again with the new token.
          return sendLookupPage(reply, user, status, {
            purpose,
            retypeNik: nik.slice(0, 16),
            quota: await quotaNow(),
            error: error.message,
            reasonRequired,
            reason,
          });
        }
        const purposeError = purposeProblem(purpose);
        if (purposeError) {
          return sendLookupPage(reply, user, 400, {
            purpose,
            quota: await quotaNow(),
            error: purposeError,
            reasonRequired,
            reason,
          });
        }
        let result;
        try {
          result = await lookupResident(deps, {
            token: sessionToken(request)!,
            channel: 'PORTAL',
            nik,
            purpose,
            reason,
            clientIp: request.clientIp,
          });
        } catch (error) {
          // The ALASAN policy without a reason, or a reason too short: nothing was counted;
          // the form comes back with what was typed and the reason box.
          if (!(error instanceof Refusal)) throw error;
          if (error.code !== 'ALASAN_DIPERLUKAN' && error.code !== 'PERMINTAAN_TIDAK_VALID') {
            throw error;
          }
          const fieldError = error.detail?.fields?.[0]?.message;
          return sendLookupPage(reply, user, reply.refusalStatus(error), {
            purpose,
            retypeNik: nik.slice(0, 16),
            quota: await quotaNow(),
            error: fieldError ?? error.message,
            reasonRequired: true,
            reason,
          });
        }
        const schema =
          reachedResident(result.code) && user.agencyId !== null
            ? await returnSchemaOfAgency(deps, user.agencyId)
            : undefined;
        // The result page carries a new token for the next search, the NIK just checked in the
        // field (checked again without retyping), and where the answer came from.
        const origin = resultOrigin(user, result, nik);
        return sendLookupPage(reply, user, 200, {
          purpose,
          quota: result.quota,
          result: { ...result, origin },
          retypeNik: nik.slice(0, 32),
          returnForm: schema ? { nik, schema } : undefined,
          reasonRequired: result.reasonRequiredNext === true,
        });
      },
    );
  };

type LookupPageOptions = Omit<Parameters<typeof lookupBody>[0], 'csrfToken' | 'formToken'>;

/** The lookup page, its form with a new CSRF token and a new one-time form token. */
function sendLookupPage(
  reply: FastifyReply,
  user: PortalUser,
  status: number,
  options: LookupPageOptions,
) {
  const csrfToken = reply.generateCsrf();
  const body = lookupBody({ ...options, csrfToken, formToken: newLookupFormToken() });
  const bodyClass = options.result ? RESULT_PAGE_CLASS : undefined;
  return sendPage(
    reply,
    status,
    page({ title: 'Verifikasi NIK', user, csrfToken, body, ...(bodyClass ? { bodyClass } : {}) }),
  );
}
