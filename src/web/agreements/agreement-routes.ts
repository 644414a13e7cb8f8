import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  AGREEMENT_TERM_LABELS,
  DEFAULT_BANDWIDTH_KBPS,
  DUKCAPIL_PARTY,
} from '../../domain/agreement-record.js';
import { isAgreementStatus, transitionRefusal } from '../../domain/agreement-state.js';
import { can } from '../../domain/permissions.js';
import { wibDay } from '../../domain/time.js';
import { getAgencyDetail, type AgencyDetail } from '../../services/agreements/agencies.js';
import {
  createAgreementDraft,
  editAgreementDraft,
  secondPartyDefaults,
  type AgreementDraftInput,
} from '../../services/agreements/agreement-lifecycle.js';
import {
  agreementHistory,
  listAgreementsPage,
  PAGE_SIZE,
  type AgreementView,
} from '../../services/agreements/agreement-queries.js';
import type { Deps } from '../../services/deps.js';
import { forceMajeureOf } from '../../services/agreements/force-majeure.js';
import { getPatternSettings } from '../../services/oversight/pattern-policy.js';
import { readForm } from '../kit/form-reader.js';
import { readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { agreementFormBody, type AgreementFormState } from './agreement-form-views.js';
import { factsSection, fieldActions } from './agreement-field-views.js';
import { agreementDetailBody, agreementListBody } from './agreement-views.js';
import { patternPolicySection } from './pattern-policy-views.js';
import { getPrintPermission } from '../../services/agreements/print-permission.js';
import { printPermissionSection } from './print-permission-views.js';
import { getWordingProfile } from '../../services/agreements/wording-profile.js';
import { wordingProfileSection } from './wording-profile-views.js';
import { html } from '../kit/html.js';
import {
  agreementOrNotFound,
  idOf,
  idParams,
  listQuery,
  optionalText,
  outcomeQuery,
  pageProblem,
  showPage,
  splitList,
  submitForm,
  ticked,
  type IdParams,
  type PageQuery,
} from './console-requests.js';
import {
  agencyPath,
  agreementActionPath,
  agreementPath,
  AGREEMENTS,
  CONSOLE,
} from './console-views.js';

/**
 * A draft as the form posts it. Its fields are checked here for shape only; the use case
 * checks the terms together (required, dates, numbers taken, access points) and names every
 * problem at once.
 */
export const DraftForm = Type.Object({
  nomorDukcapil: optionalText(60),
  nomorInstansi: optionalText(60),
  nomorJuknis: optionalText(60),
  signedOn: optionalText(10),
  endsOn: optionalText(10),
  purpose: optionalText(500),
  grantedElements: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
  accessMethods: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 }),
  accessPoints: optionalText(500),
  bandwidthKbps: Type.Optional(Type.Integer()),
  quotaStage: optionalText(20),
  firstPartyName: optionalText(200),
  firstPartyHeadTitle: optionalText(200),
  firstPartyHeadName: optionalText(120),
  secondPartyName: optionalText(200),
  secondPartyHeadTitle: optionalText(200),
  secondPartyHeadName: optionalText(120),
});

export const DRAFT_FORM_OPTIONS = {
  labels: { ...AGREEMENT_TERM_LABELS, accessPoints: 'Alamat IP titik akses' },
};

/** Every field as typed (an emptied party stays empty: the use case says it is missing). */
function draftInput(form: Static<typeof DraftForm>): AgreementDraftInput {
  return {
    nomorDukcapil: form.nomorDukcapil ?? '',
    nomorInstansi: form.nomorInstansi ?? '',
    nomorJuknis: form.nomorJuknis ?? '',
    signedOn: form.signedOn ?? '',
    endsOn: form.endsOn ?? '',
    purpose: form.purpose ?? '',
    grantedElements: form.grantedElements,
    accessMethods: form.accessMethods,
    accessPoints: splitList(form.accessPoints),
    bandwidthKbps: form.bandwidthKbps ?? Number.NaN,
    quotaStage: form.quotaStage ?? '',
    firstPartyName: form.firstPartyName ?? '',
    firstPartyHeadTitle: form.firstPartyHeadTitle ?? '',
    firstPartyHeadName: form.firstPartyHeadName ?? '',
    secondPartyName: form.secondPartyName ?? '',
    secondPartyHeadTitle: form.secondPartyHeadTitle ?? '',
    secondPartyHeadName: form.secondPartyHeadName ?? '',
  };
}

