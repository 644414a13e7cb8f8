import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_BANDWIDTH_KBPS, DUKCAPIL_PARTY } from '../../domain/agreement-record.js';
import {
  isAgreementStatus,
  transitionRefusal,
  type AgreementAction,
} from '../../domain/agreement-state.js';
import { can } from '../../domain/permissions.js';
import { wibDay } from '../../domain/time.js';
import {
  deactivateAgency,
  editAgency,
  getAgencyDetail,
  listAgenciesPage,
  ownAgency,
  reactivateAgency,
  registerAgency,
  type AgencyDetail,
} from '../../services/agreements/agencies.js';
import {
  activateAgreement,
  agreementHistory,
  applyAddendum,
  cancelAgreementDraft,
  createAgreementDraft,
  editAgreementDraft,
  endAgreement,
  getAgreement,
  listAgreementsPage,
  ownAgreement,
  pageNumber,
  revokeAgreement,
  secondPartyDefaults,
  type AgreementDraftInput,
  type AgreementView,
} from '../../services/agreements/agreement-lifecycle.js';
import type { Deps } from '../../services/deps.js';
import { NotFound, RuleViolation } from '../../services/errors.js';
import {
  ACTION_PATHS,
  addendumFormBody,
  agencySummary,
  agencyDetailBody,
  agencyFormBody,
  agencyListBody,
  agencyPath,
  agreementActionPath,
  agreementDetailBody,
  agreementFormBody,
  agreementListBody,
  agreementPath,
  agreementSummary,
  AGREEMENTS,
  confirmBody,
  CONSOLE,
  EMPTY_AGENCY,
  ownAgencyBody,
  type AddendumFormValues,
  type AgencyFormValues,
  type AgreementFormValues,
} from './views.js';
import { portalGuards, sendPage } from '../kit/guards.js';
import type { Html } from '../kit/html.js';
import { page } from '../kit/layout.js';

type Form = Record<string, string | string[] | undefined>;
type IdParams = { id: string };
type PageQuery = Record<string, string | undefined>;

const one = (form: Form | undefined, name: string): string => {
  const value = form?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};
const many = (form: Form | undefined, name: string): string[] => {
  const value = form?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
/** Addresses typed as a list: commas, semicolons, spaces or new lines between them. */
const splitList = (text: string) => text.split(/[\s,;]+/).filter(Boolean);
const integerOf = (text: string) => (/^\s*\d{1,9}\s*$/.test(text) ? Number(text) : Number.NaN);

function idOf(params: IdParams): number {
  if (!/^\d{1,9}$/.test(params.id)) throw new NotFound('Halaman tidak ditemukan');
  return Number(params.id);
}

function confirmed(form: Form | undefined): void {
  if (one(form, 'konfirmasi') !== 'ya') {
    throw new RuleViolation('Centang pernyataan persetujuan untuk melanjutkan');
  }
}

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 12 } },
  required: ['id'],
} as const;

const listQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', maxLength: 20 },
    nama: { type: 'string', maxLength: 100 },
    cari: { type: 'string', maxLength: 100 },
    halaman: { type: 'string', maxLength: 10 },
    hasil: { type: 'string', maxLength: 40 },
  },
} as const;

const outcomeQuery = {
  type: 'object',
  properties: { hasil: { type: 'string', maxLength: 40 } },
} as const;

function agencyValues(form: Form | undefined): AgencyFormValues {
  return {
    code: one(form, 'code'),
    name: one(form, 'name'),
    address: one(form, 'address'),
    headTitle: one(form, 'headTitle'),
    headName: one(form, 'headName'),
    email: one(form, 'email'),
    phone: one(form, 'phone'),
  };
}

function agreementValues(form: Form | undefined): AgreementFormValues {
  return {
    nomorDukcapil: one(form, 'nomorDukcapil'),
    nomorInstansi: one(form, 'nomorInstansi'),
    nomorJuknis: one(form, 'nomorJuknis'),
    signedOn: one(form, 'signedOn'),
    endsOn: one(form, 'endsOn'),
    purpose: one(form, 'purpose'),
    grantedElements: many(form, 'grantedElements'),
    accessMethods: many(form, 'accessMethods'),
    accessPoints: one(form, 'accessPoints'),
    bandwidthKbps: one(form, 'bandwidthKbps'),
    quotaStage: one(form, 'quotaStage'),
    firstPartyName: one(form, 'firstPartyName'),
    firstPartyHeadTitle: one(form, 'firstPartyHeadTitle'),
    firstPartyHeadName: one(form, 'firstPartyHeadName'),
    secondPartyName: one(form, 'secondPartyName'),
    secondPartyHeadTitle: one(form, 'secondPartyHeadTitle'),
    secondPartyHeadName: one(form, 'secondPartyHeadName'),
  };
}

