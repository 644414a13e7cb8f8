import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../services/deps.js';
import {
  listUsersFor,
  userDetail,
  type UserDetail,
  type UserSummary,
} from '../services/users/user-directory.js';
import { actorOf, bearerSecurity } from './caller-hook.js';
import {
  ADMIN,
  BOTH_BASES,
  DocumentJson,
  documentJson,
  errors,
  Kind,
  NullableString,
  Role,
  Status,
  UserParams,
} from './user-json.js';

/*
 * The users of the JSON API, as the consoles show them: the list with its filters and one
 * user's state, documents and history; Dukcapil admins over every agency, the agency head
 * over their own.
 */

const NullableDate = Type.Union([Type.String({ format: 'date' }), Type.Null()]);

const Summary = Type.Object({
  userId: Type.String(),
  nama: Type.String(),
  peran: Role,
  status: Status,
  instansi: NullableString,
  terkunci: Type.Boolean(),
  wajibGantiKataSandi: Type.Boolean(),
  totpAktif: Type.Boolean(),
  dokumenWajib: Type.Array(Type.Object({ jenis: Kind, ditandatangani: NullableDate }), {
    description: 'Dokumen yang wajib ditandatangani peran ini (kepala instansi: SPTJM dan NDA)',
  }),
});

const Detail = Type.Intersect([
  Summary,
  Type.Object({
    gagalMasuk: Type.Integer(),
    kataSandiDigantiPada: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    totpWajib: Type.Boolean(),
    dibuatPada: Type.String({ format: 'date-time' }),
    dokumen: Type.Array(DocumentJson),
    riwayat: Type.Array(
      Type.Object({
        waktu: Type.String({ format: 'date-time' }),
        tindakan: Type.String(),
        oleh: NullableString,
        alasan: NullableString,
      }),
    ),
  }),
]);

const ListQuery = Type.Object({
  peran: Type.Optional(Role),
  status: Type.Optional(Status),
  dokumen: Type.Optional(
    Type.Unsafe<string>({
      type: 'string',
      enum: ['kurang'],
      description: 'kurang: hanya yang dokumen wajibnya (NDA / SPTJM) belum tercatat',
    }),
  ),
  cari: Type.Optional(Type.String({ maxLength: 60, description: 'Bagian user ID atau nama' })),
  halaman: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'Mulai 1' })),
});

const ListAnswer = Type.Object({
  data: Type.Array(Summary),
  total: Type.Integer(),
  halaman: Type.Integer(),
  jumlahHalaman: Type.Integer(),
});

function summaryJson(user: UserSummary) {
  return {
    userId: user.userId,
    nama: user.displayName,
    peran: user.role,
    status: user.status,
    instansi: user.agencyCode,
    terkunci: user.locked,
    wajibGantiKataSandi: user.mustChangePassword,
    totpAktif: user.totpEnabled,
    dokumenWajib: user.requiredDocuments.map((document) => ({
      jenis: document.kind,
      ditandatangani: document.signedOn,
    })),
  };
}

function detailJson(user: UserDetail) {
  return {
    ...summaryJson(user),
    gagalMasuk: user.failedLogins,
    kataSandiDigantiPada: user.passwordChangedAt?.toISOString() ?? null,
    totpWajib: user.totpRequired,
    dibuatPada: user.createdAt.toISOString(),
    dokumen: user.documents.map(documentJson),
    riwayat: user.history.map((h) => ({
      waktu: h.at.toISOString(),
      tindakan: h.action,
      oleh: h.actor,
      alasan: h.reason,
    })),
  };
}

export const usersApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    for (const [base, permission, tag] of BOTH_BASES) {
      const admin = base === ADMIN;
      api.get(
        base,
        {
          config: { permission },
          schema: {
            summary: admin
              ? 'Daftar pengguna semua instansi (saringan; 50 per halaman)'
              : 'Daftar pengguna instansi sendiri (saringan; 50 per halaman)',
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
        async (request) => {
          const q = request.query as Record<string, string | undefined>;
          const list = await listUsersFor(deps, actorOf(request), {
            agencyCode: q.instansi,
            role: q.peran,
            status: q.status,
            documentsMissing: q.dokumen === 'kurang',
            search: q.cari,
            page: Number(q.halaman ?? 1),
          });
          return {
            data: list.users.map(summaryJson),
            total: list.total,
            halaman: list.page,
            jumlahHalaman: list.pages,
          };
        },
      );

      api.get(
        `${base}/:userId`,
        {
          config: { permission },
          schema: {
            summary: 'Pengguna: keadaan, dokumen dan riwayat',
            tags: [tag],
            security: bearerSecurity,
            params: UserParams,
            response: { 200: Detail, ...errors },
          },
        },
        async (request) => {
          return detailJson(await userDetail(deps, actorOf(request), request.params.userId));
        },
      );
    }
  };
