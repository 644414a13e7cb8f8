import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Refusal } from '../../domain/refusals.js';
import type { Deps } from '../../services/deps.js';
import {
  dgReportDownload,
  dgSemesterOverview,
  lastEndedSemester,
  produceDgReport,
  sendDgReport,
  type DgReportSettings,
} from '../../services/dg-report/dg-reports.js';
import { downloadHeaders } from '../kit/download.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { DG_DONE_MESSAGES, DG_PATH, dgOverviewBody } from './dg-views.js';
import type { FormState } from '../kit/form-fields.js';

const PRODUCE = { permission: 'dgReport.produce' } as const;
const ProduceForm = Type.Object({
  semester: Type.Optional(Type.String({ maxLength: 10 })),
  nomorSurat: Type.Optional(Type.String({ maxLength: 200 })),
});

interface IdParams {
  id: string;
}

const FILE_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * The semester overview and the report to the Directorate General (issue 10 items 4, 5):
 * /dukcapil/laporan-dirjen?semester=… shows the aggregate now and the reports produced;
 * producing stores the PDF and XLSX; "Kirim" queues it for the mail outbox and runs it once.
 */
export const dgReportRoutes =
  (deps: Deps, settings: DgReportSettings): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    async function show(
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      semester: string,
      extra: { refusal?: string; posted?: FormState } = {},
    ) {
      const user = portalUserOf(request);
      const view = await dgSemesterOverview(deps, user, semester, settings);
      const hasil = (request.query as { hasil?: string } | undefined)?.hasil;
      const csrfToken = reply.generateCsrf();
      const body = dgOverviewBody({
        view,
        csrfToken,
        message: hasil ? DG_DONE_MESSAGES[hasil] : undefined,
        ...extra,
      });
      reply.header('cache-control', 'no-store');
      return sendPage(reply, status, page({ title: 'Laporan ke Dirjen', user, csrfToken, body }));
    }

    app.get<{ Querystring: { semester?: string } }>(
      DG_PATH,
      {
        config: PRODUCE,
        schema: {
          tags: ['Portal'],
          summary: 'Rekap semester untuk laporan kepada Direktur Jenderal',
          querystring: {
            type: 'object',
            properties: { semester: { type: 'string', maxLength: 10 } },
          },
        },
      },
      async (request, reply) =>
        show(
          request,
          reply,
          200,
          request.query.semester?.trim() || lastEndedSemester(deps.clock()),
        ),
    );

    app.post(
      DG_PATH,
      {
        config: PRODUCE,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal'],
          summary: 'Menyusun laporan kepada Direktur Jenderal (PDF, XLSX)',
        },
      },
      async (request, reply) => {
        const posted = readForm(request, ProduceForm);
        const semester = posted.values.semester ?? '';
        try {
          const produced = await produceDgReport(
            deps,
            portalUserOf(request),
            { semester, letterNumber: posted.values.nomorSurat ?? '' },
            settings.format,
          );
          return reply.redirect(`${DG_PATH}?semester=${produced.semester}&hasil=disusun`, 303);
        } catch (error) {
          if (!(error instanceof Refusal) || error.code !== 'PERMINTAAN_TIDAK_VALID') throw error;
          const errors = error.detail?.fields ?? [{ field: '', message: error.message }];
          return show(
            request,
            reply,
            reply.refusalStatus(error),
            semester || lastEndedSemester(deps.clock()),
            {
              posted: { errors, values: posted.values },
            },
          );
        }
      },
    );

    app.post<{ Params: IdParams }>(
      `${DG_PATH}/:id/kirim`,
      {
        config: PRODUCE,
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Mengirim laporan kepada subdit MED melalui surel' },
      },
      async (request, reply) => {
        const id = Number(request.params.id);
        const sent = await sendDgReport(deps, portalUserOf(request), id, settings);
        return reply.redirect(`${DG_PATH}?semester=${sent.semester}&hasil=${sent.state}`, 303);
      },
    );

    for (const kind of ['pdf', 'xlsx'] as const) {
      app.get<{ Params: IdParams }>(
        `${DG_PATH}/:id/${kind}`,
        {
          config: PRODUCE,
          schema: { tags: ['Portal'], summary: `Unduh laporan kepada Direktur Jenderal (${kind})` },
        },
        async (request, reply) => {
          const file = await dgReportDownload(
            deps,
            portalUserOf(request),
            Number(request.params.id),
            kind,
          );
          reply.header('cache-control', 'no-store');
          return downloadHeaders(reply, { filename: file.fileName, type: FILE_TYPES[kind] }).send(
            file.content,
          );
        },
      );
    }
  };
