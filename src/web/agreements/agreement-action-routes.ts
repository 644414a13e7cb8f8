import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  END_GROUND_LABELS,
  MANUAL_END_GROUNDS,
  type ManualEndGround,
} from '../../domain/agreement-ending.js';
import { AGREEMENT_TERM_LABELS } from '../../domain/agreement-record.js';
import { transitionRefusal, type AgreementAction } from '../../domain/agreement-state.js';
import { wibDay } from '../../domain/time.js';
import {
  activateAgreement,
  applyAddendum,
  cancelAgreementDraft,
  endAgreement,
  revokeAgreement,
} from '../../services/agreements/agreement-lifecycle.js';
import type { AgreementView } from '../../services/agreements/agreement-queries.js';
import type { Deps } from '../../services/deps.js';
import { Confirmation } from '../kit/confirm-box.js';
import type { FormState } from '../kit/form-fields.js';
import { readForm } from '../kit/form-reader.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { addendumFormBody, type AgreementFormState } from './agreement-form-views.js';
import { agreementSummary } from './agreement-views.js';
import {
  agreementOrNotFound,
  confirmForm,
  FORM_OPTIONS,
  idOf,
  idParams,
  optionalText,
  pageProblem,
  showPage,
  splitList,
  submitForm,
  ticked,
  type IdParams,
} from './console-requests.js';
import {
  ACTION_PATHS,
  agreementActionPath,
  agreementPath,
  AGREEMENTS,
  confirmBody,
} from './console-views.js';

/** The grounds the end form offers (Pasal 6), by their label; force majeure has its own page. */
const END_GROUND_CHOICES: ReadonlyMap<string, ManualEndGround> = new Map(
  MANUAL_END_GROUNDS.map((ground) => [END_GROUND_LABELS[ground], ground]),
);

/** An addendum as the form posts it; the use case checks the new terms against the old. */
const AddendumForm = Type.Object({
  nomor: optionalText(60),
  tanggal: optionalText(10),
  endsOn: optionalText(10),
  grantedElements: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
  accessMethods: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 }),
  accessPoints: optionalText(500),
  bandwidthKbps: Type.Optional(Type.Integer()),
  quotaStage: optionalText(20),
  reason: Type.String({ maxLength: 1000 }),
  konfirmasi: Confirmation,
});

const ADDENDUM_FORM_OPTIONS = {
  ...FORM_OPTIONS,
  labels: {
    ...FORM_OPTIONS.labels,
    ...AGREEMENT_TERM_LABELS,
    nomor: 'Nomor adendum',
    tanggal: 'Tanggal adendum',
    accessPoints: 'Alamat IP titik akses',
  },
};

/** An addendum's form as the agreement stands: its terms, today's date for the letter. */
function addendumState(agreement: AgreementView, today: string): AgreementFormState {
  return {
    values: {
      tanggal: today,
      endsOn: agreement.endsOn,
      accessPoints: agreement.accessPoints.join(', '),
      bandwidthKbps: String(agreement.bandwidthKbps),
      quotaStage: agreement.quotaStage,
    },
    ticked: { grantedElements: agreement.grantedElements, accessMethods: agreement.accessMethods },
  };
}

/** A change of an agreement confirmed on its own page: putting in force, cancelling, closing. */
interface Step {
  readonly action: AgreementAction;
  readonly title: string;
  readonly button: string;
  readonly outcome: string;
  readonly warning: (a: AgreementView) => string;
  readonly grounds?: readonly string[];
  readonly reasonRequired: boolean;
  readonly danger: boolean;
  readonly run: (
    request: FastifyRequest,
    id: number,
    reason: string,
    grounds: string,
  ) => Promise<unknown>;
}

/**
 * The Dukcapil console's changes of an agreement (agreement.manage), each on a page that
 * shows the agreement and asks for a confirmation: putting a draft in force, cancelling it,
 * ending or revoking one in force (with its grounds and reason), and an addendum.
 */
