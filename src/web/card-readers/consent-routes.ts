import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Refusal } from '../../domain/refusals.js';
import {
  consentFormPdf,
  consentsFor,
  recordConsent,
  withdrawCardConsent,
} from '../../services/card-readers/consents.js';
import { readersFor } from '../../services/card-readers/readers.js';
import type { Deps } from '../../services/deps.js';
import { downloadHeaders } from '../kit/download.js';
import type { FormState } from '../kit/form-fields.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { idOf, shownRefusal } from './agency-routes.js';
import { CONSENTS_PATH, CONSENTS_TITLE, consentsBody } from './consent-views.js';
import { resultOf } from '../kit/result-query.js';

const PERMISSION = { permission: 'cardConsent.record' } as const;
const ConsentForm = Type.Object({
  nik: Type.Optional(Type.String({ maxLength: 40 })),
  readerId: Type.Optional(Type.String({ maxLength: 12 })),
  elements: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 8 })),
  purpose: Type.Optional(Type.String({ maxLength: 200 })),
  residentAgreed: Type.Optional(Type.Boolean()),
});
const WithdrawForm = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) });

/**
 * /persetujuan-kartu (issue 12, Juknis IV.F): the agency's operators and head record a
 * resident's consent to keeping data read from their card, print its form, see the agency's
 * consents and withdraw one.
 */
export const cardConsentRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: { problem?: string; result?: string; form?: FormState } = {},
    ) => {
      const user = portalUserOf(request);
      const csrfToken = reply.generateCsrf();
      const [consents, readers] = await Promise.all([
        consentsFor(deps, user),
        readersFor(deps, user),
      ]);
      const body = consentsBody({
        consents,
        readers: readers
          .filter((r) => r.state === 'AKTIF')
          .map((r) => ({ id: r.id, label: `${r.serial} — ${r.location}` })),
        csrfToken,
        ...extra,
      });
      return sendPage(reply, status, page({ title: CONSENTS_TITLE, user, csrfToken, body }));
    };

    app.get(
      CONSENTS_PATH,
      {
        config: PERMISSION,
        schema: { tags: ['Portal'], summary: 'Persetujuan penyimpanan data KTP-el' },
      },
      async (request, reply) => show(request, reply, 200, resultOf(request)),
    );

    app.post(
      CONSENTS_PATH,
      {
        config: PERMISSION,
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Mencatat persetujuan penduduk (formulir, CSRF)' },
      },
      async (request, reply) => {
        const posted = readForm(request, ConsentForm);
        if (!posted.ok) return show(request, reply, 422, { form: posted });
        const v = posted.value;
        try {
          await recordConsent(deps, portalUserOf(request), {
            nik: v.nik ?? '',
            readerId: Number(v.readerId ?? NaN),
            elements: v.elements ?? [],
            purpose: v.purpose ?? '',
            residentAgreed: v.residentAgreed === true,
          });
        } catch (error) {
          if (error instanceof Refusal && error.detail?.fields) {
            return show(request, reply, 422, {
              form: { values: posted.values, errors: error.detail.fields },
            });
          }
          throw error;
        }
        return reply.redirect(`${CONSENTS_PATH}?hasil=dicatat`, 303);
      },
    );

    app.post(
      `${CONSENTS_PATH}/:id/tarik`,
      {
        config: PERMISSION,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Menarik persetujuan (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const posted = readForm(request, WithdrawForm);
        try {
          await withdrawCardConsent(
            deps,
            portalUserOf(request),
            id,
            posted.ok ? (posted.value.reason ?? '') : '',
          );
        } catch (error) {
          return show(request, reply, ...shownRefusal(reply, error));
        }
        return reply.redirect(`${CONSENTS_PATH}?hasil=ditarik`, 303);
      },
    );

    app.get(
      `${CONSENTS_PATH}/:id/formulir.pdf`,
      {
        config: PERMISSION,
        schema: {
          tags: ['Portal'],
          summary: 'Formulir persetujuan penduduk (PDF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const file = await consentFormPdf(deps, portalUserOf(request), id);
        return downloadHeaders(reply, { filename: file.fileName, type: 'application/pdf' }).send(
          file.content,
        );
      },
    );
  };
