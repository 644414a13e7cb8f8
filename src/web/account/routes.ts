import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { accountOverview, changeOwnPassword } from '../../services/account/account.js';
import type { Deps } from '../../services/deps.js';
import { RuleViolation } from '../../services/errors.js';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableOwnTotp,
  pendingTotpEnrolment,
} from '../../services/account/totp.js';
import { ACCOUNT_PAGE, portalGuards, sendPage, sessionToken } from '../kit/guards.js';
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
    const { currentUser } = portalGuards(deps);

    // Unlike the other pages' guards, this one lets a user with pending duties in.
    const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
      const user = await currentUser(request);
      if (!user) return reply.redirect('/masuk', 303);
      request.portalUser = user;
    };

    const showAccount = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      messages: { error?: string; notice?: string | undefined },
    ) => {
      // Read again: a change just made may have ended a duty.
      const user = (await currentUser(request)) ?? request.portalUser!;
      const account = await accountOverview(deps, user.id);
      const csrfToken = reply.generateCsrf();
      const body = accountBody({ account, csrfToken, ...messages });
      return sendPage(reply, status, page({ title: 'Akun', user, csrfToken, body }));
    };

    app.get<{ Querystring: { selesai?: string } }>(
      ACCOUNT_PAGE,
      {
        preHandler: signedIn,
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
        preHandler: signedIn,
        schema: { tags: ['Portal'], summary: 'Mengganti kata sandi sendiri (CSRF)' },
      },
      async (request, reply) => {
        try {
          await changeOwnPassword(deps, {
            id: request.portalUser!.id,
            current: String(request.body?.current ?? ''),
            next: String(request.body?.next ?? ''),
            repeat: String(request.body?.repeat ?? ''),
            keepToken: sessionToken(request),
          });
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          return showAccount(request, reply, 400, { error: error.message });
        }
        return reply.redirect(`${ACCOUNT_PAGE}?selesai=sandi`, 303);
      },
    );

    app.post(
      `${ACCOUNT_PAGE}/totp/mulai`,
      {
        preValidation: csrfCheck,
        preHandler: signedIn,
        schema: { tags: ['Portal'], summary: 'Memulai aktivasi TOTP: rahasia baru (CSRF)' },
      },
      async (request, reply) => {
        try {
          await beginTotpEnrolment(deps, request.portalUser!.id);
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
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
      const user = request.portalUser!;
      const enrolment = await pendingTotpEnrolment(deps, user.id);
      if (!enrolment) return reply.redirect(ACCOUNT_PAGE, 303);
      const csrfToken = reply.generateCsrf();
      const body = totpEnrolBody({ enrolment, csrfToken, error });
      return sendPage(reply, status, page({ title: 'Aktifkan TOTP', user, csrfToken, body }));
    };

    app.get(
      `${ACCOUNT_PAGE}/totp`,
      {
        preHandler: signedIn,
        schema: { tags: ['Portal'], summary: 'Aktivasi TOTP: kode QR, kunci rahasia, konfirmasi' },
      },
      async (request, reply) => showEnrolment(request, reply, 200),
    );

    app.post<Form>(
      `${ACCOUNT_PAGE}/totp/konfirmasi`,
      {
        preValidation: csrfCheck,
        preHandler: signedIn,
        schema: {
          tags: ['Portal'],
          summary: 'Mengonfirmasi TOTP dengan kode dari aplikasi (CSRF)',
        },
      },
      async (request, reply) => {
        try {
          await confirmTotpEnrolment(
            deps,
            request.portalUser!.id,
            String(request.body?.kode ?? ''),
          );
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          return showEnrolment(request, reply, 400, error.message);
        }
        return reply.redirect(`${ACCOUNT_PAGE}?selesai=totp-aktif`, 303);
      },
    );

    app.post<Form>(
      `${ACCOUNT_PAGE}/totp/nonaktif`,
      {
        preValidation: csrfCheck,
        preHandler: signedIn,
        schema: { tags: ['Portal'], summary: 'Menonaktifkan TOTP dengan kata sandi (CSRF)' },
      },
      async (request, reply) => {
        try {
          await disableOwnTotp(deps, request.portalUser!.id, String(request.body?.password ?? ''));
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          return showAccount(request, reply, 400, { error: error.message });
        }
        return reply.redirect(`${ACCOUNT_PAGE}?selesai=totp-nonaktif`, 303);
      },
    );
  };
