import type { FastifyPluginAsync } from 'fastify';
import { wibDay } from '../../domain/time.js';
import {
  agencyCompliance,
  allAgenciesCompliance,
  findAgencyByCodeForCompliance,
  outstandingNiks,
  parseOutstandingFilter,
  resolvePeriod,
  type AgencyCompliance,
} from '../../services/compliance/compliance.js';
import { renderStackedBarChart } from '../../services/compliance/chart.js';
import { exportDataBalikan } from '../../services/data-balikan/export.js';
import type { Deps } from '../../services/deps.js';
import {
  complianceDetailBody,
  complianceOverviewBody,
  exportForm,
  type ComplianceDetailView,
} from './views.js';
import { downloadHeaders } from '../kit/download.js';
import { portalGuards, sendPage } from '../kit/guards.js';
import { html } from '../kit/html.js';
import { page } from '../kit/layout.js';

interface PageQuery {
  from?: string;
  to?: string;
  status?: string;
  page?: string;
}

interface ExportQuery {
  format?: string;
  agency?: string;
  from?: string;
  to?: string;
  history?: string;
}

const pageQuery = {
  type: 'object',
  properties: {
    from: { type: 'string', maxLength: 20, description: 'Bulan awal akses pertama (YYYY-MM)' },
    to: { type: 'string', maxLength: 20, description: 'Bulan akhir akses pertama (YYYY-MM)' },
    status: { type: 'string', maxLength: 20, description: 'semua | menunggu | terlambat' },
    page: { type: 'string', maxLength: 10, description: 'Halaman daftar NIK (mulai 1)' },
  },
} as const;

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
 * Return-data compliance for the agency (its own figures) and for Dukcapil (every agency),
 * and Dukcapil's export of the return data received.
 */
export const complianceRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const { requireRoles } = portalGuards(deps);

    async function detailView(
      agencyId: number,
      basePath: string,
      asked: PageQuery,
    ): Promise<Omit<ComplianceDetailView, 'title' | 'actions' | 'footer'>> {
      const period = resolvePeriod(deps.clock(), asked);
      const filter = parseOutstandingFilter(asked.status);
      const [detail, list] = await Promise.all([
        agencyCompliance(deps, agencyId, period),
        outstandingNiks(deps, agencyId, { period, filter, page: Number(asked.page ?? 1) }),
      ]);
      return { basePath, detail, list, charts: await charts(detail) };
    }

    app.get<{ Querystring: PageQuery }>(
      '/kepatuhan',
      {
        preHandler: requireRoles('OPERATOR', 'KEPALA_INSTANSI'),
        schema: {
          tags: ['Portal'],
          summary: 'Kepatuhan data balikan instansi sendiri: angka, grafik, daftar NIK tertunda',
          querystring: pageQuery,
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const view = await detailView(user.agencyId!, '/kepatuhan', request.query);
        const body = complianceDetailBody({
          ...view,
          title: 'Kepatuhan Data Balikan',
          actions: html`<p>
            <a class="button" href="/data-balikan">Kirim data balikan</a>
          </p>`,
        });
        const csrfToken = reply.generateCsrf();
        return sendPage(reply, 200, page({ title: 'Kepatuhan', user, csrfToken, body }));
      },
    );

    app.get<{ Querystring: PageQuery }>(
      '/dukcapil/kepatuhan',
      {
        preHandler: requireRoles('ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'),
        schema: {
          tags: ['Portal'],
          summary: 'Kepatuhan data balikan seluruh instansi (Dukcapil)',
          querystring: pageQuery,
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const period = resolvePeriod(deps.clock(), request.query);
        const agencies = await allAgenciesCompliance(deps, period);
        const body = complianceOverviewBody({
          period,
          agencies,
          today: wibDay(deps.clock()),
          exportForm:
            user.role === 'ADMIN_DUKCAPIL'
              ? exportForm({ agencies: agencies.map((a) => a.agency) })
              : undefined,
        });
        const csrfToken = reply.generateCsrf();
        return sendPage(
          reply,
          200,
          page({ title: 'Kepatuhan data balikan', user, csrfToken, body }),
        );
      },
    );

    app.get<{ Params: { agencyCode: string }; Querystring: PageQuery }>(
      '/dukcapil/kepatuhan/:agencyCode',
      {
        preHandler: requireRoles('ADMIN_DUKCAPIL', 'EVALUATOR_DUKCAPIL'),
        schema: {
          tags: ['Portal'],
          summary: 'Kepatuhan data balikan satu instansi (Dukcapil)',
          querystring: pageQuery,
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
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
          footer:
            user.role === 'ADMIN_DUKCAPIL'
              ? exportForm({ agencies: [agency], selected: agency.code })
              : undefined,
        });
        const csrfToken = reply.generateCsrf();
        return sendPage(
          reply,
          200,
          page({ title: `Kepatuhan ${agency.code}`, user, csrfToken, body }),
        );
      },
    );

    app.get<{ Querystring: ExportQuery }>(
      '/dukcapil/data-balikan/ekspor',
      {
        preHandler: requireRoles('ADMIN_DUKCAPIL'),
        schema: {
          tags: ['Portal'],
          summary: 'Ekspor data balikan yang diterima (CSV/XLSX, Admin Dukcapil; dicatat di audit)',
          querystring: {
            type: 'object',
            properties: {
              format: { type: 'string', maxLength: 10, description: 'csv | xlsx' },
              agency: {
                type: 'string',
                maxLength: 40,
                description: 'Kode instansi (kosong: semua)',
              },
              from: {
                type: 'string',
                maxLength: 20,
                description: 'Diterima sejak (YYYY-MM-DD, WIB)',
              },
              to: {
                type: 'string',
                maxLength: 20,
                description: 'Diterima sampai (YYYY-MM-DD, WIB)',
              },
              history: { type: 'string', maxLength: 5, description: '1: sertakan semua versi' },
            },
          },
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const query = request.query;
        const file = await exportDataBalikan(
          deps,
          { id: user.id, clientIp: request.clientIp },
          {
            format: query.format,
            agencyCode: query.agency,
            from: query.from,
            to: query.to,
            history: query.history === '1' || query.history === 'ya',
          },
        );
        return downloadHeaders(reply, { filename: file.fileName, type: file.contentType }).send(
          file.body,
        );
      },
    );
  };
