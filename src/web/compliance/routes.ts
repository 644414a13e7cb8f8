import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { can } from '../../domain/permissions.js';
import { Refusal } from '../../domain/refusals.js';
import { wibDay } from '../../domain/time.js';
import {
  agencyCompliance,
  allAgenciesCompliance,
  findAgencyByCodeForCompliance,
  OUTSTANDING_PAGE_SIZE,
  outstandingNiks,
  parseOutstandingFilter,
  resolvePeriod,
  type AgencyCompliance,
} from '../../services/compliance/compliance.js';
import { renderStackedBarChart } from '../../services/compliance/chart.js';
import type { Deps } from '../../services/deps.js';
import { exportForm } from '../data-balikan/export-views.js';
import { sendPage } from '../kit/guards.js';
import { html, type Html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  complianceDetailBody,
  complianceOverviewBody,
  type ComplianceDetailView,
} from './views.js';

const PageQuery = Type.Object({
  from: Type.Optional(
    Type.String({ maxLength: 20, description: 'Bulan awal akses pertama (YYYY-MM)' }),
  ),
  to: Type.Optional(
    Type.String({ maxLength: 20, description: 'Bulan akhir akses pertama (YYYY-MM)' }),
  ),
  status: Type.Optional(
    Type.String({ maxLength: 20, description: 'semua | menunggu | terlambat' }),
  ),
  page: Type.Optional(Type.String({ maxLength: 10, description: 'Halaman daftar NIK (mulai 1)' })),
});
type PageQuery = Static<typeof PageQuery>;

/** A compliance page in the portal's frame, for the signed-in user. */
function show(request: FastifyRequest, reply: FastifyReply, title: string, body: Html) {
  const user = portalUserOf(request);
  return sendPage(reply, 200, page({ title, user, csrfToken: reply.generateCsrf(), body }));
}

async function charts(detail: AgencyCompliance): Promise<ComplianceDetailView['charts']> {
  if (detail.totals.accessed === 0) return { byMonth: null, byOperator: null };
  const [byMonth, byOperator] = await Promise.all([
    renderStackedBarChart({
      title: 'NIK diakses per bulan akses pertama',
      categoryTitle: 'Bulan akses pertama (WIB)',
      orientation: 'vertical',
      bars: detail.byMonth.map((m) => ({ label: m.month, figures: m.figures })),
    }),
    renderStackedBarChart({
      title: 'NIK diakses per operator',
      categoryTitle: 'Operator (user ID)',
      orientation: 'horizontal',
      bars: detail.byOperator.map((o) => ({
        label: o.userId ?? '(tidak tercatat)',
        figures: o.figures,
      })),
    }),
  ]);
  return { byMonth, byOperator };
}

/**
 * Return-data compliance for the agency (its own figures) and for Dukcapil (every agency);
 * Dukcapil's admin finds the export of the return data received (web/data-balikan) here.
 */
export const complianceRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    async function detailView(
      agencyId: number,
      basePath: string,
      asked: PageQuery,
    ): Promise<Omit<ComplianceDetailView, 'title' | 'actions' | 'footer'>> {
      const period = resolvePeriod(deps.clock(), asked);
      const filter = parseOutstandingFilter(asked.status);
      // The service holds the page within the list once it knows the list's length.
      const { page } = readPage(asked, { param: 'page', size: OUTSTANDING_PAGE_SIZE });
      const [detail, list] = await Promise.all([
        agencyCompliance(deps, agencyId, period),
        outstandingNiks(deps, agencyId, { period, filter, page }),
      ]);
      return { basePath, detail, list, charts: await charts(detail) };
    }

    app.get<{ Querystring: PageQuery }>(
      '/kepatuhan',
      {
        config: { permission: 'compliance.viewOwn' },
        schema: {
          tags: ['Portal'],
          summary: 'Kepatuhan data balikan instansi sendiri: angka, grafik, daftar NIK tertunda',
          querystring: PageQuery,
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        // Agency staff alone have compliance.viewOwn.
        if (user.agencyId === null) throw new Refusal('TIDAK_BERWENANG');
        const view = await detailView(user.agencyId, '/kepatuhan', request.query);
        const body = complianceDetailBody({
          ...view,
          title: 'Kepatuhan Data Balikan',
          actions: html`<p>
            <a class="button" href="/data-balikan">Kirim data balikan</a>
          </p>`,
        });
        return show(request, reply, 'Kepatuhan', body);
      },
    );

    app.get<{ Querystring: PageQuery }>(
      '/dukcapil/kepatuhan',
      {
        config: { permission: 'compliance.viewAll' },
        schema: {
          tags: ['Portal'],
          summary: 'Kepatuhan data balikan seluruh instansi (Dukcapil)',
          querystring: PageQuery,
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const period = resolvePeriod(deps.clock(), request.query);
        const agencies = await allAgenciesCompliance(deps, period);
        const body = complianceOverviewBody({
          period,
          agencies,
          today: wibDay(deps.clock()),
          exportForm: can(user.role, 'dataBalikan.export')
            ? exportForm({ agencies: agencies.map((a) => a.agency) })
            : undefined,
        });
        return show(request, reply, 'Kepatuhan data balikan', body);
      },
    );

    app.get<{ Params: { agencyCode: string }; Querystring: PageQuery }>(
      '/dukcapil/kepatuhan/:agencyCode',
      {
        config: { permission: 'compliance.viewAll' },
        schema: {
          tags: ['Portal'],
          summary: 'Kepatuhan data balikan satu instansi (Dukcapil)',
          querystring: PageQuery,
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const agency = await findAgencyByCodeForCompliance(
          deps,
          request.params.agencyCode.toUpperCase(),
        );
        if (!agency) return reply.callNotFound();
        const basePath = `/dukcapil/kepatuhan/${encodeURIComponent(agency.code)}`;
        const view = await detailView(agency.id, basePath, request.query);
        const body = complianceDetailBody({
          ...view,
          title: `Kepatuhan Data Balikan ${agency.code}`,
          actions: html`<p><a href="/dukcapil/kepatuhan">« Semua instansi</a></p>`,
          footer: can(user.role, 'dataBalikan.export')
            ? exportForm({ agencies: [agency], selected: agency.code })
            : undefined,
        });
        return show(request, reply, `Kepatuhan ${agency.code}`, body);
      },
    );
  };
