import type { FastifyPluginAsync } from 'fastify';
import { wibDay } from '../../domain/time.js';
import { ownAgency } from '../../services/agreements/agencies.js';
import { ownAgreement } from '../../services/agreements/agreement-queries.js';
import type { Deps } from '../../services/deps.js';
import { forceMajeureOf } from '../../services/agreements/force-majeure.js';
import { getPatternSettings } from '../../services/oversight/pattern-policy.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { factsSection } from './agreement-field-views.js';
import { agreementDetailBody } from './agreement-views.js';
import { idOf, idParams, showPage, type IdParams } from './console-requests.js';
import { ownAgencyBody } from './own-agency-views.js';
import { patternPolicySection } from './pattern-policy-views.js';
import { getPrintPermission } from '../../services/agreements/print-permission.js';
import { printPermissionSection } from './print-permission-views.js';
import { html } from '../kit/html.js';

/**
 * The agency head's "Instansi saya" (/instansi): their agency and its signed agreements,
 * read-only (agreement.viewOwn).
 */
export const ownAgencyRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const now = () => deps.clock();
    const today = () => wibDay(deps.clock());

    app.get(
      '/instansi',
      {
        config: { permission: 'agreement.viewOwn' },
        schema: { tags: ['Portal Instansi'], summary: 'Instansi saya: data instansi dan PKS-nya' },
      },
      async (request, reply) => {
        const own = await ownAgency(deps.db, portalUserOf(request), now());
        return showPage(request, reply, 200, 'Instansi saya', () => ownAgencyBody(own));
      },
    );

    app.get<{ Params: IdParams }>(
      '/instansi/pks/:id',
      {
        config: { permission: 'agreement.viewOwn' },
        schema: {
          tags: ['Portal Instansi'],
          summary: 'PKS instansi sendiri dengan riwayatnya',
          params: idParams,
        },
      },
      async (request, reply) => {
        const { agreement, history } = await ownAgreement(
          deps.db,
          portalUserOf(request),
          idOf(request.params),
          today(),
        );
        // The head reads the policy their operators work under (never changes it).
        const patternPolicy = patternPolicySection(
          await getPatternSettings(deps, agreement.id),
          false,
        );
        const printing = await getPrintPermission(deps, agreement.id);
        const forceMajeure = await forceMajeureOf(deps.db, agreement.id);
        return showPage(request, reply, 200, `PKS ${agreement.nomorDukcapil}`, () =>
          agreementDetailBody({
            agreement,
            history,
            actions: [],
            back: { href: '/instansi', label: 'Instansi saya' },
            patternPolicy: html`${patternPolicy}${printPermissionSection(printing, undefined)}`,
            facts: factsSection(agreement, forceMajeure, undefined),
          }),
        );
      },
    );
  };
