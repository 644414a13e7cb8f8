import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { ACCESS_METHODS } from '../domain/agreement.js';
import { QUOTA_STAGES, type AgreementRecord } from '../domain/agreement-record.js';
import { AGREEMENT_STATUSES, isAgreementStatus } from '../domain/agreement-state.js';
import { ELEMENTS } from '../domain/elements.js';
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
  ownAgreements,
  pageNumber,
  revokeAgreement,
  type AgreementDraftInput,
  type AgreementEventView,
  type AgreementView,
} from '../services/agreements/agreement-lifecycle.js';
import type { Deps } from '../services/deps.js';
import { NotFound } from '../services/errors.js';
import { apiCaller, bearerSecurity } from './api-caller.js';
import { ErrorBody } from './schemas.js';

/*
 * The JSON API of agencies and agreements (issue 3 item 1), on the same use cases as the
 * console: Dukcapil under /api/v1/admin/instansi and /api/v1/admin/pks, the agency head
 * (own agreements, read-only) under /api/v1/instansi/pks.
 */

const AGENCIES = '/api/v1/admin/instansi';
const AGREEMENTS = '/api/v1/admin/pks';
const OWN = '/api/v1/instansi/pks';
const TAG_AGENCY = 'Instansi (Dukcapil)';
const TAG_AGREEMENT = 'PKS (Dukcapil)';
const TAG_OWN = 'PKS instansi';

const NullableString = Type.Union([Type.String(), Type.Null()]);
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Element = Type.Unsafe<string>({ type: 'string', enum: [...ELEMENTS] });
const Method = Type.Unsafe<string>({ type: 'string', enum: [...ACCESS_METHODS] });
const Stage = Type.Unsafe<string>({
  type: 'string',
  enum: [...QUOTA_STAGES],
  description: 'PRA_POC: 200 NIK per hari; PASCA_POC: tanpa batas',
});
const AgreementStatus = Type.Unsafe<string>({ type: 'string', enum: [...AGREEMENT_STATUSES] });
const Reason = Type.String({
  minLength: 5,
  maxLength: 1000,
  description: 'Alasan (5–1000 karakter)',
});
const Page = Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'Mulai 1' }));
const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });

// ——— Agencies ———

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

const Terms = Type.Object(
  {
    nomorDukcapil: Type.String(),
    nomorInstansi: Type.String(),
    nomorJuknis: NullableString,
    tanggalTandaTangan: IsoDate,
    tanggalBerakhir: IsoDate,
    maksudTujuan: Type.String(),
    elemenData: Type.Array(Type.String()),
    metodeAkses: Type.Array(Type.String()),
    titikAkses: Type.Array(Type.String()),
    bandwidthKbps: Type.Integer(),
    tahapKuota: Type.String(),
    pihakKesatu: Type.Object({
      nama: Type.String(),
      jabatanPimpinan: Type.String(),
      namaPimpinan: NullableString,
    }),
    pihakKedua: Type.Object({
      nama: Type.String(),
      jabatanPimpinan: Type.String(),
      namaPimpinan: NullableString,
    }),
  },
  { description: 'Ketentuan PKS' },
);

const AgreementJson = Type.Intersect([
  Type.Object({
    id: Type.Integer(),
    instansi: Type.Object({ id: Type.Integer(), kode: Type.String(), nama: Type.String() }),
    status: AgreementStatus,
    statusBerlaku: Type.Unsafe<string>({
      type: 'string',
      enum: [...AGREEMENT_STATUSES],
      description:
        'Status yang berlaku hari ini (WIB): PKS yang lewat tanggal berakhirnya BERAKHIR',
    }),
    keteranganStatus: Type.String(),
    tindakanTersedia: Type.Array(Type.String()),
  }),
  Terms,
]);

const HistoryJson = Type.Object({
  waktu: Type.String({ format: 'date-time' }),
  peristiwa: Type.String(),
  oleh: NullableString,
  alasan: NullableString,
  adendum: Type.Union([Type.Object({ nomor: Type.String(), tanggal: IsoDate }), Type.Null()]),
  ketentuanSebelum: Type.Union([Terms, Type.Null()]),
  ketentuanSesudah: Type.Union([Terms, Type.Null()]),
});

