import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAlertState, PATTERN_KINDS, type AlertKind } from '../../domain/pattern-alert.js';
import { can } from '../../domain/permissions.js';
import { Refusal } from '../../domain/refusals.js';
import type { Deps } from '../../services/deps.js';
import {
  countOpenAlerts,
  getAlert,
  keepHold,
  listAlerts,
  releaseHeldUser,
  reviewAlert,
} from '../../services/oversight/alerts.js';
import { agencyOptions } from '../../services/users/user-directory.js';
import { Confirmation } from '../kit/confirm-box.js';
import { readForm, type FormResult } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { pageInfo, readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  ALERTS,
  alertDetailBody,
  alertListBody,
  alertPath,
  FORM_IDS,
  type AlertFormId,
  type SentBack,
} from './alert-views.js';

type IdParams = { id: string };
type ListQuery = { status?: string; instansi?: string; jenis?: string; halaman?: string };

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 12 } },
  required: ['id'],
} as const;

const listQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', maxLength: 20 },
    instansi: { type: 'string', maxLength: 12 },
    jenis: { type: 'string', maxLength: 20 },
    halaman: { type: 'string', maxLength: 10 },
  },
} as const;

const outcomeQuery = {
  type: 'object',
  properties: { hasil: { type: 'string', maxLength: 40 } },
} as const;

const PAGE_SIZE = 25;

/** The alert's number from the path; anything but a number is a page that does not exist. */
function idOf(params: IdParams): number {
  if (!/^\d{1,12}$/.test(params.id)) throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
  return Number(params.id);
}

