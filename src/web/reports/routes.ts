import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import { Refusal, type RefusalCode } from '../../domain/refusals.js';
import type { Deps } from '../../services/deps.js';
import { warningLetterFile } from '../../services/evaluation/warning-letter.js';
import { draftReport, dropDraft } from '../../services/reports/drafting.js';
import { attachScan, reportFile } from '../../services/reports/files.js';
import { agencyReports, reportsDue } from '../../services/reports/lists.js';
import { saveNarrative } from '../../services/reports/narrative.js';
import { submitReport } from '../../services/reports/submission.js';
import { reportView } from '../../services/reports/view.js';
import { Confirmation } from '../kit/confirm-box.js';
import { downloadHeaders } from '../kit/download.js';
import type { FieldError } from '../kit/form-fields.js';
import { acceptForms, readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { REPORTS_BASE, reportBody, reportListBody, reportPath } from './views.js';

/*
 * The agency head's usage reports (issue 10 item 5): /instansi/laporan lists them with the
 * form that drafts one; /instansi/laporan/:id previews a report, takes its narrative, submits
 * it, takes the signed scan and opens a correction; the PDF, XLSX and scan download, and so
 * do the warning letters Dukcapil sent the agency after an evaluation. Every route needs
 * report.manageOwn; the use cases keep the head to their own agency.
 */

const TITLE = 'Laporan penggunaan';

const DraftForm = Type.Object({
  pks: Type.Integer({ minimum: 1 }),
  jenis: Type.String({ maxLength: 20 }),
  semester: Type.Optional(Type.String({ maxLength: 7 })),
  dari: Type.Optional(Type.String({ maxLength: 10 })),
  sampai: Type.Optional(Type.String({ maxLength: 10 })),
  koreksi: Type.Optional(Type.Literal('ya')),
  alasanKoreksi: Type.Optional(Type.String({ maxLength: 1000 })),
});
const NarrativeForm = Type.Object({
  nomorSurat: Type.Optional(Type.String({ maxLength: 100 })),
  kendala: Type.Optional(Type.String({ maxLength: 4000 })),
  tindakLanjut: Type.Optional(Type.String({ maxLength: 4000 })),
  perubahanPejabat: Type.Optional(Type.String({ maxLength: 4000 })),
  alasanKoreksi: Type.Optional(Type.String({ maxLength: 1000 })),
});
const SubmitForm = Type.Object({ konfirmasi: Confirmation });
const EmptyForm = Type.Object({});

const LABELS: Readonly<Record<string, string>> = {
  pks: 'PKS',
  jenis: 'Jenis laporan',
  semester: 'Semester',
  dari: 'Dari tanggal',
  sampai: 'Sampai tanggal',
  nomorSurat: 'Nomor surat',
  kendala: 'Kendala',
  tindakLanjut: 'Rencana tindak lanjut',
  perubahanPejabat: 'Perubahan pejabat',
  alasanKoreksi: 'Alasan koreksi',
};

/** The refusals these pages show in place, with the status the one table gives them. */
const SHOWN: ReadonlySet<RefusalCode> = new Set<RefusalCode>([
  'PERIODE_LAPORAN_TIDAK_SAH',
  'SEMESTER_BELUM_BERAKHIR',
  'LAPORAN_SUDAH_DIKIRIM',
  'PERMINTAAN_TIDAK_VALID',
  'BERKAS_TERLALU_BESAR',
  'DITOLAK',
  'KONFLIK',
]);

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[0-9]{1,9}$' } },
  required: ['id'],
} as const;

const resultQuery = {
  type: 'object',
  properties: { hasil: { type: 'string', maxLength: 20 } },
} as const;

const NO_STORE = 'no-store';

