import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  REQUEST_ACTIONS,
  REQUEST_KINDS,
  REQUEST_STATES,
  type AttachmentPurpose,
} from '../domain/requests.js';
import type { SessionUser } from '../services/account/agency-caller.js';
import type { Deps } from '../services/deps.js';
import type { UploadedFile } from '../services/requests/request-attachments.js';
import {
  attachmentFor,
  BAST_PASSWORD_MINUTES,
  bastPdf,
  decideRequest,
  fileRequest,
  listRequestsFor,
  requestDetail,
  RequestRefused,
  schedulePoc,
  startReview,
  type RequestDetail,
  type RequestSummary,
} from '../services/requests/requests.js';
import { apiCaller, bearerSecurity } from './api-caller.js';
import { decodeBase64 } from './base64-file.js';
import { ErrorBody } from './schemas.js';

/*
 * The JSON API of requests (issue 3 items 4 and 5), on the same use cases as the portal:
 * the agency head under /api/v1/instansi/permohonan, Dukcapil under /api/v1/admin/permohonan.
 * Attachments travel as base64 inside the JSON body.
 */

const AGENCY = '/api/v1/instansi/permohonan';
const ADMIN = '/api/v1/admin/permohonan';

/** Room for the attachments in base64 (a third larger than the files); 16 MiB in all. */
export const REQUESTS_BODY_LIMIT = 16 * 1024 * 1024;

const TAG_AGENCY = 'Permohonan instansi';
const TAG_ADMIN = 'Permohonan (Dukcapil)';

