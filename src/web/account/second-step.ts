import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { RESPONSES } from '../../domain/responses.js';
import type { Deps } from '../../services/deps.js';
import { completeLogin, type LoginSuccess } from '../../services/account/login.js';
import { ACCOUNT_PAGE, CSRF_COOKIE, sendPage, SESSION_COOKIE } from '../kit/guards.js';
import { html, type Html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { loginBody } from '../lookup/views.js';

/** The second login page, for users with TOTP, and the cookie that carries its challenge. */
export const SECOND_STEP_PAGE = '/masuk/kode';
const CHALLENGE_COOKIE = 'gerbang_otp';

export function setChallengeCookie(reply: FastifyReply, challenge: string, secure: boolean): void {
  reply.setCookie(CHALLENGE_COOKIE, challenge, {
    path: '/masuk',
    httpOnly: true,
    sameSite: 'strict',
    secure,
  });
}

/**
 * Sets the session cookie after a successful login and sends the user on: to the account
 * page when the password must be changed or TOTP enrolled, otherwise home.
 */
export function startPortalSession(reply: FastifyReply, result: LoginSuccess, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, result.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    // A browser-session cookie: closing the browser on a shared counter PC ends it.
    // The server-side session still expires after GERBANG_SESSION_TTL.
  });
  // A fresh CSRF secret for the signed-in session.
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
  const next = result.mustChangePassword || result.mustEnrolTotp ? ACCOUNT_PAGE : '/';
  return reply.redirect(next, 303);
}

function codeBody(options: { csrfToken: string; error?: string }): Html {
  return html`<h1>Kode Verifikasi</h1>
    <div class="card">
      ${options.error ? html`<div class="alert bad" role="alert">${options.error}</div>` : ''}
      <p class="hint">
        Buka aplikasi autentikator pada ponsel Anda dan masukkan kode 6 digit untuk Gerbang.
      </p>
      <form method="post" action="${SECOND_STEP_PAGE}" autocomplete="off">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <label for="otp">Kode OTP</label>
        <input
          type="text"
          id="otp"
          name="otp"
          required
          inputmode="numeric"
          maxlength="12"
          autocomplete="one-time-code"
          autofocus
        />
        <button type="submit">Verifikasi</button>
      </form>
      <p><a href="/masuk">Batal dan kembali ke halaman masuk</a></p>
    </div>`;
}

/** GET and POST /masuk/kode: the code after the password, before any session exists. */
export const secondStepRoutes =
  (deps: Deps, options: { secureCookies: boolean }): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    app.get(
      SECOND_STEP_PAGE,
      {
        config: { permission: 'public' },
        schema: { tags: ['Portal'], summary: 'Langkah kedua masuk: kode TOTP' },
      },
      async (request, reply) => {
        if (!request.cookies[CHALLENGE_COOKIE]) return reply.redirect('/masuk', 303);
        const body = codeBody({ csrfToken: reply.generateCsrf() });
        return sendPage(reply, 200, page({ title: 'Kode Verifikasi', body }));
      },
    );

    app.post<{ Body: { otp?: string } }>(
      SECOND_STEP_PAGE,
      {
        config: {
          permission: 'public',
          loginAttempt: { kind: 'PORTAL', challengeCookie: CHALLENGE_COOKIE },
        },
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Memeriksa kode TOTP lalu membuka sesi (CSRF)' },
      },
      async (request, reply) => {
        const challenge = request.cookies[CHALLENGE_COOKIE];
        if (!challenge) return reply.redirect('/masuk', 303);
        const result = await completeLogin(deps, {
          challenge,
          otp: String(request.body?.otp ?? ''),
          clientIp: request.clientIp,
          throttle: request.loginThrottle(),
        });
        if (result.ok) {
          reply.clearCookie(CHALLENGE_COOKIE, { path: '/masuk' });
          return startPortalSession(reply, result, options.secureCookies);
        }
        if (result.retry) {
          const body = codeBody({
            csrfToken: reply.generateCsrf(),
            error: 'Kode salah atau sudah dipakai. Masukkan kode yang sedang tampil pada aplikasi.',
          });
          return sendPage(reply, 401, page({ title: 'Kode Verifikasi', body }));
        }
        reply.clearCookie(CHALLENGE_COOKIE, { path: '/masuk' });
        const { message, httpStatus } = RESPONSES[result.code];
        const body = loginBody({ csrfToken: reply.generateCsrf(), error: message });
        return sendPage(reply, httpStatus, page({ title: 'Masuk', body }));
      },
    );
  };