export const reportRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const formHooks = await acceptForms(app, {
      maxFileBytes: DOCUMENT_MAX_BYTES + 1,
      maxFiles: 1,
      maxFields: 12,
    });
    const permission = 'report.manageOwn' as const;
    const idOf = (request: FastifyRequest) => Number((request.params as { id: string }).id);

    async function showList(
      request: FastifyRequest,
      reply: FastifyReply,
      options: {
        status?: number;
        errors?: readonly FieldError[];
        values?: Record<string, string>;
        problem?: string;
      } = {},
    ) {
      const user = portalUserOf(request);
      const [view, due] = await Promise.all([agencyReports(deps, user), reportsDue(deps, user)]);
      const csrfToken = reply.generateCsrf();
      const body = reportListBody({
        csrfToken,
        view,
        due,
        ...(options.errors
          ? { state: { values: options.values ?? {}, errors: options.errors } }
          : {}),
        ...(options.problem ? { problem: options.problem } : {}),
      });
      reply.header('cache-control', NO_STORE);
      return sendPage(reply, options.status ?? 200, page({ title: TITLE, user, csrfToken, body }));
    }

    async function showReport(
      request: FastifyRequest,
      reply: FastifyReply,
      options: {
        status?: number;
        errors?: readonly FieldError[];
        values?: Record<string, string>;
        problem?: string;
        result?: string | undefined;
      } = {},
    ) {
      const user = portalUserOf(request);
      const view = await reportView(deps, user, idOf(request));
      const csrfToken = reply.generateCsrf();
      const body = reportBody({
        csrfToken,
        view,
        result: options.result,
        ...(options.errors
          ? { state: { values: options.values ?? {}, errors: options.errors } }
          : {}),
        ...(options.problem ? { problem: options.problem } : {}),
      });
      reply.header('cache-control', NO_STORE);
      return sendPage(reply, options.status ?? 200, page({ title: TITLE, user, csrfToken, body }));
    }

    /** A refusal the page shows in place, or undefined to let the error page show it. */
    const shown = (reply: FastifyReply, error: unknown) =>
      error instanceof Refusal && SHOWN.has(error.code)
        ? { message: error.message, status: reply.refusalStatus(error) }
        : undefined;

    app.get(
      REPORTS_BASE,
      {
        config: { permission },
        schema: { tags: ['Portal'], summary: 'Laporan penggunaan instansi' },
      },
      (request, reply) => showList(request, reply),
    );

    app.post(
      REPORTS_BASE,
      {
        config: { permission },
        preValidation: formHooks,
        schema: { tags: ['Portal'], summary: 'Susun draf laporan atau buka koreksi (CSRF)' },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const posted = readForm(request, DraftForm, { labels: LABELS });
        if (!posted.ok) {
          return showList(request, reply, {
            status: posted.status,
            errors: posted.errors,
            values: posted.values,
          });
        }
        const v = posted.value;
        try {
          const id = await draftReport(deps, user, {
            agreementId: v.pks,
            kind: v.jenis,
            semester: v.semester,
            from: v.dari,
            to: v.sampai,
            correction: v.koreksi === 'ya',
            correctionReason: v.alasanKoreksi,
          });
          return reply.redirect(reportPath(id), 303);
        } catch (error) {
          const refusal = shown(reply, error);
          if (!refusal) throw error;
          return showList(request, reply, {
            status: refusal.status,
            problem: refusal.message,
            errors: [{ field: '', message: refusal.message }],
            values: posted.values,
          });
        }
      },
    );

    app.get(
      `${REPORTS_BASE}/:id`,
      {
        config: { permission },
        schema: {
          tags: ['Portal'],
          summary: 'Pratinjau dan rincian laporan',
          params: idParams,
          querystring: resultQuery,
        },
      },
      (request, reply) =>
        showReport(request, reply, { result: (request.query as { hasil?: string }).hasil }),
    );

    /** A POST on one report: run, then back to its page with a result, or the page with the problem. */
    function action<S extends Parameters<typeof readForm>[1]>(
      path: string,
      summary: string,
      schema: S,
      result: string,
      run: (
        request: FastifyRequest,
        value: ReturnType<typeof readForm<S>> & { ok: true },
      ) => Promise<unknown>,
      redirectTo: (request: FastifyRequest) => string = (request) => reportPath(idOf(request)),
    ) {
      app.post(
        `${REPORTS_BASE}/:id/${path}`,
        {
          config: { permission },
          preValidation: formHooks,
          schema: { tags: ['Portal'], summary, params: idParams },
        },
        async (request, reply) => {
          const posted = readForm(request, schema, {
            labels: LABELS,
            ...(path === 'pindaian'
              ? { files: { berkas: { label: 'Pindaian', required: true } } }
              : {}),
          });
          if (!posted.ok) {
            return showReport(request, reply, {
              status: posted.status,
              errors: posted.errors,
              values: posted.values,
            });
          }
          try {
            await run(request, posted);
          } catch (error) {
            const refusal = shown(reply, error);
            if (!refusal) throw error;
            return showReport(request, reply, {
              status: refusal.status,
              problem: refusal.message,
              errors: [{ field: '', message: refusal.message }],
              values: posted.values,
            });
          }
          return reply.redirect(`${redirectTo(request)}?hasil=${result}`, 303);
        },
      );
    }

    action('narasi', 'Simpan narasi laporan (CSRF)', NarrativeForm, 'narasi', (request, posted) =>
      saveNarrative(deps, portalUserOf(request), idOf(request), {
        letterNumber: posted.value.nomorSurat,
        obstacles: posted.value.kendala,
        followUp: posted.value.tindakLanjut,
        officialsChanges: posted.value.perubahanPejabat,
        correctionReason: posted.value.alasanKoreksi,
      }),
    );
    action('kirim', 'Kirim laporan (CSRF, konfirmasi)', SubmitForm, 'kirim', (request) =>
      submitReport(deps, portalUserOf(request), idOf(request)),
    );
    action(
      'pindaian',
      'Lampirkan pindaian bertanda tangan (multipart, CSRF)',
      EmptyForm,
      'pindaian',
      (request, posted) => {
        const file = posted.files.find((f) => f.field === 'berkas');
        return attachScan(
          deps,
          portalUserOf(request),
          idOf(request),
          file ? { fileName: file.fileName, bytes: file.content } : undefined,
        );
      },
    );
    action(
      'batal',
      'Batalkan draf laporan (CSRF)',
      EmptyForm,
      'batal',
      (request) => dropDraft(deps, portalUserOf(request), idOf(request)),
      () => REPORTS_BASE,
    );

    app.get(
      `${REPORTS_BASE}/surat-teguran/:id`,
      {
        config: { permission },
        schema: {
          tags: ['Portal'],
          summary: 'Unduh surat teguran Dinas Dukcapil kepada instansi (PDF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const file = await warningLetterFile(deps, portalUserOf(request), idOf(request));
        reply.header('cache-control', NO_STORE);
        return downloadHeaders(reply, { filename: file.fileName, type: 'application/pdf' }).send(
          file.content,
        );
      },
    );

    for (const [path, which] of [
      ['laporan.pdf', 'pdf'],
      ['laporan.xlsx', 'xlsx'],
      ['pindaian', 'pindaian'],
    ] as const) {
      app.get(
        `${REPORTS_BASE}/:id/${path}`,
        {
          config: { permission },
          schema: { tags: ['Portal'], summary: `Unduh ${path} laporan`, params: idParams },
        },
        async (request, reply) => {
          const file = await reportFile(deps, portalUserOf(request), idOf(request), which);
          reply.header('cache-control', NO_STORE);
          return downloadHeaders(reply, { filename: file.fileName, type: file.contentType }).send(
            file.content,
          );
        },
      );
    }
  };
