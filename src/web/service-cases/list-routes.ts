import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { Refusal } from '../../domain/refusals.js';
import { isCaseState } from '../../domain/service-case.js';
import type { PortalUser } from '../../services/account/portal-session.js';
import type { Deps } from '../../services/deps.js';
import { openCase } from '../../services/service-cases/cases.js';
import { offeredKinds } from '../../services/service-cases/kinds.js';
import {
  agencyCases,
  caseCountsByOfficer,
  openCaseQueue,
  returnOwedCases,
} from '../../services/service-cases/queries.js';
import type { FormState } from '../kit/form-fields.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { pageInfo, readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { CASES_PATH, casePath } from './case-views.js';
import { HEAD_PATH, headBody, OWED_PATH, owedBody, queueBody } from './list-views.js';

const HANDLE = { permission: 'serviceCase.handle' } as const;
const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** The new case's form; the use case checks each field and names what is wrong. */
const OpenForm = Type.Object({
  nomorPermohonan: text(200),
  jenis: text(60),
  nik: text(100),
});

/**
 * The counter's lists (issue 12 item 1): the queue with the form that opens a case
 * (/layanan), the cases whose return data is owed (/layanan/data-balikan-tertunda), and the
 * head's view per state and officer (/instansi/layanan). Agency staff see their own agency's
 * cases only; Dukcapil roles have neither permission.
 */
export const serviceCaseListRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    async function showQueue(
      reply: FastifyReply,
      user: PortalUser,
      query: unknown,
      status = 200,
      state?: FormState,
    ) {
      const asked = readPage(query);
      const mine = (query as { saya?: unknown } | undefined)?.saya === '1';
      const [queue, kinds] = await Promise.all([
        openCaseQueue(deps, user, { limit: asked.size, offset: asked.offset }, { mine }),
        offeredKinds(deps, user),
      ]);
      const csrfToken = reply.generateCsrf();
      const body = queueBody({
        csrfToken,
        kinds,
        queue: queue.rows,
        list: pageInfo(asked, queue.total),
        mine,
        state,
      });
      return sendPage(reply, status, page({ title: 'Layanan Loket', user, csrfToken, body }));
    }

    app.get(
      CASES_PATH,
      {
        config: HANDLE,
        schema: {
          tags: ['Portal'],
          summary: 'Antrean layanan loket instansi',
          querystring: Type.Object({ saya: text(10), halaman: text(10) }),
        },
      },
      async (request, reply) => showQueue(reply, portalUserOf(request), request.query),
    );

    app.post(
      CASES_PATH,
      {
        config: HANDLE,
        preValidation: csrfCheck,
        schema: { tags: ['Portal'], summary: 'Membuka layanan loket (formulir, CSRF)' },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const posted = readForm(request, OpenForm, {
          labels: { nomorPermohonan: 'Nomor permohonan', jenis: 'Jenis layanan', nik: 'NIK' },
        });
        if (!posted.ok) {
          return showQueue(reply, user, {}, posted.status, posted);
        }
        try {
          const opened = await openCase(deps, user, {
            applicationNumber: posted.value.nomorPermohonan ?? '',
            kindCode: posted.value.jenis ?? '',
            nik: posted.value.nik ?? '',
          });
          return reply.redirect(`${casePath(opened.id)}?hasil=dibuka`, 303);
        } catch (error) {
          if (!(error instanceof Refusal) || error.code !== 'PERMINTAAN_TIDAK_VALID') throw error;
          const errors = error.detail?.fields ?? [{ field: '', message: error.message }];
          return showQueue(reply, user, {}, 400, { values: posted.values, errors });
        }
      },
    );

    app.get(
      OWED_PATH,
      {
        config: HANDLE,
        schema: { tags: ['Portal'], summary: 'Layanan yang data balikannya belum dikirim' },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const asked = readPage(request.query);
        const owed = await returnOwedCases(deps, user, { limit: asked.size, offset: asked.offset });
        const body = owedBody({ rows: owed.rows, list: pageInfo(asked, owed.total) });
        const csrfToken = reply.generateCsrf();
        return sendPage(reply, 200, page({ title: 'Data balikan layanan', user, csrfToken, body }));
      },
    );

    app.get(
      HEAD_PATH,
      {
        config: { permission: 'serviceCase.supervise' },
        schema: {
          tags: ['Portal'],
          summary: 'Rekap layanan loket per status dan per petugas (Kepala Instansi)',
          querystring: Type.Object({
            status: text(40),
            petugas: text(12),
            halaman: text(10),
          }),
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const query = request.query as { status?: string; petugas?: string };
        const state = query.status && isCaseState(query.status) ? query.status : undefined;
        const officerId = /^\d{1,9}$/.test(query.petugas ?? '') ? Number(query.petugas) : undefined;
        const asked = readPage(request.query);
        const [counts, cases] = await Promise.all([
          caseCountsByOfficer(deps, user),
          agencyCases(
            deps,
            user,
            { state, officerId },
            { limit: asked.size, offset: asked.offset },
          ),
        ]);
        const body = headBody({
          counts: counts.officers,
          totals: counts.totals,
          rows: cases.rows,
          list: pageInfo(asked, cases.total),
          query: request.query,
          filter: { state, officerId },
        });
        const csrfToken = reply.generateCsrf();
        return sendPage(reply, 200, page({ title: 'Rekap Layanan Loket', user, csrfToken, body }));
      },
    );
  };
