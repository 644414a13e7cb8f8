import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientCredentialsOf, OPERATOR_HEADER } from '../domain/applications.js';
import { Refusal, type RefusalCode } from '../domain/refusals.js';
import {
  applicationsFor,
  issueCredentials,
  recordJuknisRevision,
  registerApplication,
  revokeApplication,
} from '../services/applications/applications.js';
import { issueApplicationToken } from '../services/applications/oauth.js';
import type { Deps } from '../services/deps.js';
import { actorOf, bearerSecurity } from './caller-hook.js';
import { ErrorBody } from './schemas.js';

export const TOKEN_PATH = '/api/v1/oauth/token';
const BASE = '/api/v1/aplikasi';
const TAG = 'Aplikasi instansi';

/** RFC 6749 §5.2's error of each refusal of the token endpoint. */
const OAUTH_ERRORS: Partial<Record<RefusalCode, { error: string; status: 400 | 401 }>> = {
  GAGAL_LOGIN: { error: 'invalid_client', status: 401 },
  APLIKASI_DICABUT: { error: 'invalid_client', status: 401 },
  APLIKASI_BELUM_POC: { error: 'unauthorized_client', status: 400 },
  INSTANSI_TIDAK_AKTIF: { error: 'unauthorized_client', status: 400 },
  IP_TIDAK_SESUAI: { error: 'unauthorized_client', status: 400 },
};

function oauthError(
  reply: FastifyReply,
  status: 400 | 401,
  error: string,
  description: string,
  basic: boolean,
) {
  // RFC 6749 §5.2: a client that authenticated with Basic is answered with its challenge.
  if (status === 401 && basic) reply.header('www-authenticate', 'Basic realm="Gerbang"');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error, error_description: description });
}

const OAuthError = Type.Object(
  {
    error: Type.String({
      description:
        'invalid_request, invalid_client, unauthorized_client, unsupported_grant_type (RFC 6749 §5.2)',
    }),
    error_description: Type.String({ description: 'Penjelasan dalam Bahasa Indonesia' }),
  },
  { description: 'Galat OAuth 2.0 (RFC 6749 §5.2)' },
);

const TokenBody = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ description: 'Harus `client_credentials`' })),
    client_id: Type.Optional(Type.String({ description: 'Bila tidak memakai header Basic' })),
    client_secret: Type.Optional(Type.String({ description: 'Bila tidak memakai header Basic' })),
    scope: Type.Optional(Type.String({ description: 'Diabaikan: cakupan ditentukan PKS' })),
  },
  { additionalProperties: true },
);

const ApplicationJson = Type.Object({
  id: Type.Integer(),
  instansi: Type.String(),
  nama: Type.String(),
  kegunaan: Type.String(),
  kontakTeknis: Type.String(),
  titikAkses: Type.String(),
  status: Type.String({ description: 'TERDAFTAR, LULUS_POC, DICABUT' }),
  permohonanPoc: Type.Union([Type.Integer(), Type.Null()]),
  hasilPoc: Type.Union([Type.String(), Type.Null()], { description: 'LULUS, TIDAK_LULUS' }),
  clientId: Type.Union([Type.String(), Type.Null()]),
  rahasiaBerlaku: Type.Integer({ description: 'Jumlah client secret yang masih berlaku' }),
  revisiJuknis: Type.Union([
    Type.Object({ nomor: Type.String(), tanggal: Type.String() }),
    Type.Null(),
  ]),
});

type ApplicationRow = Awaited<ReturnType<typeof applicationsFor>>[number];

function applicationJson(row: ApplicationRow) {
  return {
    id: row.id,
    instansi: row.agency_code,
    nama: row.name,
    kegunaan: row.purpose,
    kontakTeknis: row.technical_contact,
    titikAkses: row.access_point,
    status: row.state,
    permohonanPoc: row.poc_request_id,
    hasilPoc: row.poc_result,
    clientId: row.client_id,
    rahasiaBerlaku: row.live_secrets,
    revisiJuknis:
      row.juknis_revision_number && row.juknis_revision_on
        ? { nomor: row.juknis_revision_number, tanggal: row.juknis_revision_on }
        : null,
  };
}

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/**
 * Applications that use the web service (issue 11 items 3 and 4): the OAuth 2.0 token
 * endpoint of the public API, and the console API where the head registers the agency's
 * applications, issues and rotates their secrets and revokes them, and Dukcapil records the
 * technical guide's revision.
 */
