import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { DOCUMENT_KINDS, DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import type { Deps } from '../../services/deps.js';
import {
  DOCUMENT_TOO_LARGE,
  readDocument,
  recordUserDocument,
} from '../../services/users/user-documents.js';
import { downloadHeaders } from '../kit/download.js';
import { acceptForms, readForm } from '../kit/form-reader.js';
import { portalCallerHook, portalUserOf } from '../kit/portal-caller.js';
import { UPLOAD_FORM_ID } from './document-views.js';
import { CONSOLES, sendBackOnUserPage, sendUserPage } from './user-page.js';

type UserParams = { Params: { userId: string } };

const UploadForm = Type.Object({
  kind: Type.Union(
    DOCUMENT_KINDS.map((kind) => Type.Literal(kind)),
    { errorMessage: 'Jenis dokumen harus NDA atau SPTJM' },
  ),
  signedOn: Type.String({ format: 'date' }),
});

const UPLOAD_READING = {
  labels: { kind: 'Jenis dokumen', signedOn: 'Tanggal penandatanganan' },
  // An empty or missing scan is the use case's to refuse (BERKAS_KOSONG); too large, the form's.
  files: { berkas: { label: 'Berkas pindaian' } },
  messages: { berkas: DOCUMENT_TOO_LARGE },
};

/**
 * Users' signed NDA / SPTJM in the consoles: the upload on a user's page (Dukcapil for
 * anyone, the head for their own agency) and the download of a scan.
 */
export const userDocumentRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const formHooks = await acceptForms(app, {
      maxFileBytes: DOCUMENT_MAX_BYTES,
      maxFiles: 1,
      maxFields: 20,
    });
    // Who may upload is known from the cookie alone: the caller is checked before any file is
    // read (the same hook that otherwise runs at preHandler; it then sees the caller done).
    const callerFirst = portalCallerHook(deps);

    for (const [area, permission] of CONSOLES) {
      app.post<UserParams>(
        `${area.basePath}/:userId/dokumen`,
        {
          config: { permission },
          preValidation: [callerFirst, ...formHooks],
          schema: {
            tags: ['Portal'],
            summary: 'Mencatat NDA atau SPTJM: unggah pindaian dan tanggal tanda tangan (CSRF)',
          },
        },
        async (request, reply) => {
          const target = { area, userId: request.params.userId };
          const form = readForm(request, UploadForm, UPLOAD_READING);
          if (!form.ok) {
            return sendUserPage(deps, request, reply, target, form.status, {
              sentBack: { formId: UPLOAD_FORM_ID, state: form },
            });
          }
          const scan = form.files[0];
          try {
            await recordUserDocument(deps, portalUserOf(request), {
              userId: target.userId,
              kind: form.value.kind,
              signedOn: form.value.signedOn,
              content: scan?.content ?? Buffer.alloc(0),
              fileName: scan?.fileName,
              truncated: scan?.tooLarge ?? false,
            });
          } catch (error) {
            const sent = { formId: UPLOAD_FORM_ID, values: form.values };
            return sendBackOnUserPage(deps, request, reply, target, sent, error);
          }
          return reply.redirect(
            `${area.basePath}/${encodeURIComponent(target.userId)}?selesai=1`,
            303,
          );
        },
      );
    }

    app.get<{ Params: { id: string } }>(
      '/dokumen/:id',
      {
        config: { permission: 'document.view' },
        schema: {
          tags: ['Portal'],
          summary: 'Mengunduh pindaian NDA / SPTJM (Dukcapil; kepala instansi pemiliknya)',
        },
      },
      async (request, reply) => {
        const id = /^[0-9]{1,9}$/.test(request.params.id) ? Number(request.params.id) : NaN;
        const doc = await readDocument(deps, portalUserOf(request), id);
        return downloadHeaders(reply, { filename: doc.fileName, type: doc.contentType }).send(
          doc.content,
        );
      },
    );
  };