const Kind = Type.Unsafe<string>({ type: 'string', enum: [...REQUEST_KINDS] });
const State = Type.Unsafe<string>({ type: 'string', enum: [...REQUEST_STATES] });
const IsoDate = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const Letter = Type.Object({ nomor: Type.String(), tanggal: Type.String({ format: 'date' }) });
const NullableLetter = Type.Union([Letter, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

const fileFields = {
  namaBerkas: Type.String({ minLength: 1, maxLength: 200 }),
  isiBase64: Type.String({
    description: `Isi berkas dalam base64: PDF, PNG atau JPEG (diperiksa menurut isinya), paling besar ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
  }),
};
const File = Type.Object(fileFields, { additionalProperties: false });

const Summary = Type.Object({
  id: Type.Integer(),
  jenis: Kind,
  status: State,
  instansi: Type.Object({ kode: Type.String(), nama: Type.String() }),
  nomorPks: Type.String(),
  surat: Letter,
  tanggalPoc: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  jawaban: NullableLetter,
  alasan: NullableString,
  diajukanPada: Type.String({ format: 'date-time' }),
  diajukanOleh: Type.String(),
  diputuskanPada: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  diputuskanOleh: NullableString,
});

const Detail = Type.Intersect([
  Summary,
  Type.Object({
    isian: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Isian permohonan menurut jenisnya',
    }),
    riwayat: Type.Array(
      Type.Object({
        waktu: Type.String({ format: 'date-time' }),
        dari: Type.Union([State, Type.Null()]),
        ke: State,
        oleh: NullableString,
        keterangan: NullableString,
      }),
    ),
    lampiran: Type.Array(
      Type.Object({
        id: Type.Integer(),
        jenis: Type.String(),
        namaBerkas: Type.String(),
        tipe: Type.String(),
        ukuran: Type.Integer(),
        sha256: Type.String(),
      }),
    ),
    bast: Type.Union([
      Type.Object({ nomor: Type.String(), tanggal: Type.String(), userId: Type.String() }),
      Type.Null(),
    ]),
    tindakan: Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...REQUEST_ACTIONS] }), {
      description: 'Tindak lanjut yang dapat diambil Admin Dukcapil sekarang',
    }),
  }),
]);

const ListAnswer = Type.Object({
  data: Type.Array(Summary),
  total: Type.Integer(),
  halaman: Type.Integer(),
  jumlahHalaman: Type.Integer(),
});

const Refusal = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    masalah: Type.Optional(Type.Array(Type.String())),
  },
  { description: 'Penolakan, dengan setiap masalah yang ditemukan' },
);

// Path and query values arrive as text and the app does not coerce types: numbers are
// matched as digits and converted in the handler.
const Digits = Type.String({ pattern: '^[1-9][0-9]{0,8}$' });

const ListQuery = Type.Object({
  jenis: Type.Optional(Kind),
  status: Type.Optional(State),
  halaman: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'Mulai 1' })),
});

const IdParams = Type.Object({ id: Digits });
const AttachmentParams = Type.Object({ id: Digits, lampiranId: Digits });

const FilingBody = Type.Object(
  {
    jenis: Kind,
    nomorSurat: Type.String({ maxLength: 100 }),
    tanggalSurat: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
    isian: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'Menurut jenis. PERUBAHAN_USER_ID: nik, namaLengkap, nomorIdentitasKepegawaian, ' +
        'statusKepegawaian (PNS | PPPK | NON_ASN), jabatan, kodeWilayahKantor (kode kecamatan atau ' +
        'desa Kemendagri), namaKantor, alamatKantor, peran (OPERATOR | KEPALA_INSTANSI), ' +
        'userIdUsulan dan userIdDiganti (tidak wajib). POC: namaAplikasi, keterangan. ' +
        'PERUBAHAN_METODE_ELEMEN: metodeAkses[], elemenData[] (susunan lengkap yang dimohonkan). ' +
        'BANDWIDTH: bandwidthKbps. PERPANJANGAN: berakhirBaru (YYYY-MM-DD).',
    }),
    lampiran: Type.Optional(
      Type.Array(
        Type.Object(
          {
            jenis: Type.Unsafe<AttachmentPurpose>({
              type: 'string',
              enum: ['SURAT_PERMOHONAN', 'KAJIAN_TEKNIS', 'LAMPIRAN_LAIN'],
            }),
            ...fileFields,
          },
          { additionalProperties: false },
        ),
        {
          maxItems: MAX_ATTACHMENTS,
          description: 'KAJIAN_TEKNIS wajib untuk PERUBAHAN_METODE_ELEMEN',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

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

function summaryJson(item: RequestSummary) {
  return {
    id: item.id,
    jenis: item.kind,
    status: item.state,
    instansi: { kode: item.agencyCode, nama: item.agencyName },
    nomorPks: item.agreementNumber,
    surat: item.letter,
    tanggalPoc: item.scheduledOn,
    jawaban: item.answer,
    alasan: item.decisionReason,
    diajukanPada: item.filedAt.toISOString(),
    diajukanOleh: item.filedBy,
    diputuskanPada: item.decidedAt?.toISOString() ?? null,
    diputuskanOleh: item.decidedBy,
  };
}

function detailJson(detail: RequestDetail) {
  return {
    ...summaryJson(detail),
    isian: detail.payload as unknown as Record<string, unknown>,
    riwayat: detail.history.map((h) => ({
      waktu: h.at.toISOString(),
      dari: h.from,
      ke: h.to,
      oleh: h.actor,
      keterangan: h.note,
    })),
    lampiran: detail.attachments.map((a) => ({
      id: a.id,
      jenis: a.purpose,
      namaBerkas: a.fileName,
      tipe: a.contentType,
      ukuran: a.sizeBytes,
      sha256: a.sha256,
    })),
    bast: detail.bast,
    tindakan: [...detail.actions],
  };
}

function uploaded(
  purpose: AttachmentPurpose,
  file: { namaBerkas: string; isiBase64: string },
): UploadedFile {
  const content = decodeBase64(file.isiBase64);
  if (!content) throw new RequestRefused([`Isi berkas "${file.namaBerkas}" bukan base64 yang sah`]);
  return { purpose, fileName: file.namaBerkas, content };
}

function refused(reply: FastifyReply, error: unknown) {
  if (!(error instanceof RequestRefused)) throw error;
  return reply
    .code(400)
    .send({ code: 'PERMINTAAN_TIDAK_VALID', message: error.message, masalah: [...error.problems] });
}

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

const errors = { 400: Refusal, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 500: ErrorBody };

export const requestsApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    /** A use case for a caller with the permission; its refusal as 400 with every problem. */
    async function acting<T>(
      request: FastifyRequest,
      reply: FastifyReply,
      permission: 'request.file' | 'request.decide',
      run: (caller: SessionUser) => Promise<T>,
    ): Promise<T | FastifyReply> {
      const caller = await apiCaller(deps, request, reply, permission);
      if (!caller) return reply;
      try {
        return await run(caller);
      } catch (error) {
        return refused(reply, error);
      }
    }

    for (const [base, permission, tag] of [
      [AGENCY, 'request.viewOwn', TAG_AGENCY],
      [ADMIN, 'request.viewAll', TAG_ADMIN],
    ] as const) {
      const admin = base === ADMIN;
      api.get(
        base,
        {
          schema: {
            summary: admin
              ? 'Daftar permohonan semua instansi (saringan instansi, jenis, status; 20 per halaman)'
              : 'Daftar permohonan instansi sendiri (saringan jenis, status; 20 per halaman)',
            tags: [tag],
            security: bearerSecurity,
            querystring: admin
              ? Type.Intersect([
                  ListQuery,
                  Type.Object({ instansi: Type.Optional(Type.String({ maxLength: 20 })) }),
                ])
              : ListQuery,
            response: { 200: ListAnswer, ...errors },
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, permission);
          if (!caller) return reply;
          const query = request.query as {
            instansi?: string;
            jenis?: string;
            status?: string;
            halaman?: string;
          };
          const list = await listRequestsFor(deps, caller, {
            agencyCode: admin ? query.instansi : undefined,
            kind: query.jenis,
            state: query.status,
            page: Number(query.halaman ?? 1),
          });
          return {
            data: list.items.map(summaryJson),
            total: list.total,
            halaman: list.page,
            jumlahHalaman: list.pages,
          };
        },
      );

      api.get(
        `${base}/:id`,
        {
          schema: {
            summary: 'Rincian permohonan: isian, lampiran, jawaban, riwayat',
            tags: [tag],
            security: bearerSecurity,
            params: IdParams,
            response: { 200: Detail, ...errors },
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, permission);
          if (!caller) return reply;
          return detailJson(await requestDetail(deps, caller, Number(request.params.id)));
        },
      );

      api.get(
        `${base}/:id/lampiran/:lampiranId`,
        {
          schema: {
            summary: 'Mengunduh lampiran permohonan (isi berkas apa adanya)',
            tags: [tag],
            security: bearerSecurity,
            params: AttachmentParams,
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, permission);
          if (!caller) return reply;
          const file = await attachmentFor(
            deps,
            caller,
            Number(request.params.id),
            Number(request.params.lampiranId),
          );
          return reply.type(file.contentType).send(file.content);
        },
      );

      api.get(
        `${base}/:id/bast`,
        {
          schema: {
            summary: 'Salinan Berita Acara Serah Terima user ID (PDF, tanpa kata sandi)',
            tags: [tag],
            security: bearerSecurity,
            params: IdParams,
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, permission);
          if (!caller) return reply;
          const pdf = await bastPdf(deps, caller, Number(request.params.id));
          return reply.type('application/pdf').send(pdf.content);
        },
      );
    }

    api.post(
      AGENCY,
      {
        bodyLimit: REQUESTS_BODY_LIMIT,
        schema: {
          summary: 'Mengajukan permohonan (surat, isian menurut jenis, lampiran base64)',
          description:
            'Hanya Kepala Instansi, untuk instansinya sendiri, di bawah PKS yang berlaku. Semua masalah ' +
            'dilaporkan sekaligus dalam `masalah`; tidak ada yang disimpan bila ada masalah.',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          body: FilingBody,
          response: { 201: Type.Object({ id: Type.Integer(), status: State }), ...errors },
        },
      },
      async (request, reply) =>
        acting(request, reply, 'request.file', async (caller) => {
          const files = (request.body.lampiran ?? []).map((file) => uploaded(file.jenis, file));
          const id = await fileRequest(deps, caller, {
            kind: request.body.jenis,
            letterNumber: request.body.nomorSurat,
            letterDate: request.body.tanggalSurat,
            fields: request.body.isian,
            files,
          });
          return reply.code(201).send({ id, status: 'DIAJUKAN' });
        }),
    );

    api.post(
      `${ADMIN}/:id/jadwal`,
      {
        schema: {
          summary: 'Menjadwalkan (atau menjadwalkan ulang) PoC',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          body: Type.Object({ tanggal: IsoDate }, { additionalProperties: false }),
          response: { 200: Type.Object({ status: State }), ...errors },
        },
      },
      async (request, reply) =>
        acting(request, reply, 'request.decide', async (caller) => {
          await schedulePoc(deps, caller, Number(request.params.id), request.body.tanggal);
          return { status: 'DIJADWALKAN' };
        }),
    );

    api.post(
      `${ADMIN}/:id/telaah`,
      {
        schema: {
          summary: 'Menandai permohonan sedang ditelaah (semua jenis selain PoC)',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          response: { 200: Type.Object({ status: State }), ...errors },
        },
      },
      async (request, reply) =>
        acting(request, reply, 'request.decide', async (caller) => {
          await startReview(deps, caller, Number(request.params.id));
          return { status: 'DITELAAH' };
        }),
    );

    api.post(
      `${ADMIN}/:id/setujui`,
      {
        bodyLimit: REQUESTS_BODY_LIMIT,
        schema: {
          summary: 'Menyetujui permohonan dengan surat jawaban; akibatnya berlaku seketika',
          description:
            'PoC: tahap kuota PKS menjadi PASCA_POC (tanpa batas). PERUBAHAN_METODE_ELEMEN, BANDWIDTH, ' +
            'PERPANJANGAN: adendum PKS. PERUBAHAN_USER_ID: user ID baru dengan kata sandi sekali pakai yang ' +
            'hanya ada dalam jawaban ini, dan Berita Acara Serah Terima.',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          body: ApprovalBody,
          response: { 200: DecisionAnswer, ...errors },
        },
      },
      async (request, reply) =>
        acting(request, reply, 'request.decide', async (caller) => {
          const body = request.body;
          const result = await decideRequest(deps, caller, Number(request.params.id), {
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
        }),
    );

    api.post(
      `${ADMIN}/:id/tolak`,
      {
        bodyLimit: REQUESTS_BODY_LIMIT,
        schema: {
          summary: 'Menolak permohonan dengan surat jawaban dan alasan',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: IdParams,
          body: RejectionBody,
          response: { 200: DecisionAnswer, ...errors },
        },
      },
      async (request, reply) =>
        acting(request, reply, 'request.decide', async (caller) => {
          const body = request.body;
          const result = await decideRequest(deps, caller, Number(request.params.id), {
            action: 'TOLAK',
            ...answerLetter(body),
            reason: body.alasan,
          });
          return { status: result.state };
        }),
    );

    api.post(
      `${ADMIN}/:id/bast`,
      {
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
        const caller = await apiCaller(deps, request, reply, 'request.decide');
        if (!caller) return reply;
        const pdf = await bastPdf(deps, caller, Number(request.params.id), request.body.kataSandi);
        return reply.type('application/pdf').send(pdf.content);
      },
    );
  };