export const applicationApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    api.post(
      TOKEN_PATH,
      {
        config: { permission: 'public' },
        // Whatever goes wrong with the request itself is said in RFC 6749's shape too.
        errorHandler: (error: FastifyError, request, reply) => {
          const basic = /^Basic\s/i.test(request.headers.authorization ?? '');
          // A refusal at the edge (text that is not valid UTF-8, a NUL) says what it refused.
          if (error instanceof Refusal) {
            void oauthError(reply, 400, 'invalid_request', error.message, basic);
          } else if ((error.statusCode ?? 500) >= 500) {
            request.log.error({ err: error }, 'permintaan token aplikasi gagal');
            void reply
              .code(500)
              .send({ error: 'server_error', error_description: 'Terjadi gangguan pada server' });
          } else {
            void oauthError(reply, 400, 'invalid_request', 'Permintaan token tidak valid', basic);
          }
        },
        schema: {
          summary: 'Token akses aplikasi (OAuth 2.0 client credentials)',
          description:
            '`grant_type=client_credentials` dengan `client_id` dan `client_secret` aplikasi yang lulus PoC — ' +
            'pada header `Authorization: Basic` (RFC 6749 §2.3.1) atau di badan permintaan ' +
            '(`application/x-www-form-urlencoded` atau JSON), tidak keduanya. Jawaban RFC 6749 §5.1: ' +
            '`access_token`, `token_type` (`Bearer`), `expires_in` (detik, singkat). Galat RFC 6749 §5.2 dengan ' +
            '`error_description` berbahasa Indonesia: `invalid_client` (401: kredensial salah, rahasia yang ' +
            'sudah berakhir, aplikasi dicabut), `unauthorized_client` (400: aplikasi belum lulus PoC, PKS tidak ' +
            `memberikan web service, alamat di luar titik akses aplikasi), \`unsupported_grant_type\`, \`invalid_request\`. ` +
            `Setiap panggilan dengan token ini wajib menyebut operator yang dilayani pada header \`${OPERATOR_HEADER}\`.`,
          tags: ['Autentikasi'],
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: TokenBody,
          response: {
            200: Type.Object({
              access_token: Type.String(),
              token_type: Type.Literal('Bearer'),
              expires_in: Type.Integer(),
            }),
            400: OAuthError,
            401: OAuthError,
            500: OAuthError,
          },
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const credentials = clientCredentialsOf(request.headers.authorization, body);
        if (!credentials.ok) {
          return oauthError(
            reply,
            credentials.basic ? 401 : 400,
            credentials.basic ? 'invalid_client' : 'invalid_request',
            credentials.problem,
            credentials.basic,
          );
        }
        if (body.grant_type === undefined) {
          const text = 'grant_type wajib diisi: client_credentials';
          return oauthError(reply, 400, 'invalid_request', text, credentials.basic);
        }
        if (body.grant_type !== 'client_credentials') {
          const text = 'grant_type tidak didukung: gunakan client_credentials';
          return oauthError(reply, 400, 'unsupported_grant_type', text, credentials.basic);
        }
        try {
          const token = await issueApplicationToken(deps, {
            ...credentials,
            clientIp: request.clientIp,
          });
          return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({
            access_token: token.accessToken,
            token_type: 'Bearer',
            expires_in: token.expiresIn,
          });
        } catch (error) {
          const mapped = error instanceof Refusal ? OAUTH_ERRORS[error.code] : undefined;
          if (!mapped || !(error instanceof Refusal)) throw error;
          const text =
            error.code === 'GAGAL_LOGIN'
              ? 'Kredensial klien tidak dikenal atau sudah tidak berlaku'
              : error.message;
          return oauthError(reply, mapped.status, mapped.error, text, credentials.basic);
        }
      },
    );

    api.get(
      BASE,
      {
        config: { permission: 'signedIn' },
        schema: {
          summary: 'Daftar aplikasi web service (kepala instansi: milik sendiri; Dukcapil: semua)',
          tags: [TAG],
          security: bearerSecurity,
          response: { 200: Type.Object({ data: Type.Array(ApplicationJson) }), ...refusals },
        },
      },
      async (request) => ({
        data: (await applicationsFor(deps, actorOf(request))).map(applicationJson),
      }),
    );

    api.post(
      BASE,
      {
        config: { permission: 'application.manageOwn' },
        schema: {
          summary: 'Mendaftarkan aplikasi yang akan memakai web service',
          description:
            'Aplikasi baru memerlukan PoC sendiri (ajukan permohonan POC dengan `aplikasiId`) dan revisi Juknis, ' +
            'yang dicatat sebagai kewajiban sejak pendaftaran. Sebelum lulus PoC aplikasi tidak dapat memanggil API.',
          tags: [TAG],
          security: bearerSecurity,
          body: Type.Object({
            nama: Type.String({ maxLength: 200 }),
            kegunaan: Type.String({ maxLength: 1000 }),
            kontakTeknis: Type.String({ maxLength: 400 }),
            titikAkses: Type.String({ maxLength: 60, description: 'Alamat IP atau jaringan CIDR' }),
          }),
          response: { 201: Type.Object({ id: Type.Integer() }), ...refusals },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const id = await registerApplication(deps, actorOf(request), {
          name: b.nama,
          purpose: b.kegunaan,
          technicalContact: b.kontakTeknis,
          accessPoint: b.titikAkses,
        });
        return reply.code(201).send({ id });
      },
    );

    api.post(
      `${BASE}/:id/kredensial`,
      {
        config: { permission: 'application.manageOwn' },
        schema: {
          summary: 'Menerbitkan atau merotasi client secret aplikasi yang lulus PoC',
          description:
            'Pertama kali: client ID dan client secret. Berikutnya: client secret baru; rahasia lama tetap ' +
            'berlaku selama `jamTumpangTindih` jam (0–168, bawaan 24), lalu ditolak. Client secret hanya ' +
            'ditampilkan dalam jawaban ini; Gerbang hanya menyimpan sidik SHA-256-nya.',
          tags: [TAG],
          security: bearerSecurity,
          params: IdParams,
          body: Type.Optional(
            Type.Object({
              jamTumpangTindih: Type.Optional(Type.Integer({ minimum: 0, maximum: 168 })),
            }),
          ),
          response: {
            200: Type.Object({
              clientId: Type.String(),
              clientSecret: Type.String(),
              rahasiaLamaBerlakuSampai: Type.Union([
                Type.String({ format: 'date-time' }),
                Type.Null(),
              ]),
            }),
            ...refusals,
          },
        },
      },
      async (request) => {
        const issued = await issueCredentials(
          deps,
          actorOf(request),
          Number(request.params.id),
          request.body?.jamTumpangTindih,
        );
        return {
          clientId: issued.clientId,
          clientSecret: issued.clientSecret,
          rahasiaLamaBerlakuSampai: issued.previousValidUntil?.toISOString() ?? null,
        };
      },
    );

    api.post(
      `${BASE}/:id/cabut`,
      {
        config: { permission: 'signedIn' },
        schema: {
          summary: 'Mencabut aplikasi (kepala instansi atau Admin Dukcapil)',
          description: 'Seluruh client secret dan token aplikasi berhenti berlaku seketika.',
          tags: [TAG],
          security: bearerSecurity,
          params: IdParams,
          body: Type.Object({ alasan: Type.String({ maxLength: 2000 }) }),
          response: { 204: { type: 'null' }, ...refusals },
        },
      },
      async (request, reply) => {
        await revokeApplication(
          deps,
          actorOf(request),
          Number(request.params.id),
          request.body.alasan,
        );
        return reply.code(204).send(null);
      },
    );

    api.post(
      `${BASE}/:id/revisi-juknis`,
      {
        config: { permission: 'application.manage' },
        schema: {
          summary: 'Mencatat revisi Juknis yang diperlukan aplikasi (Admin Dukcapil)',
          tags: [TAG],
          security: bearerSecurity,
          params: IdParams,
          body: Type.Object({
            nomor: Type.String({ maxLength: 100 }),
            tanggal: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
          }),
          response: { 204: { type: 'null' }, ...refusals },
        },
      },
      async (request, reply) => {
        await recordJuknisRevision(deps, actorOf(request), Number(request.params.id), request.body);
        return reply.code(204).send(null);
      },
    );
  };