function stateOfAgreement(agreement: AgreementView): AgreementFormState {
  return {
    values: {
      nomorDukcapil: agreement.nomorDukcapil,
      nomorInstansi: agreement.nomorInstansi,
      nomorJuknis: agreement.nomorJuknis ?? '',
      signedOn: agreement.signedOn,
      endsOn: agreement.endsOn,
      purpose: agreement.purpose,
      accessPoints: agreement.accessPoints.join(', '),
      bandwidthKbps: String(agreement.bandwidthKbps),
      quotaStage: agreement.quotaStage,
      firstPartyName: agreement.firstPartyName,
      firstPartyHeadTitle: agreement.firstPartyHeadTitle,
      firstPartyHeadName: agreement.firstPartyHeadName ?? '',
      secondPartyName: agreement.secondPartyName,
      secondPartyHeadTitle: agreement.secondPartyHeadTitle,
      secondPartyHeadName: agreement.secondPartyHeadName ?? '',
    },
    ticked: { grantedElements: agreement.grantedElements, accessMethods: agreement.accessMethods },
  };
}

/** A new draft's form: the parties and the usual terms filled in. */
function newAgreementState(agency: AgencyDetail): AgreementFormState {
  const second = secondPartyDefaults({ name: agency.name, head_title: agency.headTitle });
  return {
    values: {
      bandwidthKbps: String(DEFAULT_BANDWIDTH_KBPS),
      quotaStage: 'PRA_POC',
      firstPartyName: DUKCAPIL_PARTY.name,
      firstPartyHeadTitle: DUKCAPIL_PARTY.headTitle,
      secondPartyName: second.name,
      secondPartyHeadTitle: second.headTitle,
      secondPartyHeadName: agency.headName ?? '',
    },
    ticked: { grantedElements: [], accessMethods: ['PORTAL'] },
  };
}

/**
 * The Dukcapil console's agreements (/dukcapil/pks, and a new draft from an agency's page):
 * the list and an agreement's detail with its history for admins and evaluators
 * (agreement.viewAll); new and edited drafts for admins only (agreement.manage). Putting in
 * force, closing and addenda are in agreement-action-routes.ts.
 */
