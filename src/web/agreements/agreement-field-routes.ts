import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { transitionRefusal } from '../../domain/agreement-state.js';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import type { AgreementView } from '../../services/agreements/agreement-queries.js';
import { recordDgApproval } from '../../services/agreements/dg-approval.js';
import {
  endByForceMajeure,
  forceMajeureDocument,
} from '../../services/agreements/force-majeure.js';
import type { Deps } from '../../services/deps.js';
import { Confirmation } from '../kit/confirm-box.js';
import { downloadHeaders } from '../kit/download.js';
import type { FormState } from '../kit/form-fields.js';
import { acceptForms, readForm } from '../kit/form-reader.js';
import { portalCallerHook, portalUserOf } from '../kit/portal-caller.js';
import {
  dgApprovalFormBody,
  dgApprovalPath,
  forceMajeureFormBody,
  forceMajeurePath,
} from './agreement-field-views.js';
import {
  agreementOrNotFound,
  idOf,
  idParams,
  pageProblem,
  showPage,
  submitForm,
  type IdParams,
} from './console-requests.js';
import { agreementPath, AGREEMENTS } from './console-views.js';

const DgApprovalForm = Type.Object({
  nomor: Type.String({ maxLength: 100 }),
  tanggal: Type.String({ maxLength: 10 }),
});

const ForceMajeureForm = Type.Object({
  tanggal: Type.String({ maxLength: 10 }),
  uraian: Type.String({ maxLength: 1000 }),
  konfirmasi: Confirmation,
});

const LABELS = {
  nomor: 'Nomor surat',
  tanggal: 'Tanggal',
  uraian: 'Uraian',
  dokumen: 'Dokumen',
};

/**
 * The Dukcapil console's records of what the agreements add (agreement.manage): the Director
 * General's approval letter of a draft or an agreement in force, and the end by force majeure
 * with its document; the document's download for whoever reads the agreement.
 */
export const agreementFieldRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const now = () => deps.clock();
    const formHooks = await acceptForms(app, {
      maxFileBytes: DOCUMENT_MAX_BYTES,
      maxFiles: 1,
      maxFields: 20,
    });
    const callerFirst = portalCallerHook(deps);

    const dgPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      agreement: AgreementView,
      state: FormState,
    ) =>
      showPage(request, reply, status, 'Surat persetujuan Direktur Jenderal', (csrfToken) =>
        dgApprovalFormBody({ agreement, csrfToken, state }),
      );

    app.get<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/persetujuan-dirjen`,
      {
        config: { permission: 'agreement.manage' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Formulir surat persetujuan Direktur Jenderal atas PKS',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const values = agreement.dgApproval
          ? { nomor: agreement.dgApproval.nomor, tanggal: agreement.dgApproval.tanggal }
          : {};
        return dgPage(request, reply, 200, agreement, { values });
      },
    );

    app.post<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/persetujuan-dirjen`,
      {
        config: { permission: 'agreement.manage' },
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mencatat surat persetujuan Direktur Jenderal (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const form = readForm(request, DgApprovalForm, { labels: LABELS });
        const outcome = await submitForm(form, async (value) => {
          await recordDgApproval(deps.db, portalUserOf(request), id, value, now());
          return `${agreementPath(id)}?hasil=persetujuan-dirjen`;
        });
        if ('location' in outcome) return reply.redirect(outcome.location, 303);
        const agreement = await agreementOrNotFound(deps, id);
        return dgPage(request, reply, outcome.status, agreement, outcome.state);
      },
    );

    const forceMajeurePage = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      agreement: AgreementView,
      state: FormState,
    ) =>
      showPage(request, reply, status, 'Akhiri PKS karena keadaan kahar', (csrfToken) =>
        forceMajeureFormBody({ agreement, csrfToken, state }),
      );

    app.get<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/keadaan-kahar`,
      {
        config: { permission: 'agreement.manage' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Konfirmasi: akhiri PKS karena keadaan kahar (force majeure)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const refusal = transitionRefusal('end', agreement.effectiveStatus);
        return forceMajeurePage(request, reply, refusal ? 409 : 200, agreement, {
          values: {},
          errors: pageProblem(refusal),
        });
      },
    );

    app.post<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/keadaan-kahar`,
      {
        config: { permission: 'agreement.manage' },
        // The caller is checked from the cookie before any file is read.
        preValidation: [callerFirst, ...formHooks],
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mengakhiri PKS karena keadaan kahar: tanggal, uraian, dokumen (CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const form = readForm(request, ForceMajeureForm, {
          labels: LABELS,
          files: { dokumen: { label: 'Dokumen' } },
        });
        const outcome = await submitForm(form, async (value) => {
          const file = form.ok ? form.files.find((f) => f.field === 'dokumen') : undefined;
          await endByForceMajeure(
            deps.db,
            portalUserOf(request),
            id,
            {
              occurredOn: value.tanggal,
              description: value.uraian,
              document: file ? { fileName: file.fileName, content: file.content } : undefined,
            },
            now(),
          );
          return `${agreementPath(id)}?hasil=keadaan-kahar`;
        });
        if ('location' in outcome) return reply.redirect(outcome.location, 303);
        const agreement = await agreementOrNotFound(deps, id);
        return forceMajeurePage(request, reply, outcome.status, agreement, outcome.state);
      },
    );

    app.get<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/keadaan-kahar/dokumen`,
      {
        config: { permission: 'agreement.viewAll' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mengunduh dokumen keadaan kahar sebuah PKS',
          params: idParams,
        },
      },
      async (request, reply) => {
        const doc = await forceMajeureDocument(deps.db, idOf(request.params));
        return downloadHeaders(reply, { filename: doc.fileName, type: doc.contentType }).send(
          doc.content,
        );
      },
    );
  };

export { dgApprovalPath, forceMajeurePath };
