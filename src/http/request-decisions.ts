import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Deps } from '../services/deps.js';
import { decideRequest, startReview } from '../services/requests/decision.js';
import { schedulePoc } from '../services/requests/poc.js';
import { BAST_PASSWORD_MINUTES, bastPdf } from '../services/requests/user-id-change.js';
import { actorOf, bearerSecurity } from './caller-hook.js';
import {
  ADMIN,
  File,
  IdParams,
  IsoDate,
  refusals,
  REQUESTS_BODY_LIMIT,
  State,
  TAG_ADMIN,
  uploaded,
} from './requests.js';

/*
 * Dukcapil's steps on a request through the JSON API (/api/v1/admin/permohonan/:id/…): the
 * PoC's date, the review, the answer that approves or rejects, and the handover letter with
 * the one-time password. The same use cases as the portal's.
 */

const decisionFields = {
  nomorSuratJawaban: Type.String({ maxLength: 100 }),
  tanggalSuratJawaban: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
  suratJawaban: Type.Optional(File),
};

const ApprovalBody = Type.Object(
  {
    ...decisionFields,
    catatan: Type.Optional(Type.String({ maxLength: 1000 })),
    userIdBaru: Type.Optional(
      Type.String({
        maxLength: 60,
        description:
          'PERUBAHAN_USER_ID: user ID yang dibuat; bila kosong, usulan instansi atau turunan kode instansi',
      }),
    ),
    adendum: Type.Optional(
      Type.Object(
        { nomor: Type.String({ maxLength: 60 }), tanggal: Type.String({ maxLength: 10 }) },
        {
          additionalProperties: false,
          description:
            'Wajib untuk PERUBAHAN_METODE_ELEMEN, BANDWIDTH dan PERPANJANGAN: adendum PKS yang memuat perubahan',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const RejectionBody = Type.Object(
  { ...decisionFields, alasan: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

const DecisionAnswer = Type.Object({
  status: State,
  serahTerima: Type.Optional(
    Type.Object(
      {
        userId: Type.String(),
        peran: Type.String(),
        kataSandiSekaliPakai: Type.String({
          description:
            'Hanya dikirim sekali dalam jawaban ini dan tidak disimpan; wajib diganti saat masuk pertama',
        }),
        bast: Type.Object({ nomor: Type.String(), tanggal: Type.String() }),
      },
      { description: 'PERUBAHAN_USER_ID yang disetujui: user ID baru dan kata sandinya' },
    ),
  ),
});

/** The answer letter that approval and rejection both carry. */
function answerLetter(body: {
  nomorSuratJawaban: string;
  tanggalSuratJawaban: string;
  suratJawaban?: Static<typeof File> | undefined;
}) {
  return {
    answerNumber: body.nomorSuratJawaban,
    answerDate: body.tanggalSuratJawaban,
    answerFile: body.suratJawaban ? uploaded('SURAT_JAWABAN', body.suratJawaban) : undefined,
  };
}

export const requestDecisionsApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const config = { permission: 'request.decide' } as const;

    api.post(
      `${ADMIN}/:id/jadwal`,
      {
        config,
        schema: {
          summary: 'Menjadwalkan (atau menjadwalkan ulang) PoC',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          body: Type.Object({ tanggal: IsoDate }, { additionalProperties: false }),
          response: { 200: Type.Object({ status: State }), ...refusals },
        },
      },
      async (request) => {
        await schedulePoc(deps, actorOf(request), Number(request.params.id), request.body.tanggal);
        return { status: 'DIJADWALKAN' };
      },
    );

    api.post(
      `${ADMIN}/:id/telaah`,
      {
        config,
        schema: {
          summary: 'Menandai permohonan sedang ditelaah (semua jenis selain PoC)',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          response: { 200: Type.Object({ status: State }), ...refusals },
        },
      },
      async (request) => {
        await startReview(deps, actorOf(request), Number(request.params.id));
        return { status: 'DITELAAH' };
      },
    );

    api.post(
      `${ADMIN}/:id/setujui`,
      {
        config,
        bodyLimit: REQUESTS_BODY_LIMIT,
        schema: {
          summary: 'Menyetujui permohonan dengan surat jawaban; akibatnya berlaku seketika',
          description:
            'PoC: tahap kuota PKS menjadi PASCA_POC (tanpa batas); PoC aplikasi (`aplikasiId`) hanya dengan ' +
            'daftar periksa PoC yang lengkap dan seluruh kasusnya lulus (selain itu 400 PERMINTAAN_TIDAK_VALID), ' +
            'dan aplikasinya lulus PoC. PERUBAHAN_METODE_ELEMEN, BANDWIDTH, ' +
            'PERPANJANGAN: adendum PKS. PERUBAHAN_USER_ID: user ID baru dengan kata sandi sekali pakai yang ' +
            'hanya ada dalam jawaban ini, dan Berita Acara Serah Terima.',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          body: ApprovalBody,
          response: { 200: DecisionAnswer, ...refusals },
        },
      },
      async (request) => {
        const body = request.body;
        const result = await decideRequest(deps, actorOf(request), Number(request.params.id), {
          action: 'SETUJUI',
          ...answerLetter(body),
          reason: body.catatan,
          newUserId: body.userIdBaru,
          addendum: body.adendum,
        });
        const handedOver = result.handedOver;
        return {
          status: result.state,
          ...(handedOver
            ? {
                serahTerima: {
                  userId: handedOver.userId,
                  peran: handedOver.role,
                  kataSandiSekaliPakai: handedOver.oneTimePassword,
                  bast: handedOver.bast,
                },
              }
            : {}),
        };
      },
    );

    api.post(
      `${ADMIN}/:id/tolak`,
      {
        config,
        bodyLimit: REQUESTS_BODY_LIMIT,
        schema: {
          summary: 'Menolak permohonan dengan surat jawaban dan alasan',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          body: RejectionBody,
          response: { 200: DecisionAnswer, ...refusals },
        },
      },
      async (request) => {
        const body = request.body;
        const result = await decideRequest(deps, actorOf(request), Number(request.params.id), {
          action: 'TOLAK',
          ...answerLetter(body),
          reason: body.alasan,
        });
        return { status: result.state };
      },
    );

    api.post(
      `${ADMIN}/:id/bast`,
      {
        config,
        schema: {
          summary: `Berita Acara Serah Terima dengan kata sandi sekali pakai (PDF; ${BAST_PASSWORD_MINUTES} menit setelah persetujuan)`,
          description:
            'Kata sandi dikirim kembali oleh pemanggil (dari jawaban persetujuan) dan dicocokkan dengan ' +
            'hash-nya; sistem tidak menyimpannya. Ditolak bila sudah diganti pengguna atau waktunya lewat.',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          body: Type.Object(
            { kataSandi: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const pdf = await bastPdf(
          deps,
          actorOf(request),
          Number(request.params.id),
          request.body.kataSandi,
        );
        return reply.type('application/pdf').send(pdf.content);
      },
    );
  };