export const agreementActionRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const now = () => deps.clock();
    const today = () => wibDay(deps.clock());

    const steps: readonly Step[] = [
      {
        action: 'activate',
        title: 'Berlakukan PKS',
        button: 'Berlakukan PKS',
        outcome: 'diberlakukan',
        warning: (a) =>
          `Setelah diberlakukan, pengguna ${a.agencyCode} dapat masuk dan memverifikasi NIK sesuai ketentuan ini. Ketentuan selanjutnya hanya dapat diubah melalui adendum.`,
        reasonRequired: false,
        danger: false,
        run: (request, id, reason) =>
          activateAgreement(deps.db, portalUserOf(request), id, now(), reason || null),
      },
      {
        action: 'cancel',
        title: 'Batalkan draf PKS',
        button: 'Batalkan draf',
        outcome: 'dibatalkan',
        warning: () =>
          'Draf yang dibatalkan tidak dapat diberlakukan lagi; nomornya dapat dipakai ulang.',
        reasonRequired: true,
        danger: true,
        run: (request, id, reason) =>
          cancelAgreementDraft(deps.db, portalUserOf(request), id, reason, now()),
      },
      {
        action: 'end',
        title: 'Akhiri PKS',
        button: 'Akhiri PKS',
        outcome: 'diakhiri',
        warning: (a) =>
          `Seketika setelah diakhiri, semua pengguna ${a.agencyCode} mendapat "Instansi tidak aktif" di portal dan API, dan semua sesi serta token mereka diakhiri. Tindakan ini final.`,
        grounds: [...END_GROUND_CHOICES.keys(), 'Lainnya'],
        reasonRequired: true,
        danger: true,
        run: (request, id, reason, grounds) =>
          endAgreement(
            deps.db,
            portalUserOf(request),
            id,
            reason,
            now(),
            END_GROUND_CHOICES.get(grounds),
          ),
      },
      {
        action: 'revoke',
        title: 'Cabut PKS',
        button: 'Cabut PKS',
        outcome: 'dicabut',
        warning: (a) =>
          `Pencabutan dilakukan bila instansi tidak memenuhi kewajibannya. Seketika setelah dicabut, semua pengguna ${a.agencyCode} mendapat "Instansi tidak aktif" di portal dan API, dan semua sesi serta token mereka diakhiri. Tindakan ini final.`,
        reasonRequired: true,
        danger: true,
        run: (request, id, reason) =>
          revokeAgreement(deps.db, portalUserOf(request), id, reason, now()),
      },
    ];

    for (const step of steps) {
      const path = `${AGREEMENTS}/:id/${ACTION_PATHS[step.action]}`;
      const StepForm = confirmForm(step.reasonRequired);
      const confirmPage = (agreement: AgreementView, csrfToken: string, state: FormState) =>
        confirmBody({
          title: `${step.title} ${agreement.nomorDukcapil}`,
          csrfToken,
          action: agreementActionPath(agreement.id, step.action),
          back: agreementPath(agreement.id),
          summary: agreementSummary(agreement),
          warning: step.warning(agreement),
          button: step.button,
          grounds: step.grounds,
          reasonRequired: step.reasonRequired,
          state,
          danger: step.danger,
        });

      app.get<{ Params: IdParams }>(
        path,
        {
          config: { permission: 'agreement.manage' },
          schema: {
            tags: ['Portal Dukcapil'],
            summary: `Konfirmasi: ${step.title.toLowerCase()}`,
            params: idParams,
          },
        },
        async (request, reply) => {
          const agreement = await agreementOrNotFound(deps, idOf(request.params));
          const refusal = transitionRefusal(step.action, agreement.effectiveStatus);
          return showPage(request, reply, refusal ? 409 : 200, step.title, (csrfToken) =>
            confirmPage(agreement, csrfToken, { errors: pageProblem(refusal) }),
          );
        },
      );

      app.post<{ Params: IdParams }>(
        path,
        {
          config: { permission: 'agreement.manage' },
          preValidation: csrfCheck,
          schema: {
            tags: ['Portal Dukcapil'],
            summary: `${step.title} (formulir, CSRF${step.reasonRequired ? ', alasan wajib' : ''})`,
            params: idParams,
          },
        },
        async (request, reply) => {
          const id = idOf(request.params);
          const form = readForm(request, StepForm, FORM_OPTIONS);
          const outcome = await submitForm(form, async (value) => {
            const text = (value.reason ?? '').trim();
            const grounds = value.grounds ?? '';
            // The grounds chosen lead the reason in the history ("Lainnya" says nothing more).
            const reason =
              step.grounds && step.grounds.includes(grounds) && grounds !== 'Lainnya' && text
                ? `${grounds}: ${text}`
                : text;
            await step.run(request, id, reason, grounds);
            return `${agreementPath(id)}?hasil=${step.outcome}`;
          });
          if ('location' in outcome) return reply.redirect(outcome.location, 303);
          const agreement = await agreementOrNotFound(deps, id);
          return showPage(request, reply, outcome.status, step.title, (csrfToken) =>
            confirmPage(agreement, csrfToken, outcome.state),
          );
        },
      );
    }

    const addendumPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      agreement: AgreementView,
      state: AgreementFormState,
    ) =>
      showPage(request, reply, status, 'Adendum PKS', (csrfToken) =>
        addendumFormBody({ csrfToken, agreement, state }),
      );

    app.get<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/adendum`,
      {
        config: { permission: 'agreement.manage' },
        schema: { tags: ['Portal Dukcapil'], summary: 'Formulir adendum PKS', params: idParams },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const refusal = transitionRefusal('amend', agreement.effectiveStatus);
        const state = { ...addendumState(agreement, today()), errors: pageProblem(refusal) };
        return addendumPage(request, reply, refusal ? 409 : 200, agreement, state);
      },
    );

    app.post<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/adendum`,
      {
        config: { permission: 'agreement.manage' },
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mencatat adendum PKS (formulir, CSRF, alasan wajib)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const form = readForm(request, AddendumForm, ADDENDUM_FORM_OPTIONS);
        const outcome = await submitForm(form, async (value) => {
          const nomor = value.nomor?.trim();
          await applyAddendum(
            deps.db,
            portalUserOf(request),
            id,
            {
              endsOn: value.endsOn ?? '',
              grantedElements: value.grantedElements,
              accessMethods: value.accessMethods,
              accessPoints: splitList(value.accessPoints),
              bandwidthKbps: value.bandwidthKbps ?? Number.NaN,
              quotaStage: value.quotaStage ?? '',
            },
            value.reason,
            nomor ? { nomor, tanggal: value.tanggal?.trim() ?? '' } : null,
            now(),
          );
          return `${agreementPath(id)}?hasil=adendum`;
        });
        if ('location' in outcome) return reply.redirect(outcome.location, 303);
        const agreement = await agreementOrNotFound(deps, id);
        const state = { ...outcome.state, ticked: ticked(request) };
        return addendumPage(request, reply, outcome.status, agreement, state);
      },
    );
  };
