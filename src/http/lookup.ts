import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { loginAnswer } from '../domain/account-refusals.js';
import { Refusal } from '../domain/refusals.js';
import { lookupResident } from '../services/lookup/lookup-resident.js';
import { login } from '../services/account/login.js';
import { logout } from '../services/account/portal-session.js';
import type { Deps } from '../services/deps.js';
import { bearerToken, bearerSecurity } from './caller-hook.js';
import { lookupAnswers, lookupReply, OperatorHeaders, operatorOf } from './lookup-answer.js';
import {
  ErrorBody,
  LookupRequest,
  LookupResponse,
  TokenRequest,
  TokenResponse,
} from './schemas.js';

/** The JSON API of SPEC §8: token, lookup, token revocation. */
export const apiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    api.post(
      '/api/v1/auth/token',
      {
        config: { permission: 'public', loginAttempt: { kind: 'API' } },
        schema: {
          summary: 'Meminta token akses (bearer)',
          description:
            'Dengan user ID dan kata sandi; `otp` (kode TOTP 6 digit) wajib bila pengguna telah mengaktifkan TOTP ' +
            '(tanpa otp: 401 OTP_DIPERLUKAN; kode salah atau sudah dipakai: 401 GAGAL_LOGIN, dihitung menuju penguncian). ' +
            'Token tidak diterbitkan selama kata sandi awal belum diganti (403 GANTI_KATA_SANDI) atau, bagi Admin Dukcapil, ' +
            'selama TOTP belum diaktifkan (403 TOTP_WAJIB); keduanya diselesaikan melalui portal, menu Akun.',
          tags: ['Autentikasi'],
          body: TokenRequest,
          response: {
            200: TokenResponse,
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            500: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        const result = await login(deps, {
          userId: request.body.userId,
          password: request.body.password,
          otp: request.body.otp,
          kind: 'API',
          clientIp: request.clientIp,
          throttle: request.loginThrottle(),
        });
        if (!result.ok) {
          const { message, httpStatus } = loginAnswer(result.code);
          // Login answers are 401 or 403 (SPEC §2 and ACCOUNT_REFUSALS).
          return reply.code(httpStatus as 401 | 403).send({ code: result.code, message });
        }
        return { accessToken: result.token, expiresIn: result.expiresIn };
      },
    );

    api.post(
      '/api/v1/auth/revoke',
      {
        // Any token the caller holds, live or not: revoking ends it, whatever its state.
        config: { permission: 'public' },
        schema: {
          summary: 'Mencabut token akses yang dipakai',
          description:
            'Token pada header `Authorization` berakhir seketika, masih berlaku atau tidak; ' +
            'permintaan berikutnya dengan token itu ditolak 401 GAGAL_LOGIN.',
          tags: ['Autentikasi'],
          security: bearerSecurity,
          response: { 204: { type: 'null' }, 401: ErrorBody },
        },
      },
      async (request, reply) => {
        const token = bearerToken(request);
        if (!token) throw new Refusal('GAGAL_LOGIN');
        await logout(deps, token);
        return reply.code(204).send(null);
      },
    );

    api.post(
      '/api/v1/nik/lookup',
      {
        // The lookup statement checks the token with the quota and the audit record, in one
        // step; a malformed request is refused only after the caller is checked (app-pipeline.ts).
        config: { permission: 'nik.lookup', authInUseCase: true },
        schema: {
          summary: 'Verifikasi penduduk berdasarkan NIK',
          description:
            'Menjawab dengan tepat satu kode respons. Hanya elemen data yang diberikan PKS yang dikirim, ' +
            'dan hanya untuk DITEMUKAN. Setiap permintaan yang lolos login dan format NIK dihitung dalam kuota harian (WIB).',
          tags: ['Verifikasi'],
          security: bearerSecurity,
          headers: OperatorHeaders,
          body: LookupRequest,
          response: lookupAnswers(LookupResponse),
        },
      },
      async (request, reply) => {
        // Without a token the lookup still goes through the use case, so that it is audited.
        const outcome = await lookupResident(deps, {
          token: bearerToken(request) ?? '',
          channel: 'API',
          nik: request.body.nik,
          purpose: request.body.purpose,
          reason: request.body.alasan,
          clientIp: request.clientIp,
          operator: operatorOf(request),
        });
        const { status, body } = lookupReply(outcome);
        return reply.code(status).send(body);
      },
    );
  };
