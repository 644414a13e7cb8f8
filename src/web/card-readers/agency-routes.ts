import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isCardReaderAction } from '../../domain/card-reader-state.js';
import { Refusal } from '../../domain/refusals.js';
import {
  actOnReader,
  assignableOperators,
  issueReaderCredential,
  readersFor,
  readersWithHistory,
  registerReader,
} from '../../services/card-readers/readers.js';
import {
  makeReturnBast,
  markReturnSent,
  pullSamOfReturn,
  returnBastPdf,
  returnsFor,
} from '../../services/card-readers/returns.js';
import type { Deps } from '../../services/deps.js';
import { downloadHeaders } from '../kit/download.js';
import type { FormState } from '../kit/form-fields.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  AGENCY_READERS_PATH,
  agencyReadersBody,
  RETURNS_PATH,
  RETURNS_TITLE,
  returnsBody,
  TITLE,
} from './agency-views.js';
import { resultOf } from '../kit/result-query.js';

const PERMISSION = { permission: 'cardReader.manageOwn' } as const;
/** The SAM-return duties: also the head's of an ended agreement (AFTER_END_PERMISSIONS). */
const RETURNS = { permission: 'cardReader.returnOwn' } as const;

const RegisterForm = Type.Object({
  serial: Type.Optional(Type.String({ maxLength: 60 })),
  make: Type.Optional(Type.String({ maxLength: 80 })),
  location: Type.Optional(Type.String({ maxLength: 160 })),
  operator: Type.Optional(Type.String({ maxLength: 60 })),
  samNumber: Type.Optional(Type.String({ maxLength: 40 })),
});
export const ActionForm = Type.Object({
  action: Type.String({ maxLength: 30 }),
  reference: Type.Optional(Type.String({ maxLength: 80 })),
  onDate: Type.Optional(Type.String({ maxLength: 10 })),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
});
const SentForm = Type.Object({ sentOn: Type.Optional(Type.String({ maxLength: 10 })) });
const PulledForm = Type.Object({ onDate: Type.Optional(Type.String({ maxLength: 10 })) });

/** The record's id of a path (`/:id/…`): digits only, else the page does not exist. */
export function idOf(params: unknown): number {
  const id = (params as { id?: unknown }).id;
  if (typeof id !== 'string' || !/^\d{1,9}$/.test(id)) {
    throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
  }
  return Number(id);
}

/** The message of a refusal to show on the page (a field problem or a state conflict). */
/**
 * A refusal the page shows in place (bad input, a state that does not allow the step), with
 * its status; anything else goes on to the app's error handler.
 */
export function shownRefusal(
  reply: FastifyReply,
  error: unknown,
): [status: number, extra: { problem: string }] {
  if (!(error instanceof Refusal)) throw error;
  if (!['PERMINTAAN_TIDAK_VALID', 'KONFLIK'].includes(error.code)) throw error;
  return [reply.refusalStatus(error), { problem: error.message }];
}

/**
 * /instansi/pembaca-kartu (issue 12): the head registers the agency's card readers, records
 * their SIFILMA application, suspends them, pulls SAMs, issues a reader's credential, and works
 * through the SAM-return tasks (BAST, sending). Every POST redirects back, or shows the page
 * again with the problem (or the one-time credential).
 */
