import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { RESPONSES } from '../../domain/responses.js';
import {
  authorizeAgencyCaller,
  type AgencyCallerResult,
} from '../../services/account/agency-caller.js';
import { returnSchemaOfAgency } from '../../services/data-balikan/submission.js';
import { MAX_UPLOAD_BYTES } from '../../services/data-balikan/file.js';
import {
  dataBalikanCsv,
  dataBalikanXlsx,
  refusedRowsCsv,
} from '../../services/data-balikan/template.js';
import { createDataBalikanUploads } from '../../services/data-balikan/upload.js';
import type { Deps } from '../../services/deps.js';
import { downloadHeaders } from '../kit/download.js';
import { acceptForms, postedForm } from '../kit/form-reader.js';
import { portalGuards, sendPage, sessionToken } from '../kit/guards.js';
import { html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import {
  isWorking,
  SECTION_PATH,
  sectionBody,
  UPLOAD_PATH,
  uploadBody,
  uploadPath,
} from './views.js';

/** How long an upload's answer waits for a small file to be done, sparing a refresh. */
const SETTLE_MS = 1000;
const TITLE = 'Data Balikan';

/** The form reader's refusals of a post with more parts than the form has. */
const FORM_LIMITS = new Set(['FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);
const TOO_LARGE = `Berkas melebihi batas ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Bagi menjadi beberapa berkas, lalu unggah satu per satu.`;

/**
 * The /data-balikan section for agency staff: what the agreement's return data holds,
 * templates, file upload with its progress and result, and the decision on the valid rows
 * of a file with refused ones. The one-record form (/data-balikan/formulir) is its own plugin.
 */
export const dataBalikanRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const uploads = createDataBalikanUploads(deps, {
      log: (message, error) => app.log.error({ err: error }, message),
    });
    app.addHook('onClose', async () => uploads.close());
    // Multipart bodies are accepted on this section's routes only: the upload form's file
    // and its token. A file over the limit is read to its end and refused with 413 below.
    const uploadForm = await acceptForms(app, {
      maxFileBytes: MAX_UPLOAD_BYTES,
      maxFiles: 1,
      maxFields: 4,
      maxFieldBytes: 1024,
    });
    const csrfCheck = app.csrfProtection.bind(app);
    const { requireRoles } = portalGuards(deps);
    const agencyStaff = requireRoles('OPERATOR', 'KEPALA_INSTANSI');

    const callerOf = (request: FastifyRequest): Promise<AgencyCallerResult> =>
      authorizeAgencyCaller(deps, {
        token: sessionToken(request)!,
        kind: 'PORTAL',
        clientIp: request.clientIp,
      });

    async function showSection(
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      error?: string,
    ) {
      const user = request.portalUser!;
      const csrfToken = reply.generateCsrf();
      const [schema, recent] = await Promise.all([
        returnSchemaOfAgency(deps, user.agencyId!),
        uploads.recent(user.agencyId!),
      ]);
      const body = sectionBody({ csrfToken, schema, uploads: recent, error });
      return sendPage(reply, status, page({ title: TITLE, user, csrfToken, body }));
    }

    async function showUpload(
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      status = 200,
      error?: string,
    ) {
      const user = request.portalUser!;
      const view = await uploads.view(user.agencyId!, Number(request.params.id));
      const csrfToken = reply.generateCsrf();
      if (!view) {
        const body = html`<h1>Unggahan tidak ditemukan</h1>
          <p>Unggahan ini tidak ada atau bukan milik instansi Anda.</p>
          <p><a href="${SECTION_PATH}">Kembali ke Data Balikan</a></p>`;
        return sendPage(reply, 404, page({ title: TITLE, user, csrfToken, body }));
      }
      return sendPage(
        reply,
        status,
        page({
          title: TITLE,
          user,
          csrfToken,
          body: uploadBody({ csrfToken, view, error }),
          ...(isWorking(view.status) ? { refreshSeconds: 2 } : {}),
        }),
      );
    }

    // More parts than the form has are refused by the form reader before the handler runs:
    // they get the section page with what to do, not the generic error page.
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (!FORM_LIMITS.has(error.code) || request.routeOptions.url !== UPLOAD_PATH) throw error;
      const user = await portalGuards(deps).currentUser(request);
      if (!user || user.agencyId === null) throw error;
      request.portalUser = user;
      return showSection(request, reply, 400, 'Unggah satu berkas saja melalui formulir ini.');
    });

    app.get(
      SECTION_PATH,
      {
        preHandler: agencyStaff,
        schema: {
          tags: ['Portal'],
          summary: 'Data balikan: kolom skema PKS, templat, unggah berkas, unggahan terakhir',
        },
      },
      async (request, reply) => showSection(request, reply, 200),
    );

    for (const format of ['csv', 'xlsx'] as const) {
      app.get(
        `${SECTION_PATH}/templat.${format}`,
        {
          preHandler: agencyStaff,
          schema: {
            tags: ['Portal'],
            summary: `Templat berkas data balikan (${format.toUpperCase()}) sesuai skema PKS`,
          },
        },
        async (request, reply) => {
          const schema = await returnSchemaOfAgency(deps, request.portalUser!.agencyId!);
          if (!schema) return reply.redirect(SECTION_PATH, 303);
          const body = format === 'csv' ? dataBalikanCsv(schema) : await dataBalikanXlsx(schema);
          return downloadHeaders(reply, {
            filename: `templat-data-balikan.${format}`,
            type:
              format === 'csv'
                ? 'text/csv; charset=utf-8'
                : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          }).send(body);
        },
      );
    }

    app.post(
      UPLOAD_PATH,
      {
        preValidation: uploadForm,
        preHandler: agencyStaff,
        schema: {
          tags: ['Portal'],
          summary: 'Unggah berkas data balikan CSV/XLSX (multipart, CSRF); diproses di latar',
        },
      },
      async (request, reply) => {
        const authorized = await callerOf(request);
        if (!authorized.ok) {
          const { message, httpStatus } = RESPONSES[authorized.code];
          return showSection(request, reply, httpStatus, message);
        }
        const posted = postedForm(request).files.find((f) => f.field === 'berkas');
        if (posted?.tooLarge) return showSection(request, reply, 413, TOO_LARGE);
        // A form posted without its enctype has no file either.
        const file = posted && { fileName: posted.fileName, bytes: posted.content };
        if (!file) {
          return showSection(request, reply, 400, 'Pilih berkas CSV atau XLSX untuk diunggah.');
        }
        const accepted = await uploads.accept(authorized.caller, file);
        if (!accepted.ok) return showSection(request, reply, accepted.status, accepted.message);
        await uploads.settled(accepted.id, SETTLE_MS);
        return reply.redirect(uploadPath(accepted.id), 303);
      },
    );

    const idParams = {
      type: 'object',
      properties: { id: { type: 'string', pattern: '^[0-9]{1,15}$' } },
      required: ['id'],
    } as const;

    app.get<{ Params: { id: string } }>(
      `${SECTION_PATH}/unggahan/:id`,
      {
        preHandler: agencyStaff,
        schema: {
          tags: ['Portal'],
          summary: 'Kemajuan dan hasil satu unggahan berkas data balikan',
          params: idParams,
        },
      },
      async (request, reply) => showUpload(request, reply),
    );

    app.get<{ Params: { id: string } }>(
      `${SECTION_PATH}/unggahan/:id/penolakan.csv`,
      {
        preHandler: agencyStaff,
        schema: {
          tags: ['Portal'],
          summary: 'Seluruh baris yang ditolak dari satu unggahan (CSV)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const rows = await uploads.refusedRows(
          request.portalUser!.agencyId!,
          Number(request.params.id),
        );
        if (!rows) return showUpload(request, reply);
        return downloadHeaders(reply, {
          filename: `baris-ditolak-unggahan-${request.params.id}.csv`,
          type: 'text/csv; charset=utf-8',
        }).send(refusedRowsCsv(rows));
      },
    );

    for (const [action, summary] of [
      ['terapkan', 'Menerapkan hanya baris yang valid dari unggahan yang ada baris ditolak (CSRF)'],
      ['batal', 'Membatalkan unggahan yang belum diterapkan; barisnya dihapus (CSRF)'],
    ] as const) {
      app.post<{ Params: { id: string } }>(
        `${SECTION_PATH}/unggahan/:id/${action}`,
        {
          preValidation: csrfCheck,
          preHandler: agencyStaff,
          schema: { tags: ['Portal'], summary, params: idParams },
        },
        async (request, reply) => {
          const authorized = await callerOf(request);
          if (!authorized.ok) {
            const { message, httpStatus } = RESPONSES[authorized.code];
            return showUpload(request, reply, httpStatus, message);
          }
          const id = Number(request.params.id);
          const decided =
            action === 'terapkan'
              ? await uploads.applyValid(authorized.caller, id)
              : await uploads.discard(authorized.caller, id);
          if (!decided.ok) return showUpload(request, reply, decided.status, decided.message);
          await uploads.settled(id, SETTLE_MS);
          return reply.redirect(uploadPath(id), 303);
        },
      );
    }
  };
