import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { can } from '../../domain/permissions.js';
import { Refusal } from '../../domain/refusals.js';
import {
  applicationOf,
  applicationsFor,
  issueCredentials,
  recordJuknisRevision,
  registerApplication,
  revokeApplication,
} from '../../services/applications/applications.js';
import type { Deps } from '../../services/deps.js';
import { idOf, shownRefusal } from '../card-readers/agency-routes.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  AGENCY_APPLICATIONS_PATH,
  agencyApplicationsBody,
  DUKCAPIL_APPLICATIONS_PATH,
  dukcapilApplicationsBody,
  TITLE,
  type IssuedView,
} from './views.js';
import type { FormState } from '../kit/form-fields.js';
import { resultOf } from '../kit/result-query.js';

const RegisterForm = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  purpose: Type.Optional(Type.String({ maxLength: 1000 })),
  technicalContact: Type.Optional(Type.String({ maxLength: 400 })),
  accessPoint: Type.Optional(Type.String({ maxLength: 60 })),
});
const CredentialForm = Type.Object({
  overlapHours: Type.Optional(Type.String({ maxLength: 5 })),
});
const RevokeForm = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) });
const JuknisForm = Type.Object({
  nomor: Type.Optional(Type.String({ maxLength: 100 })),
  tanggal: Type.Optional(Type.String({ maxLength: 10 })),
});

/**
 * /instansi/aplikasi: the head registers the agency's applications that will use the web
 * service, issues a passed application's client ID and secret (shown once), rotates the
 * secret with an overlap and revokes an application. /dukcapil/aplikasi: Dukcapil reads every
 * agency's, its admin records each one's technical-guide revision and may revoke.
 */
export const applicationPortalRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const own = { permission: 'application.manageOwn' } as const;

    const showAgency = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: { problem?: string; issued?: IssuedView; register?: FormState; result?: string } = {},
    ) => {
      const user = portalUserOf(request);
      const csrfToken = reply.generateCsrf();
      const rows = await applicationsFor(deps, user);
      const body = agencyApplicationsBody({ rows, csrfToken, ...extra });
      return sendPage(reply, status, page({ title: TITLE, user, csrfToken, body }));
    };
    const showDukcapil = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: { problem?: string; result?: string } = {},
    ) => {
      const user = portalUserOf(request);
      const csrfToken = reply.generateCsrf();
      const rows = await applicationsFor(deps, user);
      const canManage = can(user.role, 'application.manage');
      const body = dukcapilApplicationsBody({ rows, csrfToken, canManage, ...extra });
      return sendPage(reply, status, page({ title: TITLE, user, csrfToken, body }));
    };

    app.get(
      AGENCY_APPLICATIONS_PATH,
      { config: own, schema: { tags: ['Portal'], summary: 'Aplikasi web service instansi' } },
      async (request, reply) => showAgency(request, reply, 200, resultOf(request)),
    );

    app.post(
      AGENCY_APPLICATIONS_PATH,
      {
        config: own,
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Mendaftarkan aplikasi (formulir, CSRF)' },
      },
      async (request, reply) => {
        const posted = readForm(request, RegisterForm);
        if (!posted.ok) return showAgency(request, reply, 422, { register: posted });
        try {
          await registerApplication(deps, portalUserOf(request), posted.value);
        } catch (error) {
          if (error instanceof Refusal && error.detail?.fields) {
            return showAgency(request, reply, 422, {
              register: { values: posted.values, errors: error.detail.fields },
            });
          }
          throw error;
        }
        return reply.redirect(`${AGENCY_APPLICATIONS_PATH}?hasil=terdaftar`, 303);
      },
    );

    app.post(
      `${AGENCY_APPLICATIONS_PATH}/:id/kredensial`,
      {
        config: own,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Menerbitkan atau merotasi kredensial aplikasi (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const posted = readForm(request, CredentialForm);
        const user = portalUserOf(request);
        try {
          const issued = await issueCredentials(
            deps,
            user,
            id,
            posted.ok ? posted.value.overlapHours : 'x',
          );
          const app = await applicationOf(deps, user, id);
          // Shown in this answer only: never stored, never in a redirect's address.
          return await showAgency(request, reply, 200, { issued: { ...issued, name: app.name } });
        } catch (error) {
          const [status, extra] = shownRefusal(reply, error);
          return showAgency(request, reply, status, extra);
        }
      },
    );

    for (const [base, config, show] of [
      [AGENCY_APPLICATIONS_PATH, own, showAgency],
      [DUKCAPIL_APPLICATIONS_PATH, { permission: 'application.manage' } as const, showDukcapil],
    ] as const) {
      app.post(
        `${base}/:id/cabut`,
        {
          config,
          preValidation: csrfCheck,
          schema: { tags: ['Portal'], summary: 'Mencabut aplikasi (formulir, CSRF)' },
        },
        async (request, reply) => {
          const id = idOf(request.params);
          const posted = readForm(request, RevokeForm);
          try {
            await revokeApplication(
              deps,
              portalUserOf(request),
              id,
              posted.ok ? (posted.value.reason ?? '') : '',
            );
          } catch (error) {
            const [status, extra] = shownRefusal(reply, error);
            return show(request, reply, status, extra);
          }
          return reply.redirect(`${base}?hasil=dicabut`, 303);
        },
      );
    }

    app.get(
      DUKCAPIL_APPLICATIONS_PATH,
      {
        config: { permission: 'application.viewAll' },
        schema: { tags: ['Portal'], summary: 'Aplikasi web service semua instansi' },
      },
      async (request, reply) => showDukcapil(request, reply, 200, resultOf(request)),
    );

    app.post(
      `${DUKCAPIL_APPLICATIONS_PATH}/:id/revisi-juknis`,
      {
        config: { permission: 'application.manage' },
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Mencatat revisi Juknis aplikasi (formulir, CSRF)' },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const posted = readForm(request, JuknisForm);
        try {
          await recordJuknisRevision(deps, portalUserOf(request), id, {
            nomor: posted.ok ? (posted.value.nomor ?? '') : '',
            tanggal: posted.ok ? (posted.value.tanggal ?? '') : '',
          });
        } catch (error) {
          const [status, extra] = shownRefusal(reply, error);
          return showDukcapil(request, reply, status, extra);
        }
        return reply.redirect(`${DUKCAPIL_APPLICATIONS_PATH}?hasil=juknis`, 303);
      },
    );
  };