function draftInput(values: AgreementFormValues): AgreementDraftInput {
  return {
    ...values,
    accessPoints: splitList(values.accessPoints),
    bandwidthKbps: integerOf(values.bandwidthKbps),
  };
}

function valuesOfAgreement(agreement: AgreementView): AgreementFormValues {
  return {
    ...agreement,
    nomorJuknis: agreement.nomorJuknis ?? '',
    accessPoints: agreement.accessPoints.join(', '),
    bandwidthKbps: String(agreement.bandwidthKbps),
    firstPartyHeadName: agreement.firstPartyHeadName ?? '',
    secondPartyHeadName: agreement.secondPartyHeadName ?? '',
  };
}

function newAgreementValues(agency: AgencyDetail): AgreementFormValues {
  const second = secondPartyDefaults({ name: agency.name, head_title: agency.headTitle });
  return {
    nomorDukcapil: '',
    nomorInstansi: '',
    nomorJuknis: '',
    signedOn: '',
    endsOn: '',
    purpose: '',
    grantedElements: [],
    accessMethods: ['PORTAL'],
    accessPoints: '',
    bandwidthKbps: String(DEFAULT_BANDWIDTH_KBPS),
    quotaStage: 'PRA_POC',
    firstPartyName: DUKCAPIL_PARTY.name,
    firstPartyHeadTitle: DUKCAPIL_PARTY.headTitle,
    firstPartyHeadName: '',
    secondPartyName: second.name,
    secondPartyHeadTitle: second.headTitle,
    secondPartyHeadName: agency.headName ?? '',
  };
}

/** Why an action page does not apply to this agreement now, as the state machine says. */
function refusalOf(agreement: AgreementView, action: AgreementAction): string | undefined {
  return transitionRefusal(action, agreement.effectiveStatus);
}

/**
 * The Dukcapil console for agencies and agreements (/dukcapil/instansi, /dukcapil/pks) and
 * the agency head's read-only "Instansi saya" (/instansi). Admins and evaluators see
 * (agreement.viewAll); only admins act (agency.manage, agreement.manage).
 */
