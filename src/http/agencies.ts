import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { wibDay } from '../domain/time.js';
import {
  deactivateAgency,
  editAgency,
  getAgencyDetail,
  listAgenciesPage,
  reactivateAgency,
  registerAgency,
  type AgencyDetail,
  type AgencyInput,
} from '../services/agreements/agencies.js';
import { pageNumber } from '../services/agreements/agreement-queries.js';
import type { Deps } from '../services/deps.js';
import {
  AgreementJson,
  agreementJson,
  Closed,
  errors,
  Id,
  IsoDate,
  NullableString,
  Page,
  ReasonBody,
} from './agreement-json.js';
import { actorOf, bearerSecurity } from './caller-hook.js';

/*
 * The JSON API of agencies for Dukcapil (/api/v1/admin/instansi, issue 3 item 1), on the
 * same use cases as the console.
 */

const AGENCIES = '/api/v1/admin/instansi';
const TAG_AGENCY = 'Instansi (Dukcapil)';

const agencyFields = {
  nama: Type.String({ minLength: 3, maxLength: 200 }),
  alamat: Type.String({ minLength: 5, maxLength: 300 }),
  jabatanPimpinan: Type.String({ minLength: 3, maxLength: 200 }),
  namaPimpinan: Type.Optional(NullableString),
  email: Type.Optional(NullableString),
  telepon: Type.Optional(NullableString),
};
const AgencyBody = Type.Object(agencyFields, { additionalProperties: false });
const NewAgencyBody = Type.Object(
  {
    kode: Type.String({ minLength: 2, maxLength: 20, description: 'Mis. DINKES' }),
    ...agencyFields,
  },
  { additionalProperties: false },
);

const AgencySummaryJson = Type.Object({
  id: Type.Integer(),
  kode: Type.String(),
  nama: Type.String(),
  status: Type.Unsafe<string>({ type: 'string', enum: ['AKTIF', 'NON_AKTIF'] }),
  pksBerlaku: Type.Union([
    Type.Object({ nomorDukcapil: Type.String(), tanggalBerakhir: IsoDate }),
    Type.Null(),
  ]),
  jumlahPengguna: Type.Integer(),
});

const AgencyDetailJson = Type.Object({
  id: Type.Integer(),
  kode: Type.String(),
  nama: Type.String(),
  status: Type.String(),
  alamat: NullableString,
  jabatanPimpinan: NullableString,
  namaPimpinan: NullableString,
  email: NullableString,
  telepon: NullableString,
  jumlahPengguna: Type.Integer(),
  pks: Type.Array(AgreementJson),
  riwayat: Type.Array(
    Type.Object({
      waktu: Type.String({ format: 'date-time' }),
      tindakan: Type.String(),
      objek: Type.String(),
      oleh: NullableString,
      alasan: NullableString,
    }),
  ),
});

function agencyJson(agency: AgencyDetail): Static<typeof AgencyDetailJson> {
  return {
    id: agency.id,
    kode: agency.code,
    nama: agency.name,
    status: agency.status,
    alamat: agency.address,
    jabatanPimpinan: agency.headTitle,
    namaPimpinan: agency.headName,
    email: agency.email,
    telepon: agency.phone,
    jumlahPengguna: agency.users,
    pks: agency.agreements.map(agreementJson),
    riwayat: agency.history.map((entry) => ({
      waktu: entry.at.toISOString(),
      tindakan: entry.action,
      objek: entry.target,
      oleh: entry.actor,
      alasan: entry.reason,
    })),
  };
}

function agencyInput(body: Static<typeof AgencyBody>): AgencyInput {
  return {
    name: body.nama,
    address: body.alamat,
    headTitle: body.jabatanPimpinan,
    headName: body.namaPimpinan ?? null,
    email: body.email ?? null,
    phone: body.telepon ?? null,
  };
}

