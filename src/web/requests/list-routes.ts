import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Deps } from '../../services/deps.js';
import { agencyChoices, listRequestsFor } from '../../services/requests/reading.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { requestListBody } from './list-views.js';
import { AGENCY_BASE, DUKCAPIL_BASE } from './parts.js';

/**
 * The lists of requests: the agency head's own agency's (/instansi/permohonan), with the
 * way to file a new one, and every agency's for Dukcapil (/dukcapil/permohonan).
 */

/** The list's filters and page, as its GET form and pager links send them. */
const ListQuery = Type.Object({
  instansi: Type.Optional(
    Type.String({ maxLength: 20, description: 'Kode instansi (Dukcapil saja)' }),
  ),
  jenis: Type.Optional(Type.String({ maxLength: 40, description: 'Jenis permohonan' })),
  status: Type.Optional(Type.String({ maxLength: 20, description: 'Status permohonan' })),
  halaman: Type.Optional(Type.String({ maxLength: 6, description: 'Nomor halaman, mulai 1' })),
});

export const requestListRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    for (const [base, permission, summary] of [
      [
        AGENCY_BASE,
        'request.viewOwn',
        'Permohonan instansi sendiri: daftar dengan saringan dan halaman',
      ],
      [
        DUKCAPIL_BASE,
        'request.viewAll',
        'Semua permohonan instansi: saringan instansi, jenis, status; halaman',
      ],
    ] as const) {
      const dukcapil = base === DUKCAPIL_BASE;
      app.get<{ Querystring: Static<typeof ListQuery> }>(
        base,
        { config: { permission }, schema: { tags: ['Portal'], summary, querystring: ListQuery } },
        async (request, reply) => {
          const user = portalUserOf(request);
          const [list, agencies] = await Promise.all([
            listRequestsFor(deps, user, {
              // An agency head's list is their agency's whatever the address says.
              agencyCode: dukcapil ? request.query.instansi : undefined,
              kind: request.query.jenis,
              state: request.query.status,
              page: readPage(request.query).page,
            }),
            dukcapil ? agencyChoices(deps, user) : undefined,
          ]);
          const csrfToken = reply.generateCsrf();
          const body = requestListBody({
            base,
            title: 'Permohonan Instansi',
            page: list,
            ...(agencies ? { agencies } : {}),
            canFile: !dukcapil,
          });
          return sendPage(reply, 200, page({ title: 'Permohonan', user, csrfToken, body }));
        },
      );
    }
  };
