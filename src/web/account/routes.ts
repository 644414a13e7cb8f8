import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { accountOverview, changeOwnPassword } from '../../services/account/account.js';
import type { Deps } from '../../services/deps.js';
import { Refusal } from '../../domain/refusals.js';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableOwnTotp,
  pendingTotpEnrolment,
} from '../../services/account/totp.js';
import { ACCOUNT_PAGE, currentPortalUser, sendPage, sessionToken } from '../kit/guards.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { page } from '../kit/layout.js';
import { accountBody, totpEnrolBody } from './views.js';

const NOTICES: Readonly<Record<string, string>> = {
  sandi: 'Kata sandi telah diganti. Sesi lain akun ini telah diakhiri.',
  'totp-aktif': 'TOTP aktif. Mulai sekarang Gerbang meminta kode setiap kali Anda masuk.',
  'totp-nonaktif': 'TOTP telah dinonaktifkan.',
};

type Form = { Body: Record<string, string | undefined> };

/**
 * /akun for every signed-in user: password change, TOTP enrolment and removal, and the
 * duties that hold the user here (a forced password change, a required TOTP) until done.
 */
export const accountRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    // Unlike the other pages, these let a user with pending duties (or an inactive agency) in.
    const config = { permission: 'anySession' } as const;

    const showAccount = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      messages: { error?: string; notice?: string | undefined },
    ) => {
      // Read again: a change just made may have ended a duty.
      const user = (await currentPortalUser(deps, request)) ?? portalUserOf(request);
      const account = await accountOverview(deps, user.id);
      const csrfToken = reply.generateCsrf();
      const body = accountBody({ account, csrfToken, ...messages });
      return sendPage(reply, status, page({ title: 'Akun', user, csrfToken, body }));
    };

    app.get<{ Querystring: { selesai?: string } }>(
      ACCOUNT_PAGE,
      {
        config,
        schema: { tags: ['Portal'], summary: 'Akun: kata sandi, TOTP, dokumen saya' },
      },
      async (request, reply) =>
        showAccount(request, reply, 200, {
          notice: NOTICES[request.query.selesai ?? ''],
        }),
    );

    app.post<Form>(
      `${ACCOUNT_PAGE}/kata-sandi`,
      {
        preValidation: csrfCheck,
        config,
        schema: { tags: ['Portal'], summary: 'Mengganti kata sandi sendiri (CSRF)' },
      },
      async (request, reply) => {
        try {
          await changeOwnPassword(deps, {
            id: portalUserOf(request).id,
            current: String(request.body?.current ?? ''),
            next: String(request.body?.next ?? ''),
            repeat: String(request.body?.repeat ?? ''),
            keepToken: sessionToken(request),
          });
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          return showAccount(request, reply, 400, { error: error.message });
        }
        return reply.redirect(`${ACCOUNT_PAGE}?selesai=sandi`, 303);
      },
    );

    app.post(
      `${ACCOUNT_PAGE}/totp/mulai`,
      {
        preValidation: csrfCheck,
        config,
        schema: { tags: ['Portal'], summary: 'Memulai aktivasi TOTP: rahasia baru (CSRF)' },
      },
      async (request, reply) => {
        try {
          await beginTotpEnrolment(deps, portalUserOf(request).id);
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          return showAccount(request, reply, 409, { error: error.message });
        }
        return reply.redirect(`${ACCOUNT_PAGE}/totp`, 303);
      },
    );

    const showEnrolment = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      error?: string,
    ) => {
      const user = portalUserOf(request);
      const enrolment = await pendingTotpEnrolment(deps, user.id);
      if (!enrolment) return reply.redirect(ACCOUNT_PAGE, 303);
      const csrfToken = reply.generateCsrf();
      const body = totpEnrolBody({ enrolment, csrfToken, error });
      return sendPage(reply, status, page({ title: 'Aktifkan TOTP', user, csrfToken, body }));
    };

    app.get(
      `${ACCOUNT_PAGE}/totp`,
      {
        config,
        schema: { tags: ['Portal'], summary: 'Aktivasi TOTP: kode QR, kunci rahasia, konfirmasi' },
      },
      async (request, reply) => showEnrolment(request, reply, 200),
    );

    app.post<Form>(
      `${ACCOUNT_PAGE}/totp/konfirmasi`,
      {
        preValidation: csrfCheck,
        config,
        schema: {
          tags: ['Portal'],
          summary: 'Mengonfirmasi TOTP dengan kode dari aplikasi (CSRF)',
        },
      },
      async (request, reply) => {
        try {
          await confirmTotpEnrolment(
            deps,
            portalUserOf(request).id,
            String(request.body?.kode ?? ''),
          );
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          return showEnrolment(request, reply, 400, error.message);
        }
        return reply.redirect(`${ACCOUNT_PAGE}?selesai=totp-aktif`, 303);
      },
    );

    app.post<Form>(
      `${ACCOUNT_PAGE}/totp/nonaktif`,
      {
        preValidation: csrfCheck,
        config,
        schema: { tags: ['Portal'], summary: 'Menonaktifkan TOTP dengan kata sandi (CSRF)' },
      },
      async (request, reply) => {
        try {
          await disableOwnTotp(
            deps,
            portalUserOf(request).id,
            String(request.body?.password ?? ''),
          );
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          return showAccount(request, reply, 400, { error: error.message });
        }
        return reply.redirect(`${ACCOUNT_PAGE}?selesai=totp-nonaktif`, 303);
      },
    );
  };