const ReviewForm = Type.Object({
  to: Type.String({ maxLength: 20 }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});
const HoldForm = Type.Object({
  alasan: Type.String({ maxLength: 500 }),
  konfirmasi: Confirmation,
});
const FORM_OPTIONS = { labels: { to: 'Status', note: 'Catatan', alasan: 'Alasan' } };

/**
 * Dukcapil's console of the input-pattern alerts (issue 9 §2): `/dukcapil/peringatan` (list,
 * filters by state, agency and kind, pager, the open count) and `/dukcapil/peringatan/:id`
 * (the alert with its masked evidence). Admins and evaluators read them (alert.viewAll);
 * admins review them and decide on the user an alert held (alert.review).
 */
export const alertRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);

    app.get<{ Querystring: ListQuery }>(
      ALERTS,
      {
        config: { permission: 'alert.viewAll' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Daftar peringatan pola input NIK (filter status, instansi, jenis; halaman)',
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const query = request.query;
        const state = query.status && isAlertState(query.status) ? query.status : undefined;
        const kind = (PATTERN_KINDS as readonly string[]).includes(query.jenis ?? '')
          ? (query.jenis as AlertKind)
          : undefined;
        const agencyId = /^\d{1,9}$/.test(query.instansi ?? '')
          ? Number(query.instansi)
          : undefined;
        const asked = readPage(query, { size: PAGE_SIZE });
        const filter = { state, agencyId, kind };
        let found = await listAlerts(deps, user, filter, {
          limit: asked.size,
          offset: asked.offset,
        });
        let list = pageInfo(asked, found.total);
        // A page past the last shows the last.
        if (list.page !== asked.page) {
          found = await listAlerts(deps, user, filter, { limit: list.size, offset: list.offset });
          list = pageInfo(list, found.total);
        }
        const [counts, agencies] = await Promise.all([countOpenAlerts(deps), agencyOptions(deps)]);
        const body = alertListBody({
          rows: found.rows,
          list,
          counts,
          agencies,
          filter: {
            status: state ?? '',
            instansi: agencyId === undefined ? '' : String(agencyId),
            jenis: kind ?? '',
          },
        });
        const csrfToken = reply.generateCsrf();
        return sendPage(reply, 200, page({ title: 'Peringatan pola', user, csrfToken, body }));
      },
    );

    async function showAlert(
      request: FastifyRequest,
      reply: FastifyReply,
      id: number,
      status: number,
      extra: { outcomeKey?: string | undefined; sentBack?: SentBack } = {},
    ) {
      const user = portalUserOf(request);
      const detail = await getAlert(deps, user, id);
      const csrfToken = reply.generateCsrf();
      const body = alertDetailBody({
        detail,
        csrfToken,
        canReview: can(user.role, 'alert.review'),
        ...extra,
      });
      return sendPage(
        reply,
        status,
        page({ title: `Peringatan #${detail.id}`, user, csrfToken, body }),
      );
    }

    app.get<{ Params: IdParams; Querystring: { hasil?: string } }>(
      `${ALERTS}/:id`,
      {
        config: { permission: 'alert.viewAll' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Rincian peringatan pola input dengan bukti (NIK disamarkan)',
          params: idParams,
          querystring: outcomeQuery,
        },
      },
      async (request, reply) =>
        showAlert(request, reply, idOf(request.params), 200, { outcomeKey: request.query.hasil }),
    );

    /**
     * Runs an action of the alert's page: its form read, then its use case; refused for its
     * fields or the state of the alert or user, the page comes back with the problem atop.
     */
    async function act<T extends Record<string, unknown>>(
      request: FastifyRequest<{ Params: IdParams }>,
      reply: FastifyReply,
      formId: AlertFormId,
      form: FormResult<T>,
      run: (id: number, value: T) => Promise<string>,
    ) {
      const id = idOf(request.params);
      if (!form.ok) {
        return showAlert(request, reply, id, form.status, {
          sentBack: { formId, state: form },
        });
      }
      let outcome: string;
      try {
        outcome = await run(id, form.value);
      } catch (error) {
        if (
          !(error instanceof Refusal) ||
          !['PERMINTAAN_TIDAK_VALID', 'STATUS_TIDAK_SESUAI', 'KONFLIK'].includes(error.code)
        ) {
          throw error;
        }
        const errors = error.detail?.fields?.map((f) =>
          f.field === 'reason' ? { ...f, field: 'alasan' } : f,
        ) ?? [{ field: '', message: error.message }];
        const status = error.code === 'PERMINTAAN_TIDAK_VALID' ? 400 : 409;
        return showAlert(request, reply, id, status, {
          sentBack: { formId, state: { values: form.values, errors } },
        });
      }
      return reply.redirect(`${alertPath(id)}?hasil=${outcome}`, 303);
    }

    const reviewConfig = { permission: 'alert.review' } as const;

    app.post<{ Params: IdParams }>(
      `${ALERTS}/:id/tinjau`,
      {
        preValidation: csrfCheck,
        config: reviewConfig,
        schema: {
          tags: ['Portal Dukcapil'],
          summary:
            'Meninjau peringatan: Baru → Sedang ditinjau → Selesai (catatan wajib untuk Selesai; CSRF)',
          params: idParams,
        },
      },
      async (request, reply) =>
        act(
          request,
          reply,
          FORM_IDS.review,
          readForm(request, ReviewForm, FORM_OPTIONS),
          async (id, value) => {
            const done = await reviewAlert(deps, portalUserOf(request), {
              id,
              to: value.to,
              note: value.note ?? '',
            });
            return done.state === 'SELESAI' ? 'selesai' : 'ditinjau';
          },
        ),
    );

    app.post<{ Params: IdParams }>(
      `${ALERTS}/:id/lepas`,
      {
        preValidation: csrfCheck,
        config: reviewConfig,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Melepaskan tahanan pengguna dari peringatan (alasan wajib, konfirmasi, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) =>
        act(
          request,
          reply,
          FORM_IDS.release,
          readForm(request, HoldForm, FORM_OPTIONS),
          async (id, value) => {
            await releaseHeldUser(deps, portalUserOf(request), { id, reason: value.alasan });
            return 'dilepas';
          },
        ),
    );

    app.post<{ Params: IdParams }>(
      `${ALERTS}/:id/pertahankan`,
      {
        preValidation: csrfCheck,
        config: reviewConfig,
        schema: {
          tags: ['Portal Dukcapil'],
          summary:
            'Mempertahankan tahanan pengguna dari peringatan (alasan wajib, konfirmasi, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) =>
        act(
          request,
          reply,
          FORM_IDS.keep,
          readForm(request, HoldForm, FORM_OPTIONS),
          async (id, value) => {
            await keepHold(deps, portalUserOf(request), { id, reason: value.alasan });
            return 'dipertahankan';
          },
        ),
    );
  };
