import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { MAX_UPLOAD_BYTES } from '../../services/data-balikan/file-type.js';
import { authorizeSender } from '../../services/data-balikan/sender.js';
import { returnSchemaOfAgency } from '../../services/data-balikan/submission.js';
import {
  dataBalikanCsv,
  dataBalikanXlsx,
  refusedRowsCsv,
} from '../../services/data-balikan/template.js';
import { createDataBalikanUploads } from '../../services/data-balikan/upload.js';
import type { Deps } from '../../services/deps.js';
import { downloadHeaders } from '../kit/download.js';
import type { FieldError } from '../kit/form-fields.js';
import { acceptForms, FormLimitError, readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { checkPortalCaller, portalUserOf } from '../kit/portal-caller.js';
import { shownRefusal, staffAgencyId } from './shown-refusal.js';
import {
  isWorking,
  SECTION_PATH,
  sectionBody,
  UPLOAD_PATH,
  uploadBody,
  uploadPath,
} from './upload-views.js';

/** How long an upload's answer waits for a small file to be done, sparing a refresh. */
const SETTLE_MS = 1000;
const TITLE = 'Data Balikan';
const PERMISSION = { permission: 'dataBalikan.submit' } as const;

/** The upload form sends its file and nothing else but its token. */
const UploadForm = Type.Object({});
/** Applying or discarding an upload: the button and its token. */
const DecisionForm = Type.Object({});

const NO_FILE = 'Pilih berkas CSV atau XLSX untuk diunggah.';
const TOO_LARGE = `Berkas melebihi batas ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Bagi menjadi beberapa berkas, lalu unggah satu per satu.`;
const ONE_FILE = 'Unggah satu berkas saja melalui formulir ini.';

type UploadParams = { Params: { id: string } };

const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });

/**
 * The /data-balikan section for agency staff: what the agreement's return data holds,
 * templates, file upload with its progress and result, and the decision on the valid rows
 * of a file with refused ones. The one-record form (/data-balikan/formulir) is its own plugin.
 */
export const dataBalikanUploadRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const uploads = createDataBalikanUploads(deps, {
      log: (message, error) => app.log.error({ err: error }, message),
    });
    app.addHook('onClose', async () => uploads.close());
    // Multipart bodies are accepted on this section's routes only: the upload form's file
    // and its token. A file over the limit is read to its end and refused with 413 below.
    const formHooks = await acceptForms(app, {
      maxFileBytes: MAX_UPLOAD_BYTES,
      maxFiles: 1,
      maxFields: 4,
      maxFieldBytes: 1024,
    });
    const csrfCheck = app.csrfProtection.bind(app);

    async function showSection(
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      problem: { errors?: readonly FieldError[]; refusal?: string } = {},
    ) {
      const user = portalUserOf(request);
      const agencyId = staffAgencyId(user);
      const csrfToken = reply.generateCsrf();
      const [schema, recent] = await Promise.all([
        returnSchemaOfAgency(deps, agencyId),
        uploads.recent(agencyId),
      ]);
      const body = sectionBody({ csrfToken, schema, uploads: recent, ...problem });
      return sendPage(reply, status, page({ title: TITLE, user, csrfToken, body }));
    }

    async function showUpload(
      request: FastifyRequest<UploadParams>,
      reply: FastifyReply,
      status = 200,
      refusal?: string,
    ) {
      const user = portalUserOf(request);
      const view = await uploads.view(staffAgencyId(user), Number(request.params.id));
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
          body: uploadBody({ csrfToken, view, refusal }),
          ...(isWorking(view.status) ? { refreshSeconds: 2 } : {}),
        }),
      );
    }

    // More parts than the form has are refused by the form reader before the caller check:
    // a caller who may upload gets the section page with what to do, not the error page.
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (!(error instanceof FormLimitError) || request.routeOptions.url !== UPLOAD_PATH) {
        throw error;
      }
      if (!(await checkPortalCaller(deps, request, reply, PERMISSION.permission))) return reply;
      return showSection(request, reply, 400, { errors: [{ field: 'berkas', message: ONE_FILE }] });
    });

    app.get(
      SECTION_PATH,
      {
        config: PERMISSION,
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
          config: PERMISSION,
          schema: {
            tags: ['Portal'],
            summary: `Templat berkas data balikan (${format.toUpperCase()}) sesuai skema PKS`,
          },
        },
        async (request, reply) => {
          const agencyId = staffAgencyId(portalUserOf(request));
          const schema = await returnSchemaOfAgency(deps, agencyId);
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
        config: PERMISSION,
        preValidation: formHooks,
        schema: {
          tags: ['Portal'],
          summary: 'Unggah berkas data balikan CSV/XLSX (multipart, CSRF); diproses di latar',
        },
      },
      async (request, reply) => {
        try {
          // Refused as a lookup would be refused now, before the file is looked at.
          const caller = await authorizeSender(deps, portalUserOf(request), 'PORTAL');
          // A form posted without its enctype has no file either.
          const posted = readForm(request, UploadForm, {
            files: { berkas: { label: 'Berkas CSV atau XLSX', required: true } },
          });
          const file = posted.ok ? posted.files.find((f) => f.field === 'berkas') : undefined;
          if (!posted.ok || !file) {
            // The one field's two problems, in the page's own words: none, or one too large.
            const status = posted.ok ? 400 : posted.status;
            return showSection(request, reply, status, {
              errors: [{ field: 'berkas', message: status === 413 ? TOO_LARGE : NO_FILE }],
            });
          }
          const accepted = await uploads.accept(caller, {
            fileName: file.fileName,
            bytes: file.content,
          });
          if (!accepted.ok) throw accepted.refusal;
          await uploads.settled(accepted.id, SETTLE_MS);
          return reply.redirect(uploadPath(accepted.id), 303);
        } catch (error) {
          const { refusal, status } = shownRefusal(reply, error);
          return showSection(request, reply, status, { refusal: refusal.message });
        }
      },
    );

    app.get<UploadParams>(
      `${SECTION_PATH}/unggahan/:id`,
      {
        config: PERMISSION,
        schema: {
          tags: ['Portal'],
          summary: 'Kemajuan dan hasil satu unggahan berkas data balikan',
          params: idParams,
        },
      },
      async (request, reply) => showUpload(request, reply),
    );

    app.get<UploadParams>(
      `${SECTION_PATH}/unggahan/:id/penolakan.csv`,
      {
        config: PERMISSION,
        schema: {
          tags: ['Portal'],
          summary: 'Seluruh baris yang ditolak dari satu unggahan (CSV)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agencyId = staffAgencyId(portalUserOf(request));
        const rows = await uploads.refusedRows(agencyId, Number(request.params.id));
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
      app.post<UploadParams>(
        `${SECTION_PATH}/unggahan/:id/${action}`,
        {
          config: PERMISSION,
          preValidation: csrfCheck,
          schema: { tags: ['Portal'], summary, params: idParams },
        },
        async (request, reply) => {
          // Nothing to read but the token, which the CSRF check has taken.
          readForm(request, DecisionForm);
          const id = Number(request.params.id);
          try {
            const caller = await authorizeSender(deps, portalUserOf(request), 'PORTAL');
            const decided =
              action === 'terapkan'
                ? await uploads.applyValid(caller, id)
                : await uploads.discard(caller, id);
            if (!decided.ok) throw decided.refusal;
          } catch (error) {
            const { refusal, status } = shownRefusal(reply, error);
            return showUpload(request, reply, status, refusal.message);
          }
          await uploads.settled(id, SETTLE_MS);
          return reply.redirect(uploadPath(id), 303);
        },
      );
    }
  };
