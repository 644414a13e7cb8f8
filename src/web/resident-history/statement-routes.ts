import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { Refusal, type FieldError } from '../../domain/refusals.js';
import type { Deps } from '../../services/deps.js';
import { statementFile } from '../../services/resident-history/files.js';
import { residentAccessStatement } from '../../services/resident-history/statement.js';
import { downloadHeaders } from '../kit/download.js';
import { readForm, type FormValues } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import type { Html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  refusedBody,
  requestForm,
  statementBody,
  STATEMENT_FILE_PATH,
  STATEMENT_PATH,
  TITLE,
  type RequestFields,
} from './statement-views.js';

const PERMISSION = { permission: 'residentHistory.issue' } as const;

const RequestForm = Type.Object({
  nik: Type.Optional(Type.String({ maxLength: 40 })),
  requestNumber: Type.Optional(Type.String({ maxLength: 60 })),
  identityChecked: Type.Optional(Type.Boolean()),
  identityCheck: Type.Optional(Type.String({ maxLength: 120 })),
  from: Type.Optional(Type.String({ maxLength: 20 })),
  to: Type.Optional(Type.String({ maxLength: 20 })),
  format: Type.Optional(Type.String({ maxLength: 10 })),
});

const LABELS = {
  nik: 'NIK pemohon',
  requestNumber: 'Nomor permohonan',
  identityCheck: 'Dokumen identitas',
  from: 'Tanggal awal',
  to: 'Tanggal akhir',
};

const IDENTITY_NOT_CHECKED: FieldError = {
  field: 'identityChecked',
  message: 'Cocokkan identitas pemohon dengan dokumen aslinya sebelum riwayat akses dibuat',
};

type Read =
  | { readonly ok: true; readonly request: RequestFields; readonly format: string }
  | { readonly ok: false; readonly errors: readonly FieldError[]; readonly values: FormValues };

function readRequest(request: Parameters<typeof readForm>[0]): Read {
  const posted = readForm(request, RequestForm, { labels: LABELS });
  if (!posted.ok) return { ok: false, errors: posted.errors, values: posted.values };
  const value = posted.value;
  if (!value.identityChecked) {
    return { ok: false, errors: [IDENTITY_NOT_CHECKED], values: posted.values };
  }
  return {
    ok: true,
    format: value.format ?? '',
    request: {
      nik: value.nik ?? '',
      requestNumber: value.requestNumber ?? '',
      identityCheck: value.identityCheck ?? '',
      from: value.from ?? '',
      to: value.to ?? '',
    },
  };
}

/**
 * GET/POST /dukcapil/riwayat-akses and POST …/unduh (issue 14): only roles with
 * residentHistory.issue (Dukcapil's admin today) reach them; every agency role is turned
 * away by the caller check before the body is read. POST only for anything that records.
 */
export const residentHistoryRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    app.get(
      STATEMENT_PATH,
      {
        config: PERMISSION,
        schema: { tags: ['Portal'], summary: 'Formulir permohonan riwayat akses penduduk' },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const csrfToken = reply.generateCsrf();
        return sendPage(
          reply,
          200,
          page({ title: TITLE, user, csrfToken, body: requestForm(csrfToken) }),
        );
      },
    );

    /** The form again with its problems (422), or with the refusal's message. */
    const refused = (
      reply: FastifyReply,
      show: (status: number, body: Html) => FastifyReply,
      csrfToken: string,
      error: unknown,
      values: FormValues,
    ) => {
      if (!(error instanceof Refusal)) throw error;
      if (error.code === 'PERMINTAAN_TIDAK_VALID' && error.detail?.fields) {
        return show(422, requestForm(csrfToken, { values, errors: error.detail.fields }));
      }
      if (error.code === 'KONFLIK' || error.code === 'AKSES_DITAHAN') {
        return show(reply.refusalStatus(error), refusedBody(csrfToken, error.message, { values }));
      }
      throw error;
    };

    app.post(
      STATEMENT_PATH,
      {
        config: PERMISSION,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Mencatat permohonan dan menampilkan riwayat akses penduduk (formulir, CSRF)',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const csrfToken = reply.generateCsrf();
        const show = (status: number, body: Html) =>
          sendPage(reply, status, page({ title: TITLE, user, csrfToken, body }));
        const read = readRequest(request);
        if (!read.ok) {
          return show(422, requestForm(csrfToken, { values: read.values, errors: read.errors }));
        }
        try {
          const issued = await residentAccessStatement(deps, user, read.request);
          return show(
            200,
            statementBody(csrfToken, issued.statement, read.request, issued.warning),
          );
        } catch (error) {
          return refused(reply, show, csrfToken, error, { ...read.request });
        }
      },
    );

    app.post(
      STATEMENT_FILE_PATH,
      {
        config: PERMISSION,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary:
            'Mengunduh riwayat akses penduduk sebagai PDF atau JSON (dicatat sebagai cetakan)',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const csrfToken = reply.generateCsrf();
        const show = (status: number, body: Html) =>
          sendPage(reply, status, page({ title: TITLE, user, csrfToken, body }));
        const read = readRequest(request);
        if (!read.ok) {
          return show(422, requestForm(csrfToken, { values: read.values, errors: read.errors }));
        }
        const format = read.format === 'json' ? 'JSON' : 'PDF';
        try {
          const file = await statementFile(deps, user, read.request, format);
          return downloadHeaders(reply, { filename: file.fileName, type: file.contentType }).send(
            file.body,
          );
        } catch (error) {
          return refused(reply, show, csrfToken, error, { ...read.request });
        }
      },
    );
  };
