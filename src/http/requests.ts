import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  REQUEST_ACTIONS,
  REQUEST_KINDS,
  REQUEST_STATES,
  type AttachmentPurpose,
} from '../domain/requests.js';
import { Refusal } from '../domain/refusals.js';
import type { Deps } from '../services/deps.js';
import { fileRequest } from '../services/requests/filing.js';
import {
  attachmentFor,
  listRequestsFor,
  requestDetail,
  type RequestDetail,
  type RequestSummary,
} from '../services/requests/reading.js';
import type { UploadedFile } from '../services/requests/request-attachments.js';
import { bastPdf } from '../services/requests/user-id-change.js';
import { decodeBase64 } from './base64-file.js';
import { actorOf, bearerSecurity } from './caller-hook.js';
import { ErrorBody } from './schemas.js';

/*
 * The JSON API of requests (issue 3 items 4 and 5), on the same use cases as the portal:
 * the agency head files and both readers follow requests under /api/v1/instansi/permohonan
 * and /api/v1/admin/permohonan; Dukcapil's steps are in request-decisions.ts. Attachments
 * travel as base64 inside the JSON body. A use case's refusal reaches the client through the
 * app's error handler, with every problem in `masalah`.
 */

const AGENCY = '/api/v1/instansi/permohonan';
export const ADMIN = '/api/v1/admin/permohonan';

/** Room for the attachments in base64 (a third larger than the files); 16 MiB in all. */
export const REQUESTS_BODY_LIMIT = 16 * 1024 * 1024;

const TAG_AGENCY = 'Permohonan instansi';
export const TAG_ADMIN = 'Permohonan (Dukcapil)';

const Kind = Type.Unsafe<string>({ type: 'string', enum: [...REQUEST_KINDS] });
export const State = Type.Unsafe<string>({ type: 'string', enum: [...REQUEST_STATES] });
export const IsoDate = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const Letter = Type.Object({ nomor: Type.String(), tanggal: Type.String({ format: 'date' }) });
const NullableLetter = Type.Union([Letter, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const fileFields = {
  namaBerkas: Type.String({ minLength: 1, maxLength: 200 }),
  isiBase64: Type.String({
    description: `Isi berkas dalam base64: PDF, PNG atau JPEG (diperiksa menurut isinya), paling besar ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
  }),
};
export const File = Type.Object(fileFields, { additionalProperties: false });

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

const Refused = Type.Object(
  {
    ...ErrorBody.properties,
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

export const IdParams = Type.Object({ id: Digits });
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
          description: 'KAJIAN_TEKNIS wajib untuk PERUBAHAN_METODE_ELEMEN dan BANDWIDTH',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

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

export const refusals = {
  400: Refused,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  500: ErrorBody,
};

/** An attachment of the JSON body as the use case takes it; refused when not base64. */
export function uploaded(
  purpose: AttachmentPurpose,
  file: { namaBerkas: string; isiBase64: string },
): UploadedFile {
  const content = decodeBase64(file.isiBase64);
  if (!content) {
    const problem = `Isi berkas "${file.namaBerkas}" bukan base64 yang sah`;
    throw new Refusal('PERMINTAAN_TIDAK_VALID', problem, { problems: [problem] });
  }
  return { purpose, fileName: file.namaBerkas, content };
}

export const requestsApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    for (const [base, permission, tag] of [
      [AGENCY, 'request.viewOwn', TAG_AGENCY],
      [ADMIN, 'request.viewAll', TAG_ADMIN],
    ] as const) {
      const admin = base === ADMIN;
      const config = { permission };
      api.get(
        base,
        {
          config,
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
            response: { 200: ListAnswer, ...refusals },
          },
        },
        async (request) => {
          const query = request.query as {
            instansi?: string;
            jenis?: string;
            status?: string;
            halaman?: string;
          };
          const list = await listRequestsFor(deps, actorOf(request), {
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
          config,
          schema: {
            summary: 'Rincian permohonan: isian, lampiran, jawaban, riwayat',
            tags: [tag],
            security: bearerSecurity,
            params: IdParams,
            response: { 200: Detail, ...refusals },
          },
        },
        async (request) =>
          detailJson(await requestDetail(deps, actorOf(request), Number(request.params.id))),
      );

      api.get(
        `${base}/:id/lampiran/:lampiranId`,
        {
          config,
          schema: {
            summary: 'Mengunduh lampiran permohonan (isi berkas apa adanya)',
            tags: [tag],
            security: bearerSecurity,
            params: AttachmentParams,
          },
        },
        async (request, reply) => {
          const file = await attachmentFor(
            deps,
            actorOf(request),
            Number(request.params.id),
            Number(request.params.lampiranId),
          );
          return reply.type(file.contentType).send(file.content);
        },
      );

      api.get(
        `${base}/:id/bast`,
        {
          config,
          schema: {
            summary: 'Salinan Berita Acara Serah Terima user ID (PDF, tanpa kata sandi)',
            tags: [tag],
            security: bearerSecurity,
            params: IdParams,
          },
        },
        async (request, reply) => {
          const pdf = await bastPdf(deps, actorOf(request), Number(request.params.id));
          return reply.type('application/pdf').send(pdf.content);
        },
      );
    }

    api.post(
      AGENCY,
      {
        config: { permission: 'request.file' },
        bodyLimit: REQUESTS_BODY_LIMIT,
        schema: {
          summary: 'Mengajukan permohonan (surat, isian menurut jenis, lampiran base64)',
          description:
            'Hanya Kepala Instansi, untuk instansinya sendiri, di bawah PKS yang berlaku. Semua masalah ' +
            'dilaporkan sekaligus dalam `masalah`; tidak ada yang disimpan bila ada masalah.',
          tags: [TAG_AGENCY],
          security: bearerSecurity,
          body: FilingBody,
          response: { 201: Type.Object({ id: Type.Integer(), status: State }), ...refusals },
        },
      },
      async (request, reply) => {
        const files = (request.body.lampiran ?? []).map((file) => uploaded(file.jenis, file));
        const id = await fileRequest(deps, actorOf(request), {
          kind: request.body.jenis,
          letterNumber: request.body.nomorSurat,
          letterDate: request.body.tanggalSurat,
          fields: request.body.isian,
          files,
        });
        return reply.code(201).send({ id, status: 'DIAJUKAN' });
      },
    );
  };