export const agencyApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const today = () => wibDay(deps.clock());

    const agencyDetail = async (id: number) =>
      agencyJson(await getAgencyDetail(deps.db, id, deps.clock()));

    api.get(
      AGENCIES,
      {
        config: { permission: 'agreement.viewAll' },
        schema: {
          summary: 'Daftar instansi (halaman 20 baris; saring status, nama atau kode)',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          querystring: Type.Object({
            status: Type.Optional(
              Type.Unsafe<string>({ type: 'string', enum: ['AKTIF', 'NON_AKTIF'] }),
            ),
            cari: Type.Optional(Type.String({ maxLength: 100 })),
            halaman: Page,
          }),
          response: {
            200: Type.Object({
              data: Type.Array(AgencySummaryJson),
              total: Type.Integer(),
              halaman: Type.Integer(),
              jumlahHalaman: Type.Integer(),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const { status, cari, halaman } = request.query;
        const list = await listAgenciesPage(
          deps.db,
          {
            ...(status === 'AKTIF' || status === 'NON_AKTIF' ? { status } : {}),
            ...(cari?.trim() ? { text: cari.trim() } : {}),
          },
          pageNumber(halaman),
          today(),
        );
        return {
          data: list.rows.map((row) => ({
            id: row.id,
            kode: row.code,
            nama: row.name,
            status: row.status,
            pksBerlaku:
              row.agreementInForce && row.agreementEndsOn
                ? { nomorDukcapil: row.agreementInForce, tanggalBerakhir: row.agreementEndsOn }
                : null,
            jumlahPengguna: row.users,
          })),
          total: list.total,
          halaman: list.page,
          jumlahHalaman: list.pages,
        };
      },
    );

    api.post(
      AGENCIES,
      {
        config: { permission: 'agency.manage' },
        schema: {
          summary: 'Mendaftarkan instansi',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          body: NewAgencyBody,
          response: { 201: AgencyDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = await registerAgency(
          deps.db,
          actor,
          { code: request.body.kode, ...agencyInput(request.body) },
          deps.clock(),
        );
        return reply.code(201).send(await agencyDetail(id));
      },
    );

    api.get(
      `${AGENCIES}/:id`,
      {
        config: { permission: 'agreement.viewAll' },
        schema: {
          summary: 'Rincian instansi: PKS, jumlah pengguna, riwayat administrasi',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          params: Id,
          response: { 200: AgencyDetailJson, ...errors },
        },
      },
      async (request) => {
        return agencyDetail(Number(request.params.id));
      },
    );

    api.put(
      `${AGENCIES}/:id`,
      {
        config: { permission: 'agency.manage' },
        schema: {
          summary: 'Mengubah data instansi (kode tetap)',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          params: Id,
          body: AgencyBody,
          response: { 200: AgencyDetailJson, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = Number(request.params.id);
        await editAgency(deps.db, actor, id, agencyInput(request.body), deps.clock());
        return agencyDetail(id);
      },
    );

    api.post(
      `${AGENCIES}/:id/nonaktifkan`,
      {
        config: { permission: 'agency.manage' },
        schema: {
          summary:
            'Menonaktifkan instansi: seketika semua penggunanya mendapat INSTANSI_TIDAK_AKTIF; sesi dan token diakhiri',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          params: Id,
          body: ReasonBody,
          response: { 200: Type.Intersect([AgencyDetailJson, Closed]), ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = Number(request.params.id);
        const ended = await deactivateAgency(deps.db, actor, id, request.body.alasan, deps.clock());
        return { ...(await agencyDetail(id)), sesiDiakhiri: ended };
      },
    );

    api.post(
      `${AGENCIES}/:id/aktifkan`,
      {
        config: { permission: 'agency.manage' },
        schema: {
          summary: 'Mengaktifkan kembali instansi',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          params: Id,
          body: ReasonBody,
          response: { 200: AgencyDetailJson, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = Number(request.params.id);
        await reactivateAgency(deps.db, actor, id, request.body.alasan, deps.clock());
        return agencyDetail(id);
      },
    );
  };