export const agreementConsoleRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const now = () => deps.clock();
    const today = () => wibDay(deps.clock());

    const newDraftPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      agency: AgencyDetail,
      state: AgreementFormState,
    ) =>
      showPage(request, reply, status, 'Draf PKS baru', (csrfToken) =>
        agreementFormBody({
          csrfToken,
          action: `${agencyPath(agency.id)}/pks/baru`,
          back: agencyPath(agency.id),
          agency,
          state,
          editing: false,
        }),
      );

    app.get<{ Params: IdParams }>(
      `${CONSOLE}/:id/pks/baru`,
      {
        config: { permission: 'agreement.manage' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Formulir draf PKS baru untuk instansi',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
        return newDraftPage(request, reply, 200, agency, newAgreementState(agency));
      },
    );

    app.post<{ Params: IdParams }>(
      `${CONSOLE}/:id/pks/baru`,
      {
        config: { permission: 'agreement.manage' },
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Menyimpan draf PKS baru (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
        const form = readForm(request, DraftForm, DRAFT_FORM_OPTIONS);
        const outcome = await submitForm(form, async (value) => {
          const actor = portalUserOf(request);
          const id = await createAgreementDraft(
            deps.db,
            actor,
            agency.id,
            draftInput(value),
            now(),
          );
          return `${agreementPath(id)}?hasil=draf-dibuat`;
        });
        if ('location' in outcome) return reply.redirect(outcome.location, 303);
        const state = { ...outcome.state, ticked: ticked(request) };
        return newDraftPage(request, reply, outcome.status, agency, state);
      },
    );

    app.get<{ Querystring: PageQuery }>(
      AGREEMENTS,
      {
        config: { permission: 'agreement.viewAll' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Daftar semua PKS (halaman, saring status, nomor atau instansi)',
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const query = request.query;
        const status = query.status && isAgreementStatus(query.status) ? query.status : undefined;
        const cari = (query.cari ?? '').trim();
        const list = await listAgreementsPage(
          deps.db,
          { ...(status ? { status } : {}), ...(cari ? { text: cari } : {}) },
          readPage(query, { size: PAGE_SIZE }).page,
          today(),
        );
        return showPage(request, reply, 200, 'Semua PKS', () =>
          agreementListBody({ list, filter: { status: status ?? '', cari } }),
        );
      },
    );

    app.get<{ Params: IdParams; Querystring: PageQuery }>(
      `${AGREEMENTS}/:id`,
      {
        config: { permission: 'agreement.viewAll' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Rincian PKS dengan riwayat (siapa, kapan, mengapa, ketentuan lama)',
          params: idParams,
          querystring: outcomeQuery,
        },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const history = await agreementHistory(deps.db, agreement.id);
        const role = portalUserOf(request).role;
        const actions = can(role, 'agreement.manage') ? agreement.allowedActions : [];
        const patternPolicy = patternPolicySection(
          await getPatternSettings(deps, agreement.id),
          can(role, 'pattern.configure'),
        );
        const printPermission = await getPrintPermission(deps, agreement.id);
        const forceMajeure = await forceMajeureOf(deps.db, agreement.id);
        const wording = await getWordingProfile(deps, agreement.id);
        return showPage(request, reply, 200, `PKS ${agreement.nomorDukcapil}`, (csrfToken) =>
          agreementDetailBody({
            agreement,
            history,
            actions,
            back: { href: agencyPath(agreement.agencyId), label: agreement.agencyName },
            outcomeKey: request.query.hasil,
            patternPolicy: html`${patternPolicy}${printPermissionSection(
              printPermission,
              can(role, 'agreement.manage') ? csrfToken : undefined,
            )}${wordingProfileSection(
              wording,
              can(role, 'agreement.manage') ? csrfToken : undefined,
            )}`,
            facts: factsSection(
              agreement,
              forceMajeure,
              `${agreementPath(agreement.id)}/keadaan-kahar/dokumen`,
            ),
            moreActions: can(role, 'agreement.manage') ? fieldActions(agreement) : undefined,
          }),
        );
      },
    );

    const editPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      agreement: AgreementView,
      state: AgreementFormState,
    ) =>
      showPage(request, reply, status, 'Ubah draf PKS', (csrfToken) =>
        agreementFormBody({
          csrfToken,
          action: agreementActionPath(agreement.id, 'edit'),
          back: agreementPath(agreement.id),
          agency: { code: agreement.agencyCode, name: agreement.agencyName },
          state,
          editing: true,
        }),
      );

    app.get<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/ubah`,
      {
        config: { permission: 'agreement.manage' },
        schema: { tags: ['Portal Dukcapil'], summary: 'Formulir ubah draf PKS', params: idParams },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(deps, idOf(request.params));
        const refusal = transitionRefusal('edit', agreement.effectiveStatus);
        const state = { ...stateOfAgreement(agreement), errors: pageProblem(refusal) };
        return editPage(request, reply, refusal ? 409 : 200, agreement, state);
      },
    );

    app.post<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/ubah`,
      {
        config: { permission: 'agreement.manage' },
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Menyimpan perubahan draf PKS (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const form = readForm(request, DraftForm, DRAFT_FORM_OPTIONS);
        const outcome = await submitForm(form, async (value) => {
          await editAgreementDraft(deps.db, portalUserOf(request), id, draftInput(value), now());
          return `${agreementPath(id)}?hasil=draf-diubah`;
        });
        if ('location' in outcome) return reply.redirect(outcome.location, 303);
        const agreement = await agreementOrNotFound(deps, id);
        const state = { ...outcome.state, ticked: ticked(request) };
        return editPage(request, reply, outcome.status, agreement, state);
      },
    );
  };
