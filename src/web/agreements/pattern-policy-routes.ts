import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AgreementView } from '../../services/agreements/agreement-queries.js';
import type { Deps } from '../../services/deps.js';
import { getPatternSettings, setPatternSettings } from '../../services/oversight/pattern-policy.js';
import { postedForm, readForm } from '../kit/form-reader.js';
import { portalUserOf } from '../kit/portal-caller.js';
import {
  agreementOrNotFound,
  formRefusal,
  idOf,
  idParams,
  showPage,
  type IdParams,
} from './console-requests.js';
import { agreementPath, AGREEMENTS } from './console-views.js';
import { policyFormBody, policyFormState, type PolicyFormState } from './pattern-policy-views.js';

/** The policy form as posted; the use case checks the settings together (start before end). */
const PolicyForm = Type.Object({
  policy: Type.String({ maxLength: 20 }),
  allDay: Type.Boolean(),
  start: Type.Optional(Type.String({ maxLength: 5 })),
  end: Type.Optional(Type.String({ maxLength: 5 })),
  days: Type.Array(Type.String({ maxLength: 1 }), { maxItems: 7 }),
});
const POLICY_LABELS = {
  labels: { policy: 'Kebijakan', start: 'Jam mulai', end: 'Jam selesai', days: 'Hari layanan' },
};

/** The days ticked in a posted form, to show it again as it was sent. */
function tickedDays(request: FastifyRequest): string[] {
  return [postedForm(request).fields.days ?? []].flat();
}

/**
 * Dukcapil sets an agreement's input-pattern policy and its agency's service hours
 * (`pattern.configure`): `/dukcapil/pks/:id/pola-input`. Recorded in admin_action.
 */
export const patternPolicyRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const config = { permission: 'pattern.configure' } as const;

    const formPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      agreement: AgreementView,
      state: PolicyFormState,
    ) =>
      showPage(request, reply, status, 'Kebijakan pola input', (csrfToken) =>
        policyFormBody({ csrfToken, agreement, state }),
      );

    app.get<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/pola-input`,
      {
        config,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Formulir kebijakan pola input NIK dan jam layanan PKS',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const settings = await getPatternSettings(deps, agreement.id);
        return formPage(request, reply, 200, agreement, policyFormState(settings));
      },
    );

    app.post<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/pola-input`,
      {
        config,
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Menyimpan kebijakan pola input NIK dan jam layanan PKS (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const form = readForm(request, PolicyForm, POLICY_LABELS);
        const days = tickedDays(request);
        if (!form.ok) return formPage(request, reply, form.status, agreement, { ...form, days });
        try {
          await setPatternSettings(deps, portalUserOf(request), agreement.id, {
            policy: form.value.policy,
            allDay: form.value.allDay,
            start: form.value.start ?? '',
            end: form.value.end ?? '',
            days: form.value.days,
          });
        } catch (error) {
          const errors = formRefusal(error);
          return formPage(request, reply, 400, agreement, { values: form.values, errors, days });
        }
        return reply.redirect(`${agreementPath(agreement.id)}?hasil=pola-input`, 303);
      },
    );
  };
