import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { CHANNEL_REFUSALS, envelope, refusalContent } from '../domain/national-service.js';
import { findTextProblem, parseUrlEncoded, textProblemMessage } from '../domain/input-text.js';
import { Refusal } from '../domain/refusals.js';
import { answerCompatibleCall } from '../services/lookup/compatible-client.js';
import type { Deps } from '../services/deps.js';
import { bearerToken } from './caller-hook.js';
import { OPERATOR_HEADER } from '../domain/applications.js';
import { operatorOf } from './lookup-answer.js';

const NationalEnvelope = Type.Object(
  {
    content: Type.Array(Type.Record(Type.String(), Type.String()), {
      description:
        'Satu objek: data penduduk (hanya elemen yang diberikan PKS), hasil verifikasi per elemen, atau ' +
        'penolakan `RESPON` + `RESPONSE_CODE` (05, 11–15 seperti layanan nasional; 01–04, 06–09, 99 Gerbang)',
    }),
    lastPage: Type.Boolean(),
    numberOfElements: Type.Integer(),
    sort: Type.Null(),
    totalElements: Type.Integer(),
    firstPage: Type.Boolean(),
    number: Type.Integer(),
    size: Type.Integer(),
  },
  { description: 'Amplop layanan nasional; selalu HTTP 200' },
);

const text = (description: string) => Type.Optional(Type.String({ description }));

/** What the clients send (keys in any case or style: `nik`, `NIK`, `user_id`, `userId`…). */
const NationalRequest = Type.Object(
  {
    NIK: text('NIK 16 digit'),
    USER_ID: text(
      'User ID Gerbang (juga `user_id`, `userId`), atau client ID aplikasi (`gbc_…`) bagi klien yang hanya dapat mengisi USER_ID dan PASSWORD',
    ),
    PASSWORD: text('Kata sandi, atau client secret aplikasi (`gbs_…`) bila USER_ID client ID'),
    OPERATOR: text(
      'Panggilan aplikasi: user ID operator yang dilayani, bila header `X-Gerbang-Operator` tidak dapat dikirim',
    ),
    IP_USER: text('Alamat yang dilaporkan klien: dicatat di log audit, tidak pernah dipercaya'),
    TRESHOLD: text('CALL_VERIFY_BY_ELEMEN: ambang skor 1–100 (ejaan sesuai klien; bawaan 80)'),
    NAMA_LGKP: text('CALL_VERIFY_BY_ELEMEN: nama lengkap yang diverifikasi'),
    TMPT_LHR: text('CALL_VERIFY_BY_ELEMEN: tempat lahir'),
    TGL_LHR: text('CALL_VERIFY_BY_ELEMEN: tanggal lahir dd-mm-yyyy'),
    JENIS_KLMIN: text('CALL_VERIFY_BY_ELEMEN: jenis kelamin'),
    STATUS_KAWIN: text('CALL_VERIFY_BY_ELEMEN: status perkawinan'),
    JENIS_PKRJN: text('CALL_VERIFY_BY_ELEMEN: jenis pekerjaan'),
    ALAMAT: text('CALL_VERIFY_BY_ELEMEN: alamat'),
    NO_RT: text('CALL_VERIFY_BY_ELEMEN: RT'),
    NO_RW: text('CALL_VERIFY_BY_ELEMEN: RW'),
    PROP_NAME: text('CALL_VERIFY_BY_ELEMEN: nama provinsi'),
    KAB_NAME: text('CALL_VERIFY_BY_ELEMEN: nama kabupaten/kota'),
    KEC_NAME: text('CALL_VERIFY_BY_ELEMEN: nama kecamatan'),
    KEL_NAME: text('CALL_VERIFY_BY_ELEMEN: nama desa/kelurahan'),
    NO_PROP: text('CALL_VERIFY_BY_ELEMEN: kode provinsi'),
    NO_KAB: text('CALL_VERIFY_BY_ELEMEN: kode kabupaten/kota'),
    NO_KEC: text('CALL_VERIFY_BY_ELEMEN: kode kecamatan'),
    NO_KEL: text('CALL_VERIFY_BY_ELEMEN: kode desa/kelurahan'),
  },
  {
    description:
      'Badan JSON (atau formulir) seperti klien layanan nasional mengirimnya; kunci tanpa membedakan huruf besar/kecil',
  },
);

/** The query-string variant (the Kabupaten Tegal bridge): an empty body, the Tegal wording. */
const NationalQuery = Type.Object({
  USER_ID: text('User ID Gerbang, atau client ID aplikasi'),
  PASSWORD: text('Kata sandi, atau client secret aplikasi'),
  NIK: text('NIK 16 digit'),
  OPERATOR: text('Panggilan aplikasi: user ID operator yang dilayani'),
});

/** The operator an application's call acts for, when the client can set a header. */
const NationalHeaders = Type.Object({
  [OPERATOR_HEADER.toLowerCase()]: Type.Optional(
    Type.String({
      maxLength: 60,
      description:
        'Panggilan aplikasi (token bearer, atau client ID dan secret di USER_ID dan PASSWORD): user ID ' +
        'operator instansi pemilik aplikasi yang dilayani — pengguna aktif yang telah menandatangani NDA ' +
        '(atau kunci `OPERATOR`). Tidak disebut atau bukan operator instansi itu: `RESPONSE_CODE` 16.',
    }),
  ),
});

/** The largest body these clients send is a verification of 18 short fields. */
const BODY_LIMIT = 16 * 1024;

