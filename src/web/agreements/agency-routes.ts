import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { can } from '../../domain/permissions.js';
import { wibDay } from '../../domain/time.js';
import {
  deactivateAgency,
  editAgency,
  getAgencyDetail,
  listAgenciesPage,
  reactivateAgency,
  registerAgency,
  type AgencyDetail,
} from '../../services/agreements/agencies.js';
import { PAGE_SIZE } from '../../services/agreements/agreement-queries.js';
import type { Deps } from '../../services/deps.js';
import type { FormState } from '../kit/form-fields.js';
import { readForm } from '../kit/form-reader.js';
import { readPage } from '../kit/pager.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { agencyDetailBody, agencyFormBody, agencyListBody, agencySummary } from './agency-views.js';
import {
  confirmForm,
  FORM_OPTIONS,
  idOf,
  idParams,
  listQuery,
  optionalText,
  outcomeQuery,
  pageProblem,
  showPage,
  submitForm,
  type IdParams,
  type PageQuery,
} from './console-requests.js';
import { agencyPath, confirmBody, CONSOLE } from './console-views.js';

/**
 * The agency's details as the form posts them. Each is optional here: the use case checks
 * them all at once (required, lengths, e-mail, telephone) and names every problem.
 */
const AgencyForm = Type.Object({
  name: optionalText(200),
  address: optionalText(300),
  headTitle: optionalText(200),
  headName: optionalText(120),
  email: optionalText(200),
  phone: optionalText(30),
});
const NewAgencyForm = Type.Object({ code: optionalText(20), ...AgencyForm.properties });

const AGENCY_FORM_OPTIONS = {
  labels: {
    code: 'Kode instansi',
    name: 'Nama resmi instansi',
    address: 'Alamat kantor',
    headTitle: 'Jabatan pimpinan instansi',
    headName: 'Nama pimpinan instansi',
    email: 'Email instansi',
    phone: 'Telepon',
  },
};

const agencyInput = (form: Static<typeof AgencyForm>) => ({
  name: form.name ?? '',
  address: form.address ?? null,
  headTitle: form.headTitle ?? null,
  headName: form.headName ?? null,
  email: form.email ?? null,
  phone: form.phone ?? null,
});

/** The form of an agency as it is, for editing. */
function stateOfAgency(agency: AgencyDetail): FormState {
  return {
    values: {
      name: agency.name,
      address: agency.address ?? '',
      headTitle: agency.headTitle ?? '',
      headName: agency.headName ?? '',
      email: agency.email ?? '',
      phone: agency.phone ?? '',
    },
  };
}

/**
 * The Dukcapil console's agencies (/dukcapil/instansi): the list and an agency's detail for
 * admins and evaluators (agreement.viewAll); registering, editing, deactivating and
 * reactivating for admins only (agency.manage).
 */