export const agencyCardReaderRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: {
        problem?: string;
        credential?: { serial: string; secret: string };
        register?: FormState;
        result?: string;
      } = {},
    ) => {
      const user = portalUserOf(request);
      const csrfToken = reply.generateCsrf();
      const [readers, returns, operators] = await Promise.all([
        readersWithHistory(deps, user),
        returnsFor(deps, user),
        assignableOperators(deps, user),
      ]);
      const body = agencyReadersBody({ readers, returns, operators, csrfToken, ...extra });
      return sendPage(reply, status, page({ title: TITLE, user, csrfToken, body }));
    };
    const back = (reply: FastifyReply, result: string) =>
      reply.redirect(`${AGENCY_READERS_PATH}?hasil=${result}`, 303);

    const showReturns = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: { problem?: string; result?: string } = {},
    ) => {
      const user = portalUserOf(request);
      const csrfToken = reply.generateCsrf();
      const returns = await returnsFor(deps, user);
      const body = returnsBody({ returns, csrfToken, afterEnd: user.afterEnd, ...extra });
      return sendPage(reply, status, page({ title: RETURNS_TITLE, user, csrfToken, body }));
    };
    const backToReturns = (reply: FastifyReply, result: string) =>
      reply.redirect(`${RETURNS_PATH}?hasil=${result}`, 303);

    app.get(
      AGENCY_READERS_PATH,
      { config: PERMISSION, schema: { tags: ['Portal'], summary: 'Card reader KTP-el instansi' } },
      async (request, reply) => show(request, reply, 200, resultOf(request)),
    );

    app.post(
      AGENCY_READERS_PATH,
      {
        config: PERMISSION,
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Mendaftarkan card reader (formulir, CSRF)' },
      },
      async (request, reply) => {
        const posted = readForm(request, RegisterForm);
        if (!posted.ok) return show(request, reply, 422, { register: posted });
        try {
          const v = posted.value;
          await registerReader(deps, portalUserOf(request), {
            serial: v.serial ?? '',
            make: v.make ?? '',
            location: v.location ?? '',
            operator: v.operator ?? '',
            samNumber: v.samNumber ?? '',
          });
        } catch (error) {
          if (error instanceof Refusal && error.detail?.fields) {
            return show(request, reply, 422, {
              register: { values: posted.values, errors: error.detail.fields },
            });
          }
          throw error;
        }
        return back(reply, 'terdaftar');
      },
    );

    app.post(
      `${AGENCY_READERS_PATH}/:id/tindakan`,
      {
        config: PERMISSION,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Langkah status card reader (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const posted = readForm(request, ActionForm);
        if (!posted.ok || !isCardReaderAction(posted.value.action)) {
          return show(request, reply, 422, { problem: 'Tindakan tidak dikenal' });
        }
        try {
          await actOnReader(deps, portalUserOf(request), id, posted.value.action, posted.value);
        } catch (error) {
          return show(request, reply, ...shownRefusal(reply, error));
        }
        return back(reply, 'tindakan');
      },
    );

    app.post(
      `${AGENCY_READERS_PATH}/:id/kredensial`,
      {
        config: PERMISSION,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Menerbitkan kredensial card reader (CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const user = portalUserOf(request);
        try {
          const secret = await issueReaderCredential(deps, user, id);
          const reader = (await readersFor(deps, user)).find((r) => r.id === id)!;
          return show(request, reply, 200, { credential: { serial: reader.serial, secret } });
        } catch (error) {
          return show(request, reply, ...shownRefusal(reply, error));
        }
      },
    );

    app.get(
      RETURNS_PATH,
      {
        config: RETURNS,
        schema: { tags: ['Portal'], summary: 'Tugas pengembalian SAM card reader instansi' },
      },
      async (request, reply) => showReturns(request, reply, 200, resultOf(request)),
    );

    app.post(
      `${RETURNS_PATH}/:id/cabut`,
      {
        config: RETURNS,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Mencatat pencabutan SAM dari card reader (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const posted = readForm(request, PulledForm);
        try {
          await pullSamOfReturn(
            deps,
            portalUserOf(request),
            id,
            posted.ok ? (posted.value.onDate ?? '') : '',
          );
        } catch (error) {
          return showReturns(request, reply, ...shownRefusal(reply, error));
        }
        return backToReturns(reply, 'dicabut');
      },
    );

    app.post(
      `${RETURNS_PATH}/:id/bast`,
      {
        config: RETURNS,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Membuat BAST pengembalian SAM (CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        try {
          await makeReturnBast(deps, portalUserOf(request), id);
        } catch (error) {
          return showReturns(request, reply, ...shownRefusal(reply, error));
        }
        return backToReturns(reply, 'bast');
      },
    );

    app.post(
      `${RETURNS_PATH}/:id/kirim`,
      {
        config: RETURNS,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Mencatat pengiriman SAM dan BAST (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const posted = readForm(request, SentForm);
        try {
          await markReturnSent(
            deps,
            portalUserOf(request),
            id,
            posted.ok ? (posted.value.sentOn ?? '') : '',
          );
        } catch (error) {
          return showReturns(request, reply, ...shownRefusal(reply, error));
        }
        return backToReturns(reply, 'terkirim');
      },
    );

    app.get(
      `${RETURNS_PATH}/:id/bast.pdf`,
      {
        config: RETURNS,
        schema: { tags: ['Portal'], summary: 'BAST pengembalian SAM (PDF)' },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const file = await returnBastPdf(deps, portalUserOf(request), id);
        return downloadHeaders(reply, { filename: file.fileName, type: 'application/pdf' }).send(
          file.content,
        );
      },
    );
  };
