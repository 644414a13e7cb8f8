import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Deps } from '../../services/deps.js';
import { renderBarChart } from '../../services/oversight/usage-chart.js';
import {
  agencyLookups,
  agencyUsage,
  allAgenciesUsage,
  LOOKUPS_PAGE_SIZE,
  USAGE_DAYS,
  type AgencyUsage,
} from '../../services/oversight/usage.js';
import { reportsDue } from '../../services/reports/lists.js';
import { reportsDueTile } from '../reports/views.js';
import { Refusal } from '../../domain/refusals.js';
import { sendPage } from '../kit/guards.js';
import { html, type Html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  agencyUsageBody,
  ALL_USAGE_PATH,
  agencyUsagePath,
  allUsageBody,
  dayLabel,
  hourLabel,
  OWN_USAGE_PATH,
  type UsageCharts,
} from './usage-views.js';

const text = (description: string, maxLength = 60) =>
  Type.Optional(Type.String({ maxLength, description }));

const LookupQuery = Type.Object({
  operator: text('User ID operator'),
  respons: text('Kode respons', 40),
  nik: text('NIK lengkap (dicari persis)'),
  dari: text('Tanggal awal (YYYY-MM-DD, WIB, termasuk)', 20),
  sampai: text('Tanggal akhir (YYYY-MM-DD, WIB, termasuk)', 20),
  halaman: text('Halaman daftar verifikasi (mulai 1)', 10),
});
type LookupQuery = Static<typeof LookupQuery>;

function perHourChart(perHour: AgencyUsage['perHour']): Promise<string> {
  return renderBarChart({
    title: `Verifikasi per jam (WIB), ${USAGE_DAYS} hari terakhir`,
    categoryTitle: 'Jam (WIB)',
    valueTitle: 'Verifikasi',
    bars: perHour.map((h) => ({ label: hourLabel(h.hour), value: h.lookups })),
    labelEvery: 2,
  });
}

/** The per-day chart; the busiest hours too on Dukcapil's page of the agency. */
async function agencyCharts(usage: AgencyUsage, withHours: boolean): Promise<UsageCharts> {
  const [perDay, perHour] = await Promise.all([
    renderBarChart({
      title: `Verifikasi per hari, ${USAGE_DAYS} hari terakhir`,
      categoryTitle: 'Tanggal (WIB)',
      valueTitle: 'Verifikasi',
      bars: usage.perDay.map((d) => ({ label: dayLabel(d.day), value: d.lookups })),
      labelEvery: 3,
    }),
    withHours ? perHourChart(usage.perHour) : undefined,
  ]);
  return { perDay, perHour };
}

/**
 * Usage pages (issue 9 §3): the agency head's own agency (/instansi/penggunaan, the head's
 * landing page), Dukcapil's every agency (/dukcapil/penggunaan) and one agency.
 */
export const usageRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    async function showAgency(
      request: FastifyRequest<{ Querystring: LookupQuery }>,
      reply: FastifyReply,
      agencyId: number,
      options: {
        basePath: string;
        title: (code: string) => string;
        actions?: Html;
        alertLinks: boolean;
      },
    ) {
      const user = portalUserOf(request);
      const asked = { page: readPage(request.query).page, size: LOOKUPS_PAGE_SIZE };
      const [usage, list] = await Promise.all([
        agencyUsage(deps, user, agencyId),
        agencyLookups(deps, user, agencyId, request.query, asked),
      ]);
      const body = agencyUsageBody({
        title: options.title(usage.agency.code),
        basePath: options.basePath,
        usage,
        list,
        values: request.query,
        charts: await agencyCharts(usage, options.alertLinks),
        actions: options.actions,
        alertLinks: options.alertLinks,
      });
      const csrfToken = reply.generateCsrf();
      return sendPage(
        reply,
        list.errors.length > 0 ? 400 : 200,
        page({ title: 'Penggunaan', user, csrfToken, body }),
      );
    }

    app.get<{ Querystring: LookupQuery }>(
      OWN_USAGE_PATH,
      {
        config: { permission: 'usage.viewOwn' },
        schema: {
          tags: ['Portal'],
          summary:
            'Penggunaan verifikasi NIK instansi sendiri (kepala instansi): angka, grafik, peringatan, daftar',
          querystring: LookupQuery,
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        // Agency heads alone have usage.viewOwn.
        if (user.agencyId === null) throw new Refusal('TIDAK_BERWENANG');
        return showAgency(request, reply, user.agencyId, {
          basePath: OWN_USAGE_PATH,
          title: () => 'Penggunaan Verifikasi NIK',
          alertLinks: false,
          // the head's home: the semester reports still owed (issue 10 item 5)
          actions: reportsDueTile(await reportsDue(deps, user)),
        });
      },
    );

    app.get(
      ALL_USAGE_PATH,
      {
        config: { permission: 'usage.viewAll' },
        schema: {
          tags: ['Portal'],
          summary: 'Penggunaan verifikasi NIK seluruh instansi (Dukcapil)',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const usage = await allAgenciesUsage(deps, user);
        const body = allUsageBody(usage, { perHour: await perHourChart(usage.perHour) });
        const csrfToken = reply.generateCsrf();
        return sendPage(reply, 200, page({ title: 'Penggunaan', user, csrfToken, body }));
      },
    );

    app.get<{ Params: { agencyId: string }; Querystring: LookupQuery }>(
      `${ALL_USAGE_PATH}/:agencyId`,
      {
        config: { permission: 'usage.viewAll' },
        schema: {
          tags: ['Portal'],
          summary: 'Penggunaan verifikasi NIK satu instansi (Dukcapil)',
          querystring: LookupQuery,
        },
      },
      async (request, reply) => {
        const raw = request.params.agencyId;
        if (!/^\d{1,9}$/.test(raw)) return reply.callNotFound();
        const agencyId = Number(raw);
        return showAgency(request, reply, agencyId, {
          basePath: agencyUsagePath(agencyId),
          title: (code) => `Penggunaan ${code}`,
          actions: html`<p><a href="${ALL_USAGE_PATH}">« Semua instansi</a></p>`,
          alertLinks: true,
        });
      },
    );
  };
