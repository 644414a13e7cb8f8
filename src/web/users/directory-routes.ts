import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../services/deps.js';
import {
  agencyOptions,
  listUsersFor,
  USERS_PAGE_SIZE,
} from '../../services/users/user-directory.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { usersListBody } from './directory-views.js';
import { CONSOLES, sendUserPage } from './user-page.js';

type ListQuery = { Querystring: Record<string, string | undefined> };
type UserParams = { Params: { userId: string }; Querystring: { selesai?: string } };

/**
 * The users list and a user's page in both consoles: Dukcapil's (every agency) and the
 * agency head's (own agency).
 */
export const userDirectoryRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    for (const [area, permission] of CONSOLES) {
      app.get<ListQuery>(
        area.basePath,
        {
          config: { permission },
          schema: { tags: ['Portal'], summary: 'Daftar pengguna dengan saringan dan halaman' },
        },
        async (request, reply) => {
          const user = portalUserOf(request);
          const query = request.query;
          const list = await listUsersFor(deps, user, {
            agencyCode: query.instansi,
            role: query.peran,
            status: query.status,
            documentsMissing: query.dokumen === 'kurang',
            search: query.cari,
            page: readPage(query, { size: USERS_PAGE_SIZE }).page,
          });
          const agencies = area.canManage ? await agencyOptions(deps) : undefined;
          const title = area.canManage ? 'Pengguna' : `Pengguna ${user.agencyName ?? ''}`;
          const csrfToken = reply.generateCsrf();
          const body = usersListBody({ area, list, agencies, title });
          return sendPage(reply, 200, page({ title: 'Pengguna', user, csrfToken, body }));
        },
      );

      app.get<UserParams>(
        `${area.basePath}/:userId`,
        {
          config: { permission },
          schema: { tags: ['Portal'], summary: 'Pengguna: keadaan, dokumen dan riwayat' },
        },
        async (request, reply) =>
          sendUserPage(deps, request, reply, { area, userId: request.params.userId }, 200, {
            notice: request.query.selesai ? 'Perubahan telah dicatat.' : undefined,
          }),
      );
    }
  };
