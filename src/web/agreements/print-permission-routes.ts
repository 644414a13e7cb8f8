import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { setPrintPermission } from '../../services/agreements/print-permission.js';
import type { Deps } from '../../services/deps.js';
import { Refusal } from '../../services/errors.js';
import { readForm } from '../kit/form-reader.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { agreementOrNotFound, idOf, idParams, type IdParams } from './console-requests.js';
import { agreementPath, AGREEMENTS } from './console-views.js';
import { PRINT_CHOICES } from './print-permission-views.js';

const PrintForm = Type.Object({
  cetak: Type.Union(PRINT_CHOICES.map((choice) => Type.Literal(choice))),
});

/**
 * Dukcapil allows or forbids printing lookup results under an agreement
 * (`agreement.manage`): `POST /dukcapil/pks/:id/izin-cetak`, from the agreement's page.
 * Recorded in admin_action by the use case.
 */
export const printPermissionRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.post<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/izin-cetak`,
      {
        config: { permission: 'agreement.manage' },
        preValidation: app.csrfProtection.bind(app),
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mengizinkan atau melarang pencetakan hasil verifikasi NIK (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const posted = readForm(request, PrintForm, {
          labels: { cetak: 'Izin mencetak hasil verifikasi' },
        });
        // A select of two options: anything else is a hand-made post, answered by field.
        if (!posted.ok) {
          throw new Refusal('PERMINTAAN_TIDAK_VALID', posted.errors[0]!.message, {
            fields: posted.errors,
          });
        }
        await setPrintPermission(
          deps,
          portalUserOf(request),
          agreement.id,
          posted.value.cetak === 'YA',
        );
        return reply.redirect(`${agreementPath(agreement.id)}?hasil=izin-cetak`, 303);
      },
    );
  };
