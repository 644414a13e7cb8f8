import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { STATUS_ACTIONS, type StatusAction } from '../domain/user-status.js';
import type { Deps } from '../services/deps.js';
import { createAccount } from '../services/users/create-user.js';
import {
  changeUserStatus,
  resetPassword,
  resetTotp,
  unlockUser,
} from '../services/users/user-actions.js';
import { actorOf, bearerSecurity } from './caller-hook.js';
import { ADMIN, errors, Role, Status, TAG_ADMIN, UserParams } from './user-json.js';

/*
 * What a Dukcapil admin does to user IDs over the JSON API: create one, change its status,
 * lift a lockout, reset its password or TOTP. Each change states its reason.
 */

const CreateBody = Type.Object(
  {
    userId: Type.String({ maxLength: 60 }),
    nama: Type.String({ maxLength: 120 }),
    peran: Role,
    kodeInstansi: Type.Optional(
      Type.String({ maxLength: 20, description: 'Wajib untuk OPERATOR dan KEPALA_INSTANSI' }),
    ),
  },
  { additionalProperties: false },
);

const OneTimePassword = Type.Object({
  userId: Type.String(),
  kataSandiSekaliPakai: Type.String({
    description:
      'Hanya dikirim sekali dalam jawaban ini dan tidak disimpan; wajib diganti saat masuk pertama',
  }),
});

const ReasonBody = Type.Object(
  { alasan: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);

const ConfirmedBody = Type.Object(
  {
    alasan: Type.String({ minLength: 3, maxLength: 500 }),
    konfirmasi: Type.Literal(true, {
      description: 'Wajib true: tindakan ini tidak dapat diurungkan',
    }),
  },
  { additionalProperties: false },
);

const StatusAnswer = Type.Object({ userId: Type.String(), status: Status });

const statusActions: readonly (StatusAction & { path: string; summary: string })[] = [
  {
    path: 'nonaktifkan',
    summary: 'Menonaktifkan user ID (USER_NON_AKTIF); semua sesi dan tokennya berakhir',
    ...STATUS_ACTIONS.deactivate,
  },
  {
    path: 'aktifkan',
    summary: 'Mengaktifkan kembali user ID non aktif',
    ...STATUS_ACTIONS.reactivate,
  },
  {
    path: 'lepas-tahanan',
    summary: 'Melepaskan user ID yang ditahan (AKSES_DITAHAN)',
    ...STATUS_ACTIONS.releaseHold,
  },
];

export const userAdminApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    api.post(
      ADMIN,
      {
        config: { permission: 'user.manage' },
        schema: {
          summary: 'Membuat user ID dengan kata sandi sekali pakai (ditampilkan sekali)',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          body: CreateBody,
          response: { 201: OneTimePassword, ...errors },
        },
      },
      async (request, reply) => {
        const created = await createAccount(deps, actorOf(request), {
          userId: request.body.userId,
          displayName: request.body.nama,
          role: request.body.peran,
          agencyCode: request.body.kodeInstansi,
        });
        return reply
          .code(201)
          .send({ userId: created.userId, kataSandiSekaliPakai: created.oneTimePassword! });
      },
    );

    for (const action of statusActions) {
      api.post(
        `${ADMIN}/:userId/${action.path}`,
        {
          config: { permission: 'user.manage' },
          schema: {
            summary: action.summary,
            tags: [TAG_ADMIN],
            security: bearerSecurity,
            params: UserParams,
            body: action.confirm ? ConfirmedBody : ReasonBody,
            response: { 200: StatusAnswer, ...errors },
          },
        },
        async (request) => {
          const changed = await changeUserStatus(deps, actorOf(request), {
            userId: request.params.userId,
            to: action.to,
            from: action.from,
            reason: request.body.alasan,
          });
          return { userId: request.params.userId, status: changed.to };
        },
      );
    }

    api.post(
      `${ADMIN}/:userId/buka-kunci`,
      {
        config: { permission: 'user.manage' },
        schema: {
          summary: 'Membuka kunci user ID setelah gagal masuk berulang',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: UserParams,
          body: ReasonBody,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await unlockUser(deps, actorOf(request), {
          userId: request.params.userId,
          reason: request.body.alasan,
        });
        return reply.code(204).send(null);
      },
    );

    api.post(
      `${ADMIN}/:userId/reset-sandi`,
      {
        config: { permission: 'user.manage' },
        schema: {
          summary: 'Reset kata sandi: kata sandi sekali pakai baru, semua sesi berakhir',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: UserParams,
          body: ConfirmedBody,
          response: { 200: OneTimePassword, ...errors },
        },
      },
      async (request) => {
        const reset = await resetPassword(deps, actorOf(request), {
          userId: request.params.userId,
          reason: request.body.alasan,
        });
        return { userId: reset.userId, kataSandiSekaliPakai: reset.oneTimePassword };
      },
    );

    api.post(
      `${ADMIN}/:userId/reset-totp`,
      {
        config: { permission: 'user.manage' },
        schema: {
          summary: 'Menghapus TOTP pengguna (ponsel hilang); semua sesi berakhir',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: UserParams,
          body: ConfirmedBody,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await resetTotp(deps, actorOf(request), {
          userId: request.params.userId,
          reason: request.body.alasan,
        });
        return reply.code(204).send(null);
      },
    );
  };