export const agencyConsoleRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const now = () => deps.clock();
    const today = () => wibDay(deps.clock());

    app.get<{ Querystring: PageQuery }>(
      CONSOLE,
      {
        config: { permission: 'agreement.viewAll' },
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
          readPage(query, { size: PAGE_SIZE }).page,
          today(),
        );
        return showPage(request, reply, 200, 'Instansi & PKS', () =>
          agencyListBody({
            list,
            filter: { status, nama },
            canManage: can(portalUserOf(request).role, 'agency.manage'),
            outcomeKey: query.hasil,
          }),
        );
      },
    );

    const registerPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      state: FormState,
    ) =>
      showPage(request, reply, status, 'Daftarkan instansi', (csrfToken) =>
        agencyFormBody({ csrfToken, action: `${CONSOLE}/baru`, state }),
      );

    app.get(
      `${CONSOLE}/baru`,
      {
        config: { permission: 'agency.manage' },
        schema: { tags: ['Portal Dukcapil'], summary: 'Formulir pendaftaran instansi' },
      },
      async (request, reply) => registerPage(request, reply, 200, {}),
    );

    app.post(
      `${CONSOLE}/baru`,
      {
        config: { permission: 'agency.manage' },
        preValidation: csrfCheck,
        schema: { tags: ['Portal Dukcapil'], summary: 'Mendaftarkan instansi (formulir, CSRF)' },
      },
      async (request, reply) => {
        const form = readForm(request, NewAgencyForm, AGENCY_FORM_OPTIONS);
        const outcome = await submitForm(form, async (value) => {
          const input = { ...agencyInput(value), code: value.code ?? '' };
          const id = await registerAgency(deps.db, portalUserOf(request), input, now());
          return `${agencyPath(id)}?hasil=instansi-didaftarkan`;
        });
        if ('location' in outcome) return reply.redirect(outcome.location, 303);
        return registerPage(request, reply, outcome.status, outcome.state);
      },
    );

    app.get<{ Params: IdParams; Querystring: PageQuery }>(
      `${CONSOLE}/:id`,
      {
        config: { permission: 'agreement.viewAll' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Rincian instansi: PKS, jumlah pengguna, riwayat',
          params: idParams,
          querystring: outcomeQuery,
        },
      },
      async (request, reply) => {
        const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
        const role = portalUserOf(request).role;
        return showPage(request, reply, 200, agency.name, () =>
          agencyDetailBody({
            agency,
            canManageAgency: can(role, 'agency.manage'),
            canManageAgreements: can(role, 'agreement.manage'),
            outcomeKey: request.query.hasil,
          }),
        );
      },
    );

    const editPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      agency: AgencyDetail,
      state: FormState,
    ) =>
      showPage(request, reply, status, 'Ubah data instansi', (csrfToken) =>
        agencyFormBody({
          csrfToken,
          action: `${agencyPath(agency.id)}/ubah`,
          state,
          existing: { code: agency.code, id: agency.id },
        }),
      );

    app.get<{ Params: IdParams }>(
      `${CONSOLE}/:id/ubah`,
      {
        config: { permission: 'agency.manage' },
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Formulir ubah data instansi',
          params: idParams,
        },
      },
      async (request, reply) => {
        const agency = await getAgencyDetail(deps.db, idOf(request.params), now());
        return editPage(request, reply, 200, agency, stateOfAgency(agency));
      },
    );

    app.post<{ Params: IdParams }>(
      `${CONSOLE}/:id/ubah`,
      {
        config: { permission: 'agency.manage' },
        preValidation: csrfCheck,
        schema: {
          tags: ['Portal Dukcapil'],
          summary: 'Mengubah data instansi (formulir, CSRF)',
          params: idParams,
        },
      },
      async (request, reply) => {
        const id = idOf(request.params);
        const form = readForm(request, AgencyForm, AGENCY_FORM_OPTIONS);
        const outcome = await submitForm(form, async (value) => {
          await editAgency(deps.db, portalUserOf(request), id, agencyInput(value), now());
          return `${agencyPath(id)}?hasil=instansi-diubah`;
        });
        if ('location' in outcome) return reply.redirect(outcome.location, 303);
        const agency = await getAgencyDetail(deps.db, id, now());
        return editPage(request, reply, outcome.status, agency, outcome.state);
      },
    );

    for (const change of ['nonaktifkan', 'aktifkan'] as const) {
      const deactivating = change === 'nonaktifkan';
      const title = deactivating ? 'Nonaktifkan instansi' : 'Aktifkan kembali instansi';
      const confirmPage = (agency: AgencyDetail, csrfToken: string, state: FormState) =>
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
          state,
          danger: deactivating,
        });
      const ReasonForm = confirmForm(true);

      app.get<{ Params: IdParams }>(
        `${CONSOLE}/:id/${change}`,
        {
          config: { permission: 'agency.manage' },
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
          return showPage(request, reply, stateError ? 409 : 200, title, (csrfToken) =>
            confirmPage(agency, csrfToken, { errors: pageProblem(stateError) }),
          );
        },
      );

      app.post<{ Params: IdParams }>(
        `${CONSOLE}/:id/${change}`,
        {
          config: { permission: 'agency.manage' },
          preValidation: csrfCheck,
          schema: {
            tags: ['Portal Dukcapil'],
            summary: `${title} (formulir, CSRF, alasan wajib)`,
            params: idParams,
          },
        },
        async (request, reply) => {
          const id = idOf(request.params);
          const form = readForm(request, ReasonForm, FORM_OPTIONS);
          const outcome = await submitForm(form, async ({ reason }) => {
            const actor = portalUserOf(request);
            if (deactivating) await deactivateAgency(deps.db, actor, id, reason, now());
            else await reactivateAgency(deps.db, actor, id, reason, now());
            const key = deactivating ? 'instansi-dinonaktifkan' : 'instansi-diaktifkan';
            return `${agencyPath(id)}?hasil=${key}`;
          });
          if ('location' in outcome) return reply.redirect(outcome.location, 303);
          const agency = await getAgencyDetail(deps.db, id, now());
          return showPage(request, reply, outcome.status, title, (csrfToken) =>
            confirmPage(agency, csrfToken, outcome.state),
          );
        },
      );
    }
  };
