import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isCardReaderAction } from '../../domain/card-reader-state.js';
import { can } from '../../domain/permissions.js';
import { actOnReader, readersWithHistory } from '../../services/card-readers/readers.js';
import {
  makeReturnBast,
  recordReturnReceipt,
  returnBastPdf,
  returnsFor,
} from '../../services/card-readers/returns.js';
import type { Deps } from '../../services/deps.js';
import { downloadHeaders } from '../kit/download.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { ActionForm, idOf, shownRefusal } from './agency-routes.js';
import { DUKCAPIL_READERS_PATH, DUKCAPIL_TITLE, dukcapilReadersBody } from './dukcapil-views.js';
import { resultOf } from '../kit/result-query.js';

const VIEW = { permission: 'cardReader.viewAll' } as const;
const MANAGE = { permission: 'cardReader.manage' } as const;
const ReceiptForm = Type.Object({
  receivedOn: Type.Optional(Type.String({ maxLength: 10 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

/**
 * /dukcapil/pembaca-kartu (issue 12): every agency's readers with what SIFILMA did (recorded by
 * the admin: personalisation, activation), suspension and restoration, the SAM returns with
 * their BAST, the receipt, and deactivation. Evaluators read; the admin acts.
 */
export const dukcapilCardReaderRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      extra: { problem?: string; result?: string } = {},
    ) => {
      const user = portalUserOf(request);
      const csrfToken = reply.generateCsrf();
      const [readers, returns] = await Promise.all([
        readersWithHistory(deps, user),
        returnsFor(deps, user),
      ]);
      const body = dukcapilReadersBody({
        readers,
        returns,
        canManage: can(user.role, 'cardReader.manage'),
        csrfToken,
        ...extra,
      });
      return sendPage(reply, status, page({ title: DUKCAPIL_TITLE, user, csrfToken, body }));
    };
    const back = (reply: FastifyReply, result: string) =>
      reply.redirect(`${DUKCAPIL_READERS_PATH}?hasil=${result}`, 303);

    app.get(
      DUKCAPIL_READERS_PATH,
      {
        config: VIEW,
        schema: { tags: ['Portal'], summary: 'Card reader KTP-el seluruh instansi' },
      },
      async (request, reply) => show(request, reply, 200, resultOf(request)),
    );

    app.post(
      `${DUKCAPIL_READERS_PATH}/:id/tindakan`,
      {
        config: MANAGE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Mencatat langkah SIFILMA atau status card reader (formulir, CSRF)',
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
      `${DUKCAPIL_READERS_PATH}/pengembalian/:id/terima`,
      {
        config: MANAGE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Mencatat penerimaan SAM dan BAST (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const posted = readForm(request, ReceiptForm);
        try {
          await recordReturnReceipt(deps, portalUserOf(request), id, {
            receivedOn: posted.ok ? (posted.value.receivedOn ?? '') : '',
            note: posted.ok ? posted.value.note : undefined,
          });
        } catch (error) {
          return show(request, reply, ...shownRefusal(reply, error));
        }
        return back(reply, 'diterima');
      },
    );

    app.post(
      `${DUKCAPIL_READERS_PATH}/pengembalian/:id/bast`,
      {
        config: MANAGE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Membuat BAST pengembalian SAM atas nama instansi (CSRF)',
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        try {
          await makeReturnBast(deps, portalUserOf(request), id);
        } catch (error) {
          return show(request, reply, ...shownRefusal(reply, error));
        }
        return back(reply, 'bast');
      },
    );

    app.get(
      `${DUKCAPIL_READERS_PATH}/pengembalian/:id/bast.pdf`,
      {
        config: VIEW,
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
