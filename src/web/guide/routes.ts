import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../services/deps.js';
import { guideFigures } from '../../services/guide/guide-figures.js';
import { currentPortalUser, sendPage } from '../kit/guards.js';
import { html } from '../kit/html.js';
import { GUIDE_PATH, page } from '../kit/layout.js';
import {
  answersTable,
  cardReaders,
  confidentiality,
  counterFlow,
  dutiesInGeneral,
  lookupSteps,
  quotaAndReturnData,
} from './general-views.js';
import { agreementFigures, roleSections } from './role-views.js';

/**
 * The technical guide inside the portal (Juknis II.C.2.c; issue 12 item 4), `/panduan`.
 *
 * Open without signing in, because its general part holds nothing of any agreement and is
 * what an officer who cannot sign in needs (what "Gagal Login", "User ID non aktif" or
 * "IP Address Tidak Sesuai" ask of them). Each role's section and the agreement's own
 * numbers (quota, elements, return data, printing, deadlines, end date) are shown only to a
 * signed-in user, and only their own agency's; an agency whose agreement is not in force
 * sees no numbers.
 */
export const guideRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      GUIDE_PATH,
      {
        config: { permission: 'public' },
        schema: {
          tags: ['Portal'],
          summary: 'Panduan teknis penggunaan portal, dengan angka PKS pengguna yang masuk',
        },
      },
      async (request, reply) => {
        const user = await currentPortalUser(deps, request);
        const agencyUser = user !== undefined && user.agencyId !== null;
        const figures = agencyUser && !user.agencyInactive ? await guideFigures(deps, user) : null;
        const personal = user
          ? html`${agencyUser ? agreementFigures(user.agencyName, figures) : ''}${roleSections(
              user.role,
            )}`
          : html`<p class="hint" id="panduan-umum">
              Ini bagian umum panduan. Masuk untuk membaca bagian sesuai peran Anda beserta angka
              PKS instansi Anda.
            </p>`;
        const body = html`<h1>Panduan penggunaan portal</h1>
          <p>
            Petunjuk teknis penggunaan portal web Gerbang Dinas Kependudukan dan Pencatatan Sipil
            Kabupaten Purbalingga bagi instansi pengguna dan petugas Dinas Dukcapil.
          </p>
          ${personal} ${lookupSteps()} ${answersTable()} ${quotaAndReturnData()} ${counterFlow()}
          ${cardReaders()} ${dutiesInGeneral()} ${confidentiality()}`;
        const csrfToken = user ? reply.generateCsrf() : undefined;
        return sendPage(
          reply,
          200,
          page({
            title: 'Panduan',
            body,
            ...(user ? { user } : {}),
            ...(csrfToken ? { csrfToken } : {}),
          }),
        );
      },
    );
  };