/** A body as these clients send it: JSON, a form, or nothing at all (the query-string variant). */
function readBody(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return trimmed.includes('=') ? parseUrlEncoded(trimmed) : undefined;
  }
}

/**
 * The national population web service's paths (SPEC §9) for the clients that already call
 * it: `POST /dukcapil/get_json/<segments…>/CALL_NIK` (one or more segments, or none) and
 * `…/CALL_VERIFY_BY_ELEMEN`. In a scope of their own, because these clients send what the
 * rest of the API refuses: an empty body with `Content-Type: application/json`, or the
 * header `application/json,Accept: application/json`. Every answer is HTTP 200.
 */
export const nationalServiceRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    // An answer other than the envelope with HTTP 200 breaks these clients, errors included:
    // a body over the limit is a bad request in the envelope; anything else is logged and
    // answered as a disruption (the log, not the client, is where it is looked into).
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      // A refusal of the request itself (text that is not valid UTF-8, refused at the edge).
      const refused = error instanceof Refusal;
      const status = refused ? 400 : (error.statusCode ?? 500);
      if (status >= 500) request.log.error({ err: error }, 'panggilan layanan nasional gagal');
      const refusal =
        status >= 500
          ? { code: '99', text: 'Layanan sedang mengalami gangguan, silakan coba lagi' }
          : refused
            ? { ...CHANNEL_REFUSALS.PERMINTAAN, text: error.message }
            : CHANNEL_REFUSALS.PERMINTAAN;
      const method = request.url.split('?')[0]!.split('/').at(-1)!.toUpperCase();
      return reply
        .code(200)
        .header('cache-control', 'no-store')
        .send(envelope(refusalContent(refusal, method === 'CALL_VERIFY_BY_ELEMEN')));
    });
    // `application/json,Accept: application/json` (two headers folded into one by a PHP
    // client) is no media type Fastify can parse: the first one is what the client meant.
    app.addHook('onRequest', async (request) => {
      const type = request.headers['content-type'];
      if (type?.includes(',')) request.headers['content-type'] = type.split(',')[0]!.trim();
    });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_r, body, done) =>
      done(null, body),
    );
    app.post(
      '/dukcapil/get_json/*',
      {
        // The credentials come in the body, the query or the Authorization header, and are
        // checked by the use case (services/lookup/compatible-caller.ts), answered in the
        // envelope: the API's caller hook would answer otherwise.
        config: { permission: 'public' },
        schema: {
          summary: 'Layanan web kependudukan (kompatibel dengan klien layanan nasional)',
          description:
            'CALL_NIK dan CALL_VERIFY_BY_ELEMEN seperti layanan web nasional: kunci `NIK`, `USER_ID`, ' +
            '`PASSWORD`, `IP_USER`, `TRESHOLD` dan elemen (huruf besar/kecil dan gaya camelCase diterima), ' +
            'di badan JSON atau query string. Jawaban selalu HTTP 200 dengan amplop `content`; penolakan ' +
            'berupa `RESPON` dan `RESPONSE_CODE` dengan teks profil teks PKS (NASIONAL bawaan, KHANZA, ' +
            'TEGAL; varian query string selalu TEGAL). Kuota, log audit dan kebijakan pola input sama ' +
            'dengan `/api/v1/nik/lookup`; keperluan yang dicatat adalah maksud dan tujuan PKS. ' +
            'Aplikasi yang lulus PoC memanggil dengan tokennya (`Authorization: Bearer gba_…` dari ' +
            '`POST /api/v1/oauth/token`) atau, bila kliennya hanya dapat mengisi USER_ID dan PASSWORD, ' +
            'dengan client ID dan client secret di kedua kunci itu; operator yang dilayani disebut pada ' +
            'header `X-Gerbang-Operator` atau kunci `OPERATOR`. Operator yang tidak sah dijawab ' +
            '`RESPONSE_CODE` 16 dengan teks gagal login profil PKS.',
          tags: ['Layanan nasional'],
          security: [{}, { bearer: [] }],
          headers: NationalHeaders,
          params: Type.Object({
            '*': Type.String({
              description:
                'Segmen (nol atau lebih, mis. `DINKES`) lalu metode: `CALL_NIK` atau `CALL_VERIFY_BY_ELEMEN`',
            }),
          }),
          // Described in the document only (http/openapi.ts): the body is read by this scope's
          // own parser, which takes JSON, a form or nothing.
          documentedBody: NationalRequest,
          documentedQuerystring: NationalQuery,
          response: { 200: NationalEnvelope },
        },
      },
      async (request, reply) => {
        const segments = (request.params as { '*': string })['*'].split('/').filter(Boolean);
        const body = typeof request.body === 'string' ? readBody(request.body) : {};
        // The body is read here, not by the app's parsers: its text is checked here too.
        const bad = findTextProblem(body ?? {});
        if (bad) throw new Refusal('TEKS_TIDAK_SAH', textProblemMessage(bad));
        // A bearer header that cannot be read is a token no one holds (a failed login), not
        // an absent one: the client meant to call with a token.
        const authorization = request.headers.authorization;
        const bearer =
          authorization !== undefined && /^Bearer\s/i.test(authorization)
            ? (bearerToken(request) ?? '')
            : undefined;
        const answer = await answerCompatibleCall(deps, {
          method: (segments.at(-1) ?? '').toUpperCase(),
          body: body ?? {},
          query: (request.query ?? {}) as Record<string, unknown>,
          unreadable: body === undefined,
          clientIp: request.clientIp,
          bearer,
          operator: operatorOf(request),
        });
        return reply.code(200).header('cache-control', 'no-store').send(answer);
      },
    );
  };
