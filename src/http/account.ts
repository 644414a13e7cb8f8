import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { changeOwnPassword } from '../services/account/account.js';
import type { Deps } from '../services/deps.js';
import { actorOf, bearerToken, bearerSecurity } from './caller-hook.js';
import { ErrorBody } from './schemas.js';

const PasswordChange = Type.Object(
  {
    kataSandiSaatIni: Type.String({ minLength: 1, maxLength: 200 }),
    kataSandiBaru: Type.String({ minLength: 1, maxLength: 200 }),
    ulangiKataSandiBaru: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/** One's own account over the API: the same use case as the portal's /akun. */
export const accountApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    api.post(
      '/api/v1/akun/kata-sandi',
      {
        schema: {
          summary: 'Mengganti kata sandi sendiri',
          description:
            'Kata sandi baru minimal 10 karakter, tidak sama dengan user ID maupun kata sandi saat ini. ' +
            'Token yang dipakai tetap berlaku; sesi dan token lain milik pengguna dicabut. ' +
            'Kata sandi saat ini yang salah dihitung menuju penguncian. Kata sandi awal yang wajib diganti ' +
            'diganti melalui portal, karena token tidak diterbitkan sebelum itu.',
          tags: ['Akun'],
          security: bearerSecurity,
          body: PasswordChange,
          response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
        },
        config: { permission: 'account.self' },
      },
      async (request, reply) => {
        await changeOwnPassword(deps, {
          id: actorOf(request).id,
          current: request.body.kataSandiSaatIni,
          next: request.body.kataSandiBaru,
          repeat: request.body.ulangiKataSandiBaru,
          keepToken: bearerToken(request),
        });
        return reply.code(204).send(null);
      },
    );
  };