const AgreementDetailJson = Type.Intersect([
  AgreementJson,
  Type.Object({ riwayat: Type.Array(HistoryJson) }),
]);

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

const Closed = Type.Object({
  sesiDiakhiri: Type.Integer({
    description: 'Sesi portal dan token API pengguna instansi yang diakhiri seketika',
  }),
});

// ——— Agreements ———

const Party = Type.Object(
  {
    nama: Type.String(),
    jabatanPimpinan: Type.String(),
    namaPimpinan: Type.Optional(NullableString),
  },
  { additionalProperties: false },
);

const draftFields = {
  nomorDukcapil: Type.String({ maxLength: 60 }),
  nomorInstansi: Type.String({ maxLength: 60 }),
  nomorJuknis: Type.Optional(NullableString),
  tanggalTandaTangan: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
  tanggalBerakhir: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
  maksudTujuan: Type.String({ maxLength: 500 }),
  elemenData: Type.Array(Element, { minItems: 1, maxItems: 8 }),
  metodeAkses: Type.Array(Method, { minItems: 1, maxItems: 3 }),
  titikAkses: Type.Array(Type.String({ maxLength: 50 }), { minItems: 1, maxItems: 20 }),
  bandwidthKbps: Type.Integer(),
  tahapKuota: Stage,
  pihakKesatu: Type.Optional(Party),
  pihakKedua: Type.Optional(Party),
};
const DraftBody = Type.Object(draftFields, {
  additionalProperties: false,
  description:
    'Pihak yang tidak dikirim memakai nilai biasa: PIHAK KESATU Dukcapil Kabupaten Purbalingga, PIHAK KEDUA instansi dan jabatan pimpinannya',
});
const NewDraftBody = Type.Object(
  { instansiId: Type.Integer(), ...draftFields },
  { additionalProperties: false },
);

const ReasonBody = Type.Object({ alasan: Reason }, { additionalProperties: false });

