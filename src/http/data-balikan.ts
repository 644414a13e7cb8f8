import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Refusal } from '../domain/refusals.js';
import { describeValidationErrors, validationSummary } from '../domain/validation-messages.js';
import { authorizeSender } from '../services/data-balikan/sender.js';
import {
  submitDataBalikan,
  type ApplyMode,
  type SubmissionResult,
} from '../services/data-balikan/submission.js';
import type { Deps } from '../services/deps.js';
import {
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENCY_KEY_TTL_HOURS,
  requestFingerprint,
  runOnce,
  type KeptAnswer,
} from '../services/data-balikan/idempotency.js';
import { actorOf } from './caller-hook.js';
import { ErrorBody } from './schemas.js';

/** Records per request: an answer listing every refusal stays small on a 1 Mbps link. */
export const MAX_RECORDS_PER_REQUEST = 1000;
/** Room for 1,000 records of up to 30 fields; the rest of the API keeps the 64 KiB default. */
export const DATA_BALIKAN_BODY_LIMIT = 1024 * 1024;

const MODES = ['SEMUA', 'YANG_VALID'] as const;

const DataBalikanRequest = Type.Object(
  {
    records: Type.Array(
      Type.Object(
        {
          nik: Type.String({ description: 'NIK 16 digit, sebagai teks' }),
          data: Type.Record(Type.String(), Type.Unknown(), {
            description:
              'Kolom data balikan menurut skema PKS instansi, dengan kunci skema (mis. ' +
              '`nomor_kepesertaan_jkn`); nilai berupa teks atau angka. Kolom kosong atau null dianggap tidak diisi.',
          }),
        },
        { additionalProperties: false },
      ),
      {
        description: `1–${MAX_RECORDS_PER_REQUEST.toLocaleString('id-ID')} data per permintaan; lebih dari itu ditolak dengan 413.`,
      },
    ),
    mode: Type.Optional(
      Type.Unsafe<ApplyMode>({
        type: 'string',
        enum: [...MODES],
        default: 'SEMUA',
        description:
          'SEMUA: disimpan hanya bila setiap data valid (semua atau tidak sama sekali). ' +
          'YANG_VALID: data yang valid disimpan, yang tidak valid dilaporkan.',
      }),
    ),
  },
  { additionalProperties: false },
);

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    description:
      'Wajib. Kunci unik per pengiriman (mis. UUID), 1–200 karakter ASCII tanpa spasi. Pengiriman ulang ' +
      `dengan kunci dan isi yang sama dalam ${IDEMPOTENCY_KEY_TTL_HOURS} jam mendapat jawaban pertama apa adanya ` +
      '(header Idempotent-Replayed: true) dan tidak menyimpan apa pun lagi. Jawaban 422 DITOLAK pun diulang: ' +
      'kirim data yang sudah diperbaiki dengan kunci baru. Kunci yang sama dengan isi berbeda ditolak ' +
      '(422 KUNCI_SUDAH_DIPAKAI).',
  }),
});

const RefusedRecordBody = Type.Object({
  position: Type.Integer({ description: 'Urutan data dalam `records`, mulai dari 1' }),
  nik: Type.String({ description: 'NIK sebagaimana dikirim' }),
  reasons: Type.Array(Type.String(), { description: 'Alasan penolakan' }),
});

const DataBalikanAnswer = Type.Object(
  {
    code: Type.Unsafe<string>({
      type: 'string',
      enum: ['DITERIMA', 'DITERIMA_SEBAGIAN', 'DITOLAK'],
    }),
    message: Type.String(),
    data: Type.Object({
      mode: Type.Unsafe<ApplyMode>({ type: 'string', enum: [...MODES] }),
      applied: Type.Boolean({ description: 'Apakah pengiriman disimpan' }),
      received: Type.Integer({ description: 'Jumlah data yang diterima dalam permintaan' }),
      valid: Type.Integer({ description: 'Data yang lolos semua pemeriksaan' }),
      added: Type.Integer({ description: 'Data baru yang disimpan' }),
      corrected: Type.Integer({
        description: 'Koreksi yang disimpan (versi sebelumnya tetap dalam riwayat)',
      }),
      unchanged: Type.Integer({
        description: 'Data yang sama dengan yang tersimpan: tidak diubah',
      }),
      refused: Type.Array(RefusedRecordBody),
    }),
  },
  { description: 'Hasil pengiriman data balikan' },
);

function count(n: number): string {
  return n.toLocaleString('id-ID');
}

/** The answer to a submission: 200 when something was accepted, 422 when nothing was. */
export function submissionAnswer(result: SubmissionResult, mode: ApplyMode): KeptAnswer {
  const valid = result.acceptable;
  const refused = result.refused.length;
  const tally = `${count(result.added)} baru, ${count(result.corrected)} koreksi, ${count(result.unchanged)} tidak berubah`;
  let status = 200;
  let code: string;
  let message: string;
  if (refused === 0) {
    code = 'DITERIMA';
    message = `Data balikan diterima: ${count(result.received)} data (${tally})`;
  } else if (result.applied && valid > 0) {
    code = 'DITERIMA_SEBAGIAN';
    message = `${count(valid)} data balikan diterima (${tally}); ${count(refused)} data ditolak, lihat daftar "refused"`;
  } else {
    status = 422;
    code = 'DITOLAK';
    message =
      valid === 0
        ? `Data balikan ditolak: tidak satu pun dari ${count(result.received)} data dapat diterima; tidak ada yang disimpan`
        : `Data balikan ditolak: ${count(refused)} dari ${count(result.received)} data tidak dapat diterima, ` +
          'sehingga tidak ada yang disimpan. Perbaiki data tersebut, atau kirim dengan "mode": "YANG_VALID" ' +
          'untuk menyimpan data yang valid saja';
  }
  const body = {
    code,
    message,
    data: {
      mode,
      applied: status === 200,
      received: result.received,
      valid,
      added: result.added,
      corrected: result.corrected,
      unchanged: result.unchanged,
      refused: result.refused.map((r) => ({ position: r.line, nik: r.nik, reasons: r.reasons })),
    },
  };
  return { status, body: JSON.stringify(body) };
}

