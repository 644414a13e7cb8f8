import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { WORDINGS } from '../../domain/national-service.js';
import { setWordingProfile } from '../../services/agreements/wording-profile.js';
import type { Deps } from '../../services/deps.js';
import { Refusal } from '../../services/errors.js';
import { readForm } from '../kit/form-reader.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { agreementOrNotFound, idOf, idParams, type IdParams } from './console-requests.js';
import { agreementPath, AGREEMENTS } from './console-views.js';

const WordingForm = Type.Object({
  profil: Type.Union(WORDINGS.map((value) => Type.Literal(value))),
  alasan: Type.Optional(Type.String({ maxLength: 500 })),
});

/**
 * Dukcapil sets the refusal wording of an agreement's compatible clients
 * (`agreement.manage`): `POST /dukcapil/pks/:id/profil-teks`, from the agreement's page.
 * Recorded in admin_action by the use case.
 */
export const wordingProfileRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.post<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/profil-teks`,
      {
        config: { permission: 'agreement.manage' },
        preValidation: app.csrfProtection.bind(app),
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mengatur profil teks jawaban layanan kompatibel PKS (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const posted = readForm(request, WordingForm, {
          labels: { profil: 'Profil teks', alasan: 'Alasan' },
        });
        if (!posted.ok) {
          throw new Refusal('PERMINTAAN_TIDAK_VALID', posted.errors[0]!.message, {
            fields: posted.errors,
          });
        }
        await setWordingProfile(
          deps,
          portalUserOf(request),
          agreement.id,
          posted.value.profil,
          posted.value.alasan,
        );
        return reply.redirect(`${agreementPath(agreement.id)}?hasil=profil-teks`, 303);
      },
    );
  };