export const agreementsRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const { requirePermission } = portalGuards(deps);
    const viewAll = requirePermission('agreement.viewAll');
    const manageAgency = requirePermission('agency.manage');
    const manageAgreement = requirePermission('agreement.manage');
    const viewOwn = requirePermission('agreement.viewOwn');
    const now = () => deps.clock();
    const today = () => wibDay(deps.clock());

    const show = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      title: string,
      body: (csrfToken: string) => Html,
    ) => {
      const csrfToken = reply.generateCsrf();
      return sendPage(
        reply,
        status,
        page({ title, user: request.portalUser!, csrfToken, body: body(csrfToken) }),
      );
    };
    const actor = (request: FastifyRequest) => ({ id: request.portalUser!.id });

    const agreementOrNotFound = async (id: number) => {
      const agreement = await getAgreement(deps.db, id, today());
      if (!agreement) throw new NotFound('PKS tidak ditemukan');
      return agreement;
    };

    // ——— Agencies ———

    app.get<{ Querystring: PageQuery }>(
      CONSOLE,
      {
        preHandler: viewAll,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Daftar instansi dengan PKS yang berlaku (halaman, saring status dan nama)',
          querystring: listQuery,
        },
      },
      async (request, reply) => {
        const query = request.query;
        const status = query.status === 'AKTIF' || query.status === 'NON_AKTIF' ? query.status : '';
        const nama = (query.nama ?? '').trim();
        const list = await listAgenciesPage(
          deps.db,
          { ...(status ? { status } : {}), ...(nama ? { text: nama } : {}) },
          pageNumber(query.halaman),
          today(),
        );
        return show(request, reply, 200, 'Instansi & PKS', () =>
          agencyListBody({
            list,
            filter: { status, nama },
            canManage: can(request.portalUser!.role, 'agency.manage'),
            outcomeKey: query.hasil,
          }),
        );
      },
    );

    app.get(
      `${CONSOLE}/baru`,
      {
        preHandler: manageAgency,
        schema: { tags: ['Portal Dukcapil'], summary: 'Formulir pendaftaran instansi' },
      },
      async (request, reply) =>
        show(request, reply, 200, 'Daftarkan instansi', (csrfToken) =>
          agencyFormBody({ csrfToken, action: `${CONSOLE}/baru`, values: EMPTY_AGENCY }),
        ),
    );

    app.post<{ Body: Form }>(
      `${CONSOLE}/baru`,
      {
        preValidation: csrfCheck,
        preHandler: manageAgency,
        schema: { tags: ['Portal Dukcapil'], summary: 'Mendaftarkan instansi (formulir, CSRF)' },
      },
      async (request, reply) => {
        const values = agencyValues(request.body);
        try {
          const id = await registerAgency(
            deps.db,
            actor(request),
            { ...values, code: values.code ?? '' },
            now(),
          );
          return reply.redirect(`${agencyPath(id)}?hasil=instansi-didaftarkan`, 303);
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          return show(request, reply, 400, 'Daftarkan instansi', (csrfToken) =>
            agencyFormBody({ csrfToken, action: `${CONSOLE}/baru`, values, error: error.message }),
          );
        }
      },
    );

    app.get<{ Params: IdParams; Querystring: PageQuery }>(
      `${CONSOLE}/:id`,
      {
        preHandler: viewAll,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Rincian instansi: PKS, jumlah pengguna, riwayat',
          params: idParams,
          querystring: outcomeQuery,
        },
      },
      async (request, reply) => {
        const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
        const role = request.portalUser!.role;
        return show(request, reply, 200, agency.name, () =>
          agencyDetailBody({
            agency,
            canManageAgency: can(role, 'agency.manage'),
            canManageAgreements: can(role, 'agreement.manage'),
            outcomeKey: request.query.hasil,
          }),
        );
      },
    );

    app.get<{ Params: IdParams }>(
      `${CONSOLE}/:id/ubah`,
      {
        preHandler: manageAgency,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Formulir ubah data instansi',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
        const values: AgencyFormValues = {
          name: agency.name,
          address: agency.address ?? '',
          headTitle: agency.headTitle ?? '',
          headName: agency.headName ?? '',
          email: agency.email ?? '',
          phone: agency.phone ?? '',
        };
        return show(request, reply, 200, 'Ubah data instansi', (csrfToken) =>
          agencyFormBody({
            csrfToken,
            action: `${agencyPath(agency.id)}/ubah`,
            values,
            existing: { code: agency.code, id: agency.id },
          }),
        );
      },
    );

    app.post<{ Params: IdParams; Body: Form }>(
      `${CONSOLE}/:id/ubah`,
      {
        preValidation: csrfCheck,
        preHandler: manageAgency,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mengubah data instansi (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const values = agencyValues(request.body);
        try {
          await editAgency(deps.db, actor(request), id, values, now());
          return reply.redirect(`${agencyPath(id)}?hasil=instansi-diubah`, 303);
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          const agency = await getAgencyDetail(deps.db, id, now());
          return show(request, reply, 400, 'Ubah data instansi', (csrfToken) =>
            agencyFormBody({
              csrfToken,
              action: `${agencyPath(id)}/ubah`,
              values,
              existing: { code: agency.code, id },
              error: error.message,
            }),
          );
        }
      },
    );

    for (const change of ['nonaktifkan', 'aktifkan'] as const) {
      const deactivating = change === 'nonaktifkan';
      const title = deactivating ? 'Nonaktifkan instansi' : 'Aktifkan kembali instansi';
      const confirmPage = (
        agency: AgencyDetail,
        csrfToken: string,
        values?: { reason: string },
        error?: string,
      ) =>
        confirmBody({
          title: `${title} ${agency.code}`,
          csrfToken,
          action: `${agencyPath(agency.id)}/${change}`,
          back: agencyPath(agency.id),
          summary: agencySummary(agency),
          warning: deactivating
            ? `Seketika setelah dinonaktifkan, ${agency.users} pengguna instansi ini mendapat "Instansi tidak aktif" di portal dan API, dan semua sesi serta token mereka diakhiri.`
            : 'Pengguna instansi dapat masuk kembali selama instansi memiliki PKS yang berlaku.',
          button: title,
          reasonRequired: true,
          values,
          error,
          danger: deactivating,
        });

      app.get<{ Params: IdParams }>(
        `${CONSOLE}/:id/${change}`,
        {
          preHandler: manageAgency,
          schema: {
            tags: ['Portal Dukcapil'],
            summary: `Konfirmasi: ${title.toLowerCase()}`,
            params: idParams,
          },
        },
        async (request, reply) => {
          const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
          const stateError =
            (agency.status === 'AKTIF') === deactivating
              ? undefined
              : `Instansi ${agency.code} sudah ${deactivating ? 'nonaktif' : 'aktif'}`;
          return show(request, reply, stateError ? 409 : 200, title, (csrfToken) =>
            confirmPage(agency, csrfToken, undefined, stateError),
          );
        },
      );

      app.post<{ Params: IdParams; Body: Form }>(
        `${CONSOLE}/:id/${change}`,
        {
          preValidation: csrfCheck,
          preHandler: manageAgency,
          schema: {
            tags: ['Portal Dukcapil'],
            summary: `${title} (formulir, CSRF, alasan wajib)`,
            params: idParams,
          },
        },
        async (request, reply) => {
          const id = idOf(request.params);
          const reason = one(request.body, 'reason');
          try {
            confirmed(request.body);
            if (deactivating) await deactivateAgency(deps.db, actor(request), id, reason, now());
            else await reactivateAgency(deps.db, actor(request), id, reason, now());
            const key = deactivating ? 'instansi-dinonaktifkan' : 'instansi-diaktifkan';
            return reply.redirect(`${agencyPath(id)}?hasil=${key}`, 303);
          } catch (error) {
            if (!(error instanceof RuleViolation)) throw error;
            const agency = await getAgencyDetail(deps.db, id, now());
            return show(request, reply, 400, title, (csrfToken) =>
              confirmPage(agency, csrfToken, { reason }, error.message),
            );
          }
        },
      );
    }

    // ——— Agreements ———

    app.get<{ Params: IdParams }>(
      `${CONSOLE}/:id/pks/baru`,
      {
        preHandler: manageAgreement,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Formulir draf PKS baru untuk instansi',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
        return show(request, reply, 200, 'Draf PKS baru', (csrfToken) =>
          agreementFormBody({
            csrfToken,
            action: `${agencyPath(agency.id)}/pks/baru`,
            back: agencyPath(agency.id),
            agency,
            values: newAgreementValues(agency),
            editing: false,
          }),
        );
      },
    );

    app.post<{ Params: IdParams; Body: Form }>(
      `${CONSOLE}/:id/pks/baru`,
      {
        preValidation: csrfCheck,
        preHandler: manageAgreement,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Menyimpan draf PKS baru (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
        const values = agreementValues(request.body);
        try {
          const id = await createAgreementDraft(
            deps.db,
            actor(request),
            agency.id,
            draftInput(values),
            now(),
          );
          return reply.redirect(`${agreementPath(id)}?hasil=draf-dibuat`, 303);
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          return show(request, reply, 400, 'Draf PKS baru', (csrfToken) =>
            agreementFormBody({
              csrfToken,
              action: `${agencyPath(agency.id)}/pks/baru`,
              back: agencyPath(agency.id),
              agency,
              values,
              editing: false,
              error: error.message,
            }),
          );
        }
      },
    );

    app.get<{ Querystring: PageQuery }>(
      AGREEMENTS,
      {
        preHandler: viewAll,
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
          pageNumber(query.halaman),
          today(),
        );
        return show(request, reply, 200, 'Semua PKS', () =>
          agreementListBody({ list, filter: { status: status ?? '', cari } }),
        );
      },
    );

    app.get<{ Params: IdParams; Querystring: PageQuery }>(
      `${AGREEMENTS}/:id`,
      {
        preHandler: viewAll,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Rincian PKS dengan riwayat (siapa, kapan, mengapa, ketentuan lama)',
          params: idParams,
          querystring: outcomeQuery,
        },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(idOf(request.params));
        const history = await agreementHistory(deps.db, agreement.id);
        const actions = can(request.portalUser!.role, 'agreement.manage')
          ? agreement.allowedActions
          : [];
        return show(request, reply, 200, `PKS ${agreement.nomorDukcapil}`, () =>
          agreementDetailBody({
            agreement,
            history,
            actions,
            back: { href: agencyPath(agreement.agencyId), label: agreement.agencyName },
            outcomeKey: request.query.hasil,
          }),
        );
      },
    );

    const editPage = (
      agreement: AgreementView,
      csrfToken: string,
      values: AgreementFormValues,
      error?: string,
    ) =>
      agreementFormBody({
        csrfToken,
        action: agreementActionPath(agreement.id, 'edit'),
        back: agreementPath(agreement.id),
        agency: { code: agreement.agencyCode, name: agreement.agencyName },
        values,
        editing: true,
        error,
      });

    app.get<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/ubah`,
      {
        preHandler: manageAgreement,
        schema: { tags: ['Portal Dukcapil'], summary: 'Formulir ubah draf PKS', params: idParams },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(idOf(request.params));
        const refusal = refusalOf(agreement, 'edit');
        return show(request, reply, refusal ? 409 : 200, 'Ubah draf PKS', (csrfToken) =>
          editPage(agreement, csrfToken, valuesOfAgreement(agreement), refusal),
        );
      },
    );

    app.post<{ Params: IdParams; Body: Form }>(
      `${AGREEMENTS}/:id/ubah`,
      {
        preValidation: csrfCheck,
        preHandler: manageAgreement,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Menyimpan perubahan draf PKS (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const values = agreementValues(request.body);
        try {
          await editAgreementDraft(deps.db, actor(request), id, draftInput(values), now());
          return reply.redirect(`${agreementPath(id)}?hasil=draf-diubah`, 303);
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          const agreement = await agreementOrNotFound(id);
          return show(request, reply, 400, 'Ubah draf PKS', (csrfToken) =>
            editPage(agreement, csrfToken, values, error.message),
          );
        }
      },
    );

    /** The confirmation pages of activate, cancel, end and revoke. */
    const closing: readonly {
      action: AgreementAction;
      title: string;
      button: string;
      outcome: string;
      warning: (a: AgreementView) => string;
      grounds?: readonly string[];
      reasonRequired: boolean;
      danger: boolean;
      run: (request: FastifyRequest, id: number, reason: string) => Promise<unknown>;
    }[] = [
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
          activateAgreement(deps.db, actor(request), id, now(), reason || null),
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
          cancelAgreementDraft(deps.db, actor(request), id, reason, now()),
      },
      {
        action: 'end',
        title: 'Akhiri PKS',
        button: 'Akhiri PKS',
        outcome: 'diakhiri',
        warning: (a) =>
          `Seketika setelah diakhiri, semua pengguna ${a.agencyCode} mendapat "Instansi tidak aktif" di portal dan API, dan semua sesi serta token mereka diakhiri. Tindakan ini final.`,
        grounds: ['Kesepakatan para pihak', 'Perubahan nama atau kelembagaan instansi', 'Lainnya'],
        reasonRequired: true,
        danger: true,
        run: (request, id, reason) => endAgreement(deps.db, actor(request), id, reason, now()),
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
        run: (request, id, reason) => revokeAgreement(deps.db, actor(request), id, reason, now()),
      },
    ];

    for (const step of closing) {
      const path = `${AGREEMENTS}/:id/${ACTION_PATHS[step.action]}`;
      const confirmPage = (
        agreement: AgreementView,
        csrfToken: string,
        values?: { reason?: string; grounds?: string },
        error?: string,
      ) =>
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
          values,
          error,
          danger: step.danger,
        });

      app.get<{ Params: IdParams }>(
        path,
        {
          preHandler: manageAgreement,
          schema: {
            tags: ['Portal Dukcapil'],
            summary: `Konfirmasi: ${step.title.toLowerCase()}`,
            params: idParams,
          },
        },
        async (request, reply) => {
          const agreement = await agreementOrNotFound(idOf(request.params));
          const refusal = refusalOf(agreement, step.action);
          return show(request, reply, refusal ? 409 : 200, step.title, (csrfToken) =>
            confirmPage(agreement, csrfToken, undefined, refusal),
          );
        },
      );

      app.post<{ Params: IdParams; Body: Form }>(
        path,
        {
          preValidation: csrfCheck,
          preHandler: manageAgreement,
          schema: {
            tags: ['Portal Dukcapil'],
            summary: `${step.title} (formulir, CSRF${step.reasonRequired ? ', alasan wajib' : ''})`,
            params: idParams,
          },
        },
        async (request, reply) => {
          const id = idOf(request.params);
          const text = one(request.body, 'reason').trim();
          const grounds = one(request.body, 'grounds');
          const reason =
            step.grounds && step.grounds.includes(grounds) && grounds !== 'Lainnya' && text
              ? `${grounds}: ${text}`
              : text;
          try {
            confirmed(request.body);
            await step.run(request, id, reason);
            return reply.redirect(`${agreementPath(id)}?hasil=${step.outcome}`, 303);
          } catch (error) {
            if (!(error instanceof RuleViolation)) throw error;
            const agreement = await agreementOrNotFound(id);
            return show(request, reply, 400, step.title, (csrfToken) =>
              confirmPage(agreement, csrfToken, { reason: text, grounds }, error.message),
            );
          }
        },
      );
    }

    const addendumPage = (
      agreement: AgreementView,
      csrfToken: string,
      values: AddendumFormValues,
      error?: string,
    ) => addendumFormBody({ csrfToken, agreement, values, error });

    app.get<{ Params: IdParams }>(
      `${AGREEMENTS}/:id/adendum`,
      {
        preHandler: manageAgreement,
        schema: { tags: ['Portal Dukcapil'], summary: 'Formulir adendum PKS', params: idParams },
      },
      async (request, reply) => {
        const agreement = await agreementOrNotFound(idOf(request.params));
        const refusal = refusalOf(agreement, 'amend');
        const values: AddendumFormValues = {
          nomor: '',
          tanggal: today(),
          reason: '',
          endsOn: agreement.endsOn,
          grantedElements: agreement.grantedElements,
          accessMethods: agreement.accessMethods,
          accessPoints: agreement.accessPoints.join(', '),
          bandwidthKbps: String(agreement.bandwidthKbps),
          quotaStage: agreement.quotaStage,
        };
        return show(request, reply, refusal ? 409 : 200, 'Adendum PKS', (csrfToken) =>
          addendumPage(agreement, csrfToken, values, refusal),
        );
      },
    );

    app.post<{ Params: IdParams; Body: Form }>(
      `${AGREEMENTS}/:id/adendum`,
      {
        preValidation: csrfCheck,
        preHandler: manageAgreement,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mencatat adendum PKS (formulir, CSRF, alasan wajib)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const form = request.body;
        const values: AddendumFormValues = {
          nomor: one(form, 'nomor').trim(),
          tanggal: one(form, 'tanggal').trim(),
          reason: one(form, 'reason'),
          endsOn: one(form, 'endsOn'),
          grantedElements: many(form, 'grantedElements'),
          accessMethods: many(form, 'accessMethods'),
          accessPoints: one(form, 'accessPoints'),
          bandwidthKbps: one(form, 'bandwidthKbps'),
          quotaStage: one(form, 'quotaStage'),
        };
        try {
          confirmed(form);
          await applyAddendum(
            deps.db,
            actor(request),
            id,
            {
              endsOn: values.endsOn,
              grantedElements: values.grantedElements,
              accessMethods: values.accessMethods,
              accessPoints: splitList(values.accessPoints),
              bandwidthKbps: integerOf(values.bandwidthKbps),
              quotaStage: values.quotaStage,
            },
            values.reason,
            values.nomor ? { nomor: values.nomor, tanggal: values.tanggal } : null,
            now(),
          );
          return reply.redirect(`${agreementPath(id)}?hasil=adendum`, 303);
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          const agreement = await agreementOrNotFound(id);
          return show(request, reply, 400, 'Adendum PKS', (csrfToken) =>
            addendumPage(agreement, csrfToken, values, error.message),
          );
        }
      },
    );

    // ——— The agency head: own agency, read-only ———

    app.get(
      '/instansi',
      {
        preHandler: viewOwn,
        schema: { tags: ['Portal Instansi'], summary: 'Instansi saya: data instansi dan PKS-nya' },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const own = await ownAgency(deps.db, user.agencyId!, now());
        return show(request, reply, 200, 'Instansi saya', () => ownAgencyBody(own));
      },
    );

    app.get<{ Params: IdParams }>(
      '/instansi/pks/:id',
      {
        preHandler: viewOwn,
        schema: {
          tags: ['Portal Instansi'],
          summary: 'PKS instansi sendiri dengan riwayatnya',
          params: idParams,
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const { agreement, history } = await ownAgreement(
          deps.db,
          user.agencyId!,
          idOf(request.params),
          today(),
        );
        return show(request, reply, 200, `PKS ${agreement.nomorDukcapil}`, () =>
          agreementDetailBody({
            agreement,
            history,
            actions: [],
            back: { href: '/instansi', label: 'Instansi saya' },
          }),
        );
      },
    );
  };