/** The kept JSON text as it is: a replay must be byte-equal to the first answer. */
function sendKept(reply: FastifyReply, answer: KeptAnswer) {
  return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
}

/** POST /api/v1/data-balikan: return data from an agency's application (issue 4, 3c). */
export const dataBalikanApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    api.post(
      '/api/v1/data-balikan',
      {
        // Any signed-in user: the use case refuses by agency and agreement before the role.
        config: { permission: 'signedIn' },
        bodyLimit: DATA_BALIKAN_BODY_LIMIT,
        // Envelope problems are answered in the handler, after the caller and the key.
        attachValidation: true,
        schema: {
          summary: 'Mengirim data balikan',
          description:
            'Data balikan atas penduduk yang NIK-nya pernah diakses instansi dalam PKS yang berlaku, ' +
            'dengan kolom menurut skema data balikan PKS tersebut. Hanya Operator dan Kepala Instansi; ' +
            'PKS harus memberi metode API dan permintaan harus datang dari titik akses instansi. ' +
            'Jawaban 200 bila data disimpan (DITERIMA, atau DITERIMA_SEBAGIAN dengan mode YANG_VALID), ' +
            '422 DITOLAK bila tidak ada yang disimpan, dengan setiap data yang ditolak beserta urutan, NIK dan alasannya. ' +
            'Data yang berbeda dari yang tersimpan menjadi koreksi; versi sebelumnya tetap dalam riwayat. ' +
            `Paling banyak ${count(MAX_RECORDS_PER_REQUEST)} data dan 1 MiB per permintaan (413 bila lebih).`,
          tags: ['Data balikan'],
          security: [{ bearer: [] }],
          headers: IdempotencyHeaders,
          body: DataBalikanRequest,
          response: {
            200: DataBalikanAnswer,
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            413: ErrorBody,
            422: Type.Union([DataBalikanAnswer, ErrorBody], {
              description: 'DITOLAK (tidak ada yang disimpan) atau KUNCI_SUDAH_DIPAKAI',
            }),
            500: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        // The hook checked the token; sending is refused as a lookup would be refused now,
        // and by role (Dukcapil staff act for no agency: INSTANSI_TIDAK_AKTIF).
        const caller = await authorizeSender(deps, actorOf(request), 'API');

        const key = request.headers['idempotency-key'];
        if (typeof key !== 'string' || key === '') {
          throw new Refusal(
            'PERMINTAAN_TIDAK_VALID',
            'Header Idempotency-Key wajib diisi: kunci unik per pengiriman (mis. UUID), dipakai lagi hanya untuk mengulang pengiriman yang sama',
          );
        }
        if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
          throw new Refusal(
            'PERMINTAAN_TIDAK_VALID',
            'Header Idempotency-Key harus 1–200 karakter ASCII yang terlihat (tanpa spasi)',
          );
        }
        if (request.validationError) {
          const { validation } = request.validationError as FastifyError;
          const fields = describeValidationErrors(validation ?? []);
          throw new Refusal(
            'PERMINTAAN_TIDAK_VALID',
            `${validationSummary(fields)}. Bentuk yang diharapkan: ` +
              '{"records": [{"nik": "…", "data": {"<kunci kolom>": "<nilai>"}}], "mode": "SEMUA" | "YANG_VALID"}',
            { fields },
          );
        }
        const { records } = request.body;
        if (records.length === 0) {
          throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Kirim paling sedikit satu data');
        }
        if (records.length > MAX_RECORDS_PER_REQUEST) {
          throw new Refusal(
            'TERLALU_BANYAK_DATA',
            `Paling banyak ${count(MAX_RECORDS_PER_REQUEST)} data per permintaan (dikirim ${count(records.length)}); ` +
              'bagi pengiriman menjadi beberapa permintaan, masing-masing dengan Idempotency-Key sendiri',
          );
        }

        const mode = request.body.mode ?? 'SEMUA';
        const outcome = await runOnce(
          deps,
          {
            userId: caller.id,
            key,
            fingerprint: requestFingerprint('POST /api/v1/data-balikan', { records, mode }),
          },
          async (transaction) => {
            const result = await submitDataBalikan(
              deps,
              caller,
              'API',
              records.map((r, i) => ({ line: i + 1, nik: r.nik, values: r.data })),
              mode,
              { transaction },
            );
            return submissionAnswer(result, mode);
          },
        );
        if (outcome.kind === 'KEY_REUSED') {
          throw new Refusal(
            'KUNCI_SUDAH_DIPAKAI',
            'Idempotency-Key ini sudah dipakai untuk pengiriman lain dengan isi berbeda. ' +
              'Gunakan kunci baru untuk setiap pengiriman baru; kunci yang sama hanya untuk mengulang pengiriman yang sama persis',
          );
        }
        if (outcome.kind === 'REPLAYED') reply.header('idempotent-replayed', 'true');
        return sendKept(reply, outcome.answer);
      },
    );
  };