const AddendumBody = Type.Object(
  {
    perubahan: Type.Object(
      {
        tanggalBerakhir: Type.Optional(
          Type.String({ maxLength: 10, description: 'Perpanjangan: tanggal berakhir baru' }),
        ),
        elemenData: Type.Optional(Type.Array(Element, { minItems: 1, maxItems: 8 })),
        metodeAkses: Type.Optional(Type.Array(Method, { minItems: 1, maxItems: 3 })),
        titikAkses: Type.Optional(
          Type.Array(Type.String({ maxLength: 50 }), { minItems: 1, maxItems: 20 }),
        ),
        bandwidthKbps: Type.Optional(Type.Integer()),
        tahapKuota: Type.Optional(Stage),
      },
      { additionalProperties: false },
    ),
    alasan: Reason,
    adendum: Type.Union(
      [
        Type.Object(
          { nomor: Type.String({ maxLength: 60 }), tanggal: Type.String({ maxLength: 10 }) },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      {
        description: 'Surat adendum; null hanya untuk perubahan tahap kuota saja (lulus PoC)',
      },
    ),
  },
  { additionalProperties: false },
);

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 500: ErrorBody };

function termsJson(record: AgreementRecord): Static<typeof Terms> {
  return {
    nomorDukcapil: record.nomorDukcapil,
    nomorInstansi: record.nomorInstansi,
    nomorJuknis: record.nomorJuknis,
    tanggalTandaTangan: record.signedOn,
    tanggalBerakhir: record.endsOn,
    maksudTujuan: record.purpose,
    elemenData: [...record.grantedElements],
    metodeAkses: [...record.accessMethods],
    titikAkses: [...record.accessPoints],
    bandwidthKbps: record.bandwidthKbps,
    tahapKuota: record.quotaStage,
    pihakKesatu: {
      nama: record.firstPartyName,
      jabatanPimpinan: record.firstPartyHeadTitle,
      namaPimpinan: record.firstPartyHeadName,
    },
    pihakKedua: {
      nama: record.secondPartyName,
      jabatanPimpinan: record.secondPartyHeadTitle,
      namaPimpinan: record.secondPartyHeadName,
    },
  };
}

function agreementJson(view: AgreementView): Static<typeof AgreementJson> {
  return {
    id: view.id,
    instansi: { id: view.agencyId, kode: view.agencyCode, nama: view.agencyName },
    status: view.status,
    statusBerlaku: view.effectiveStatus,
    keteranganStatus: view.statusLabel,
    tindakanTersedia: [...view.allowedActions],
    ...termsJson(view),
  };
}

function historyJson(history: readonly AgreementEventView[]) {
  return history.map((event) => ({
    waktu: event.at.toISOString(),
    peristiwa: event.kind,
    oleh: event.actor,
    alasan: event.reason,
    adendum: event.addendum,
    ketentuanSebelum: event.termsBefore ? termsJson(event.termsBefore) : null,
    ketentuanSesudah: event.termsAfter ? termsJson(event.termsAfter) : null,
  }));
}

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

function draftInput(body: Static<typeof DraftBody>): AgreementDraftInput {
  return {
    nomorDukcapil: body.nomorDukcapil,
    nomorInstansi: body.nomorInstansi,
    nomorJuknis: body.nomorJuknis ?? null,
    signedOn: body.tanggalTandaTangan,
    endsOn: body.tanggalBerakhir,
    purpose: body.maksudTujuan,
    grantedElements: body.elemenData,
    accessMethods: body.metodeAkses,
    accessPoints: body.titikAkses,
    bandwidthKbps: body.bandwidthKbps,
    quotaStage: body.tahapKuota,
    ...(body.pihakKesatu
      ? {
          firstPartyName: body.pihakKesatu.nama,
          firstPartyHeadTitle: body.pihakKesatu.jabatanPimpinan,
          firstPartyHeadName: body.pihakKesatu.namaPimpinan ?? null,
        }
      : {}),
    ...(body.pihakKedua
      ? {
          secondPartyName: body.pihakKedua.nama,
          secondPartyHeadTitle: body.pihakKedua.jabatanPimpinan,
          secondPartyHeadName: body.pihakKedua.namaPimpinan ?? null,
        }
      : {}),
  };
}

export const adminAgreementsApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const today = () => wibDay(deps.clock());

    const agreementDetail = async (id: number) => {
      const view = await getAgreement(deps.db, id, today());
      if (!view) throw new NotFound('PKS tidak ditemukan');
      return { ...agreementJson(view), riwayat: historyJson(await agreementHistory(deps.db, id)) };
    };
    const agencyDetail = async (id: number) =>
      agencyJson(await getAgencyDetail(deps.db, id, deps.clock()));

    // ——— Agencies ———

    api.get(
      AGENCIES,
      {
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
      async (request, reply) => {
        if (!(await apiCaller(deps, request, reply, 'agreement.viewAll'))) return reply;
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
        schema: {
          summary: 'Mendaftarkan instansi',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          body: NewAgencyBody,
          response: { 201: AgencyDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agency.manage');
        if (!caller) return reply;
        const id = await registerAgency(
          deps.db,
          caller,
          { code: request.body.kode, ...agencyInput(request.body) },
          deps.clock(),
        );
        return reply.code(201).send(await agencyDetail(id));
      },
    );

    api.get(
      `${AGENCIES}/:id`,
      {
        schema: {
          summary: 'Rincian instansi: PKS, jumlah pengguna, riwayat administrasi',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          params: Id,
          response: { 200: AgencyDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        if (!(await apiCaller(deps, request, reply, 'agreement.viewAll'))) return reply;
        return agencyDetail(Number(request.params.id));
      },
    );

    api.put(
      `${AGENCIES}/:id`,
      {
        schema: {
          summary: 'Mengubah data instansi (kode tetap)',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          params: Id,
          body: AgencyBody,
          response: { 200: AgencyDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agency.manage');
        if (!caller) return reply;
        const id = Number(request.params.id);
        await editAgency(deps.db, caller, id, agencyInput(request.body), deps.clock());
        return agencyDetail(id);
      },
    );

    api.post(
      `${AGENCIES}/:id/nonaktifkan`,
      {
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
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agency.manage');
        if (!caller) return reply;
        const id = Number(request.params.id);
        const ended = await deactivateAgency(
          deps.db,
          caller,
          id,
          request.body.alasan,
          deps.clock(),
        );
        return { ...(await agencyDetail(id)), sesiDiakhiri: ended };
      },
    );

    api.post(
      `${AGENCIES}/:id/aktifkan`,
      {
        schema: {
          summary: 'Mengaktifkan kembali instansi',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          params: Id,
          body: ReasonBody,
          response: { 200: AgencyDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agency.manage');
        if (!caller) return reply;
        const id = Number(request.params.id);
        await reactivateAgency(deps.db, caller, id, request.body.alasan, deps.clock());
        return agencyDetail(id);
      },
    );

    // ——— Agreements ———

    api.get(
      AGREEMENTS,
      {
        schema: {
          summary: 'Daftar PKS (halaman 20 baris; saring status, instansi, nomor)',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          querystring: Type.Object({
            status: Type.Optional(AgreementStatus),
            instansiId: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
            cari: Type.Optional(Type.String({ maxLength: 100 })),
            halaman: Page,
          }),
          response: {
            200: Type.Object({
              data: Type.Array(AgreementJson),
              total: Type.Integer(),
              halaman: Type.Integer(),
              jumlahHalaman: Type.Integer(),
            }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        if (!(await apiCaller(deps, request, reply, 'agreement.viewAll'))) return reply;
        const { status, instansiId, cari, halaman } = request.query;
        const list = await listAgreementsPage(
          deps.db,
          {
            ...(status && isAgreementStatus(status) ? { status } : {}),
            ...(instansiId ? { agencyId: Number(instansiId) } : {}),
            ...(cari?.trim() ? { text: cari.trim() } : {}),
          },
          pageNumber(halaman),
          today(),
        );
        return {
          data: list.rows.map(agreementJson),
          total: list.total,
          halaman: list.page,
          jumlahHalaman: list.pages,
        };
      },
    );

    api.post(
      AGREEMENTS,
      {
        schema: {
          summary: 'Membuat draf PKS untuk instansi (belum berlaku sampai diberlakukan)',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          body: NewDraftBody,
          response: { 201: AgreementDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agreement.manage');
        if (!caller) return reply;
        const id = await createAgreementDraft(
          deps.db,
          caller,
          request.body.instansiId,
          draftInput(request.body),
          deps.clock(),
        );
        return reply.code(201).send(await agreementDetail(id));
      },
    );

    api.get(
      `${AGREEMENTS}/:id`,
      {
        schema: {
          summary: 'Rincian PKS dengan riwayat (siapa, kapan, mengapa, ketentuan lama dan baru)',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          params: Id,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        if (!(await apiCaller(deps, request, reply, 'agreement.viewAll'))) return reply;
        return agreementDetail(Number(request.params.id));
      },
    );

    api.put(
      `${AGREEMENTS}/:id`,
      {
        schema: {
          summary: 'Mengubah draf PKS (PKS yang berlaku hanya diubah dengan adendum)',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          params: Id,
          body: DraftBody,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agreement.manage');
        if (!caller) return reply;
        const id = Number(request.params.id);
        await editAgreementDraft(deps.db, caller, id, draftInput(request.body), deps.clock());
        return agreementDetail(id);
      },
    );

    api.post(
      `${AGREEMENTS}/:id/berlakukan`,
      {
        schema: {
          summary: 'Memberlakukan draf PKS yang telah ditandatangani',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          params: Id,
          body: Type.Object(
            { catatan: Type.Optional(Type.String({ maxLength: 1000 })) },
            { additionalProperties: false },
          ),
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agreement.manage');
        if (!caller) return reply;
        const id = Number(request.params.id);
        await activateAgreement(deps.db, caller, id, deps.clock(), request.body.catatan ?? null);
        return agreementDetail(id);
      },
    );

    api.post(
      `${AGREEMENTS}/:id/batalkan`,
      {
        schema: {
          summary: 'Membatalkan draf PKS',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          params: Id,
          body: ReasonBody,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agreement.manage');
        if (!caller) return reply;
        const id = Number(request.params.id);
        await cancelAgreementDraft(deps.db, caller, id, request.body.alasan, deps.clock());
        return agreementDetail(id);
      },
    );

    for (const [path, summary, close] of [
      [
        'akhiri',
        'Mengakhiri PKS (kesepakatan para pihak, perubahan nama/kelembagaan): seketika semua pengguna instansi mendapat INSTANSI_TIDAK_AKTIF; sesi dan token diakhiri',
        endAgreement,
      ],
      [
        'cabut',
        'Mencabut PKS (kewajiban tidak dipenuhi): seketika semua pengguna instansi mendapat INSTANSI_TIDAK_AKTIF; sesi dan token diakhiri',
        revokeAgreement,
      ],
    ] as const) {
      api.post(
        `${AGREEMENTS}/:id/${path}`,
        {
          schema: {
            summary,
            tags: [TAG_AGREEMENT],
            security: bearerSecurity,
            params: Id,
            body: ReasonBody,
            response: { 200: Type.Intersect([AgreementDetailJson, Closed]), ...errors },
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, 'agreement.manage');
          if (!caller) return reply;
          const id = Number(request.params.id);
          const ended = await close(deps.db, caller, id, request.body.alasan, deps.clock());
          return { ...(await agreementDetail(id)), sesiDiakhiri: ended };
        },
      );
    }

    api.post(
      `${AGREEMENTS}/:id/adendum`,
      {
        schema: {
          summary:
            'Adendum PKS yang berlaku: perpanjangan, elemen data, metode akses, titik akses, bandwidth, tahap kuota; ketentuan lama tetap dalam riwayat',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          params: Id,
          body: AddendumBody,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agreement.manage');
        if (!caller) return reply;
        const id = Number(request.params.id);
        const { perubahan, alasan, adendum } = request.body;
        await applyAddendum(
          deps.db,
          caller,
          id,
          {
            ...(perubahan.tanggalBerakhir !== undefined
              ? { endsOn: perubahan.tanggalBerakhir }
              : {}),
            ...(perubahan.elemenData ? { grantedElements: perubahan.elemenData } : {}),
            ...(perubahan.metodeAkses ? { accessMethods: perubahan.metodeAkses } : {}),
            ...(perubahan.titikAkses ? { accessPoints: perubahan.titikAkses } : {}),
            ...(perubahan.bandwidthKbps !== undefined
              ? { bandwidthKbps: perubahan.bandwidthKbps }
              : {}),
            ...(perubahan.tahapKuota ? { quotaStage: perubahan.tahapKuota } : {}),
          },
          alasan,
          adendum,
          deps.clock(),
        );
        return agreementDetail(id);
      },
    );

    // ——— The agency head: own agreements, read-only ———

    api.get(
      OWN,
      {
        schema: {
          summary: 'PKS instansi sendiri (yang pernah berlaku)',
          tags: [TAG_OWN],
          security: bearerSecurity,
          response: { 200: Type.Object({ data: Type.Array(AgreementJson) }), ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agreement.viewOwn');
        if (!caller) return reply;
        const own = await ownAgreements(deps.db, caller.agencyId!, today());
        return { data: own.map(agreementJson) };
      },
    );

    api.get(
      `${OWN}/:id`,
      {
        schema: {
          summary: 'Rincian PKS instansi sendiri dengan riwayatnya',
          tags: [TAG_OWN],
          security: bearerSecurity,
          params: Id,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'agreement.viewOwn');
        if (!caller) return reply;
        const { agreement, history } = await ownAgreement(
          deps.db,
          caller.agencyId!,
          Number(request.params.id),
          today(),
        );
        return { ...agreementJson(agreement), riwayat: historyJson(history) };
      },
    );
  };
