import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { wibDay } from '../domain/time.js';
import { ownAgreement, ownAgreements } from '../services/agreements/agreement-queries.js';
import { forceMajeureOf } from '../services/agreements/force-majeure.js';
import type { Deps } from '../services/deps.js';
import {
  AgreementDetailJson,
  AgreementJson,
  agreementJson,
  errors,
  forceMajeureJson,
  historyJson,
  Id,
} from './agreement-json.js';
import { actorOf, bearerSecurity } from './caller-hook.js';

/*
 * The agency head's own agreements in the JSON API (/api/v1/instansi/pks, issue 3 item 1):
 * read-only, only those that were ever signed.
 */

const OWN = '/api/v1/instansi/pks';
const TAG_OWN = 'PKS instansi';

export const ownAgreementApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const today = () => wibDay(deps.clock());

    api.get(
      OWN,
      {
        config: { permission: 'agreement.viewOwn' },
        schema: {
          summary: 'PKS instansi sendiri (yang pernah berlaku)',
          tags: [TAG_OWN],
          security: bearerSecurity,
          response: { 200: Type.Object({ data: Type.Array(AgreementJson) }), ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const own = await ownAgreements(deps.db, actor, today());
        return { data: own.map(agreementJson) };
      },
    );

    api.get(
      `${OWN}/:id`,
      {
        config: { permission: 'agreement.viewOwn' },
        schema: {
          summary: 'Rincian PKS instansi sendiri dengan riwayatnya',
          tags: [TAG_OWN],
          security: bearerSecurity,
          params: Id,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { agreement, history } = await ownAgreement(
          deps.db,
          actor,
          Number(request.params.id),
          today(),
        );
        return {
          ...agreementJson(agreement),
          riwayat: historyJson(history),
          keadaanKahar: forceMajeureJson(await forceMajeureOf(deps.db, agreement.id)),
        };
      },
    );
  };
