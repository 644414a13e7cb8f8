import type { FastifyBaseLogger, FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { DataBalikanSchema } from '../domain/data-balikan.js';
import { Refusal } from '../domain/refusals.js';
import { authorizeSender } from '../services/data-balikan/sender.js';
import {
  requireSchema,
  submitDataBalikan,
  type IncomingRecord,
  type RefusedRecord,
} from '../services/data-balikan/submission.js';
import type { Deps } from '../services/deps.js';
import { resolveApiCaller } from './caller-hook.js';
import { DATA_BALIKAN_BODY_LIMIT, MAX_RECORDS_PER_REQUEST } from './data-balikan.js';
import { REFUSAL_STATUS } from './refusal-status.js';

/**
 * The return-data "store" endpoint of the national web service (SPEC §9), answered as its
 * clients expect, so that an agency only changes the address it sends to. Its path is not
 * given by the clients' code (they read it from their configuration); this one sits beside
 * the national service's other addresses under /dukcapil/.
 */
export const STORE_PATH = '/dukcapil/databalikan/store';

export const STORE_SUCCESS = 'Success';
export const STORE_REPEAT = 'Data sudah pernah dikirim';

/**
 * A refusal as the clients read it: the status of the API's table, and the text of SPEC §9
 * where it has one (login), otherwise the refusal's own (SPEC §2 for the access refusals).
 */
function refusalAnswer(refusal: Refusal): [number, string] {
  const text = refusal.code === 'GAGAL_LOGIN' ? 'Login Gagal' : refusal.message;
  return [REFUSAL_STATUS[refusal.code], text];
}

const SHAPE =
  'kirim JSON [{"id_lembaga": "…", "nama_lembaga": "…", "data": [{"NIK": "…", "param": [{"<KOLOM>": "<nilai>"}]}]}]';

class StoreShapeError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A member by name regardless of case: clients write `NIK`, `nik`, `Data`… */
function member(object: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(object).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : object[key];
}

function shownNik(nik: unknown): string {
  if (typeof nik === 'string') return nik.slice(0, 32);
  return typeof nik === 'number' ? String(nik) : '';
}

/**
 * The store body as the use case's records: one per `data` entry across every `lembaga`
 * object, numbered in order. `param` objects merge into one record; their keys are matched
 * to the schema's keys without regard to case (`NOMOR_KEPESERTAAN_JKN` is
 * `nomor_kepesertaan_jkn`), and a key not in the schema is passed on as sent, for the use
 * case to refuse by name. A field sent twice with different values is ambiguous: refused.
 */
export function storeRecords(
  body: unknown,
  schema: DataBalikanSchema,
): { records: IncomingRecord[]; refused: RefusedRecord[] } {
  const lembaga = Array.isArray(body) ? body : isObject(body) ? [body] : undefined;
  if (!lembaga) throw new StoreShapeError(`Format data tidak sesuai: ${SHAPE}`);
  const keys = new Map(schema.fields.map((f) => [f.key.toLowerCase(), f.key]));
  const records: IncomingRecord[] = [];
  const refused: RefusedRecord[] = [];

  lembaga.forEach((entry, index) => {
    const data = isObject(entry) ? member(entry, 'data') : undefined;
    if (!Array.isArray(data)) {
      throw new StoreShapeError(
        `Format data tidak sesuai: lembaga ke-${index + 1} tidak memuat daftar "data"; ${SHAPE}`,
      );
    }
    for (const item of data) {
      const line = records.length + 1;
      const nik = isObject(item) ? member(item, 'nik') : undefined;
      const param = isObject(item) ? member(item, 'param') : undefined;
      const params = Array.isArray(param) ? param : isObject(param) ? [param] : undefined;
      if (!params || !params.every(isObject)) {
        throw new StoreShapeError(
          `Format data tidak sesuai: data ke-${line} harus memuat "NIK" dan "param" berupa daftar objek; ${SHAPE}`,
        );
      }
      const values = new Map<string, unknown>();
      const reasons: string[] = [];
      for (const object of params) {
        for (const [name, value] of Object.entries(object)) {
          const key = keys.get(name.toLowerCase()) ?? name;
          if (values.has(key) && values.get(key) !== value) {
            reasons.push(`Kolom ${name} dikirim lebih dari sekali dengan nilai berbeda`);
          }
          values.set(key, value);
        }
      }
      records.push({ line, nik, values: Object.fromEntries(values) });
      if (reasons.length > 0) refused.push({ line, nik: shownNik(nik), reasons });
    }
  });
  return { records, refused };
}

// The message names every refused record up to this many; a 1 Mbps link need not carry more.
const LISTED_REFUSALS = 20;

function refusalMessage(refused: readonly RefusedRecord[]): string {
  const listed = refused.slice(0, LISTED_REFUSALS).map((r) => {
    const who = r.nik === '' ? `data ke-${r.line}` : `data ke-${r.line} (NIK ${r.nik})`;
    return `${who}: ${r.reasons.join('; ')}`;
  });
  const more = refused.length - listed.length;
  return (
    `Data balikan ditolak, tidak ada yang disimpan. ${listed.join(' | ')}` +
    (more > 0 ? ` | dan ${more.toLocaleString('id-ID')} data lain` : '')
  );
}

const Message = Type.Object({ message: Type.String() }, { description: 'Jawaban endpoint store' });

const StoreRequest = Type.Array(
  Type.Object({
    id_lembaga: Type.Union([Type.String(), Type.Number()], {
      description: 'Tidak dicocokkan: instansi ditentukan oleh token',
    }),
    nama_lembaga: Type.String({ description: 'Tidak dicocokkan: instansi ditentukan oleh token' }),
    data: Type.Array(
      Type.Object({
        NIK: Type.Union([Type.String(), Type.Number()], { description: 'NIK 16 digit' }),
        param: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])), {
          description:
            'Objek {"<KOLOM>": "<nilai>"}; beberapa objek digabung. Nama kolom adalah kunci skema ' +
            'data balikan PKS tanpa membedakan huruf besar/kecil (mis. NOMOR_KEPESERTAAN_JKN).',
        }),
      }),
    ),
  }),
);

