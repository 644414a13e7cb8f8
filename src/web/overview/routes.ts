import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../services/deps.js';
import { dukcapilOverview } from '../../services/overview/dukcapil-overview.js';
import { usageSummary } from '../../services/oversight/usage.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { usageSummarySection } from '../oversight/usage-views.js';
import { overviewBody } from './views.js';

/** /dukcapil: Dukcapil staff's home, every console's figures at a glance. */
export const overviewRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/dukcapil',
      {
        config: { permission: 'agreement.viewAll' },
        schema: {
          tags: ['Portal'],
          summary:
            'Ringkasan untuk pegawai Dukcapil: penggunaan hari ini, instansi, PKS, pengguna, permohonan, tenggat',
        },
      },
      async (request, reply) => {
        const user = portalUserOf(request);
        const [overview, usage] = await Promise.all([
          dukcapilOverview(deps),
          usageSummary(deps, user),
        ]);
        const body = overviewBody(overview, usageSummarySection(usage));
        const csrfToken = reply.generateCsrf();
        return sendPage(reply, 200, page({ title: 'Ringkasan', user, csrfToken, body }));
      },
    );
  };
