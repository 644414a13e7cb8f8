import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { ACCESS_METHODS } from '../domain/agreement.js';
import { QUOTA_STAGES } from '../domain/agreement-record.js';
import type { ManualEndGround } from '../domain/agreement-ending.js';
import { isAgreementStatus } from '../domain/agreement-state.js';
import { ELEMENTS } from '../domain/elements.js';
import { wibDay } from '../domain/time.js';
import {
  activateAgreement,
  applyAddendum,
  cancelAgreementDraft,
  createAgreementDraft,
  editAgreementDraft,
  endAgreement,
  revokeAgreement,
  type AgreementDraftInput,
} from '../services/agreements/agreement-lifecycle.js';
import { listAgreementsPage, pageNumber } from '../services/agreements/agreement-queries.js';
import type { Deps } from '../services/deps.js';
import {
  AgreementDetailJson,
  AgreementJson,
  agreementJson,
  AgreementStatus,
  Closed,
  EndBody,
  agreementDetailOf,
  errors,
  Id,
  NullableString,
  Page,
  Reason,
  ReasonBody,
} from './agreement-json.js';
import { actorOf, bearerSecurity } from './caller-hook.js';

/*
 * The JSON API of agreements (PKS) for Dukcapil (/api/v1/admin/pks, issue 3 item 1), on the
 * same use cases as the console: drafts, putting in force, cancelling, ending, revoking and
 * addenda.
 */

const AGREEMENTS = '/api/v1/admin/pks';

const TAG_AGREEMENT = 'PKS (Dukcapil)';

const Element = Type.Unsafe<string>({ type: 'string', enum: [...ELEMENTS] });
const Method = Type.Unsafe<string>({ type: 'string', enum: [...ACCESS_METHODS] });
const Stage = Type.Unsafe<string>({
  type: 'string',
  enum: [...QUOTA_STAGES],
  description: 'PRA_POC: 200 NIK per hari; PASCA_POC: tanpa batas',
});

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

export const agreementApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const today = () => wibDay(deps.clock());

    const agreementDetail = (id: number) => agreementDetailOf(deps.db, id, today());

    api.get(
      AGREEMENTS,
      {
        config: { permission: 'agreement.viewAll' },
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
      async (request) => {
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
        config: { permission: 'agreement.manage' },
        schema: {
          summary: 'Membuat draf PKS untuk instansi (belum berlaku sampai diberlakukan)',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          body: NewDraftBody,
          response: { 201: AgreementDetailJson, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = await createAgreementDraft(
          deps.db,
          actor,
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
        config: { permission: 'agreement.viewAll' },
        schema: {
          summary: 'Rincian PKS dengan riwayat (siapa, kapan, mengapa, ketentuan lama dan baru)',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          params: Id,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request) => {
        return agreementDetail(Number(request.params.id));
      },
    );

    api.put(
      `${AGREEMENTS}/:id`,
      {
        config: { permission: 'agreement.manage' },
        schema: {
          summary: 'Mengubah draf PKS (PKS yang berlaku hanya diubah dengan adendum)',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          params: Id,
          body: DraftBody,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = Number(request.params.id);
        await editAgreementDraft(deps.db, actor, id, draftInput(request.body), deps.clock());
        return agreementDetail(id);
      },
    );

    api.post(
      `${AGREEMENTS}/:id/berlakukan`,
      {
        config: { permission: 'agreement.manage' },
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
      async (request) => {
        const actor = actorOf(request);
        const id = Number(request.params.id);
        await activateAgreement(deps.db, actor, id, deps.clock(), request.body.catatan ?? null);
        return agreementDetail(id);
      },
    );

    api.post(
      `${AGREEMENTS}/:id/batalkan`,
      {
        config: { permission: 'agreement.manage' },
        schema: {
          summary: 'Membatalkan draf PKS',
          tags: [TAG_AGREEMENT],
          security: bearerSecurity,
          params: Id,
          body: ReasonBody,
          response: { 200: AgreementDetailJson, ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = Number(request.params.id);
        await cancelAgreementDraft(deps.db, actor, id, request.body.alasan, deps.clock());
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
          config: { permission: 'agreement.manage' },
          schema: {
            summary,
            tags: [TAG_AGREEMENT],
            security: bearerSecurity,
            params: Id,
            body: EndBody,
            response: { 200: Type.Intersect([AgreementDetailJson, Closed]), ...errors },
          },
        },
        async (request) => {
          const actor = actorOf(request);
          const id = Number(request.params.id);
          const { alasan, dasar } = request.body;
          // The ground of an end (Pasal 6); a revocation has its own.
          const ended =
            path === 'akhiri'
              ? await close(deps.db, actor, id, alasan, deps.clock(), dasar as ManualEndGround)
              : await close(deps.db, actor, id, alasan, deps.clock());
          return { ...(await agreementDetail(id)), sesiDiakhiri: ended };
        },
      );
    }

    api.post(
      `${AGREEMENTS}/:id/adendum`,
      {
        config: { permission: 'agreement.manage' },
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
      async (request) => {
        const actor = actorOf(request);
        const id = Number(request.params.id);
        const { perubahan, alasan, adendum } = request.body;
        await applyAddendum(
          deps.db,
          actor,
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
  };
