import type { FastifyPluginAsync } from 'fastify';
import { can } from '../../domain/permissions.js';
import { deadlinesPage, parseDeadlineFilter } from '../../services/deadlines/deadline-overview.js';
import type { Deps } from '../../services/deps.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { deadlineOverviewBody } from './overview-views.js';
import { DUKCAPIL_BASE } from './paths.js';

const overviewQuery = {
  type: 'object',
  properties: {
    status: {
      type: 'string',
      maxLength: 20,
      description: 'SEMUA | BELUM_TERPENUHI | TERLAMBAT | SEGERA | AKAN_DATANG | TERPENUHI',
    },
    jenis: {
      type: 'string',
      maxLength: 30,
      description: 'SEMUA | PERPANJANGAN | SERTIFIKAT_ISO | LAPORAN_SEMESTER | PERUBAHAN_PEJABAT',
    },
    instansi: { type: 'string', maxLength: 20, description: 'Kode instansi' },
    halaman: { type: 'string', maxLength: 6, description: 'Nomor halaman, mulai 1' },
  },
} as const;

interface OverviewQuery {
  status?: string;
  jenis?: string;
  instansi?: string;
  halaman?: string;
}

/** Dukcapil's /dukcapil/tenggat: every agency's deadlines, filtered and paged. */
export const deadlineOverviewRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Querystring: OverviewQuery }>(
      DUKCAPIL_BASE,
      {
        config: { permission: 'deadline.viewAll' },
        schema: {
          tags: ['Portal'],
          summary: 'Tenggat kewajiban seluruh instansi: ringkasan, saringan, halaman',
          querystring: overviewQuery,
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const view = await deadlinesPage(
          deps,
          user,
          parseDeadlineFilter({
            status: request.query.status,
            kind: request.query.jenis,
            agency: request.query.instansi,
            page: readPage(request.query).page,
          }),
        );
        const csrfToken = reply.generateCsrf();
        const body = deadlineOverviewBody({
          view,
          canManageCalendar: can(user.role, 'holiday.manage'),
        });
        return sendPage(reply, 200, page({ title: 'Tenggat', user, csrfToken, body }));
      },
    );
  };