/**
 * Errors as the clients read them: a refusal of the caller or the use case, and the request
 * pipeline's own (body too large, not JSON…).
 */
function storeErrorAnswer(error: FastifyError, log: FastifyBaseLogger): [number, string] {
  if (error instanceof Refusal) return refusalAnswer(error);
  if (error.statusCode === 413) {
    return [413, 'Data terlalu besar: paling banyak 1 MiB per pengiriman'];
  }
  if (error.statusCode && error.statusCode < 500) {
    return [error.statusCode, `Format data tidak sesuai: ${SHAPE}`];
  }
  log.error({ err: error }, 'galat tak terduga');
  return [500, 'Terjadi gangguan pada server. Silakan coba lagi atau hubungi Admin Dukcapil.'];
}

function send(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send({ message });
}

/** POST /dukcapil/databalikan/store: return data from existing clients (issue 4, 3d). */
export const dataBalikanStoreRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.post(
      STORE_PATH,
      {
        // Outside /api/, with answers of its own (SPEC §9): the handler checks the token.
        config: { permission: 'public' },
        bodyLimit: DATA_BALIKAN_BODY_LIMIT,
        // The schema documents the body; the handler reads it leniently (key case varies
        // between clients) and answers every problem in the clients' {"message"} style.
        validatorCompiler: () => () => true,
        errorHandler: (error: FastifyError, request, reply) => {
          void send(reply, ...storeErrorAnswer(error, request.log));
        },
        schema: {
          summary: 'Mengirim data balikan (kompatibel dengan klien layanan web nasional)',
          description:
            'Bentuk permintaan dan jawaban endpoint "store" layanan web Dukcapil nasional, agar aplikasi yang sudah ada ' +
            'cukup mengganti alamat. Token bearer dari /api/v1/auth/token; instansi ditentukan oleh token, ' +
            '`id_lembaga` dan `nama_lembaga` tidak dicocokkan. Semua atau tidak sama sekali: ' +
            '200 {"message": "Success"} bila disimpan (data yang berbeda dari yang tersimpan menjadi koreksi); ' +
            `400 {"message": "${STORE_REPEAT}"} bila setiap data sudah pernah dikirim dengan isi yang sama; ` +
            '400 {"message": "Data balikan ditolak, …"} yang menyebut urutan, NIK dan alasan setiap data yang ditolak. ' +
            `Paling banyak ${MAX_RECORDS_PER_REQUEST.toLocaleString('id-ID')} data per pengiriman.`,
          tags: ['Data balikan'],
          security: [{ bearer: [] }],
          body: StoreRequest,
          response: {
            200: Message,
            400: Message,
            401: Message,
            403: Message,
            413: Message,
            500: Message,
          },
        },
      },
      async (request, reply) => {
        // The bearer token as the API's hook checks it, then the sender as every channel
        // checks it; a refusal goes to this route's error handler, in the clients' style.
        const actor = await resolveApiCaller(deps, request, 'signedIn');
        if (actor instanceof Refusal) throw actor;
        const caller = await authorizeSender(deps, actor, 'API');

        let mapped: ReturnType<typeof storeRecords>;
        try {
          mapped = storeRecords(request.body, requireSchema(caller));
        } catch (error) {
          if (error instanceof StoreShapeError) return send(reply, 400, error.message);
          throw error;
        }
        const { records, refused } = mapped;
        if (records.length === 0) return send(reply, 400, 'Tidak ada data balikan yang dikirim');
        if (records.length > MAX_RECORDS_PER_REQUEST) {
          return send(
            reply,
            413,
            `Paling banyak ${MAX_RECORDS_PER_REQUEST.toLocaleString('id-ID')} data per pengiriman; kirim dalam beberapa bagian`,
          );
        }
        if (refused.length > 0) return send(reply, 400, refusalMessage(refused));

        const result = await submitDataBalikan(deps, caller, 'STORE', records, 'SEMUA');
        if (result.refused.length > 0) return send(reply, 400, refusalMessage(result.refused));
        if (result.added + result.corrected === 0) return send(reply, 400, STORE_REPEAT);
        return send(reply, 200, STORE_SUCCESS);
      },
    );
  };
