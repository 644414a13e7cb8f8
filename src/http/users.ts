import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DOCUMENT_KINDS, DOCUMENT_MAX_BYTES } from '../domain/documents.js';
import type { Actor } from '../domain/user-scope.js';
import { ROLES } from '../domain/users.js';
import type { SessionUser } from '../services/account/agency-caller.js';
import type { Deps } from '../services/deps.js';
import {
  DOCUMENT_TOO_LARGE,
  listDocumentsOf,
  recordUserDocument,
  type DocumentEntry,
  type RecordedDocument,
} from '../services/users/user-documents.js';
import { UserAdminRefusal } from '../services/users/user-errors.js';
import {
  changeUserStatus,
  createAccount,
  listUsersFor,
  resetPassword,
  resetTotp,
  STATUS_ACTIONS,
  unlockUser,
  USER_STATUSES,
  type StatusAction,
  userDetail,
  type UserDetail,
  type UserStatus,
  type UserSummary,
} from '../services/users/users-admin.js';
import { apiCaller, bearerSecurity } from './api-caller.js';
import { base64BodyLimit, decodeBase64 } from './base64-file.js';
import { ErrorBody } from './schemas.js';

/*
 * The JSON API of users and their documents (issue 3 item 3), on the same use cases as the
 * consoles: Dukcapil admins under /api/v1/admin/pengguna, the agency head (own agency: read,
 * record NDA / SPTJM) under /api/v1/instansi/pengguna. Scans travel as base64 in JSON.
 */

const ADMIN = '/api/v1/admin/pengguna';
const AGENCY = '/api/v1/instansi/pengguna';
const TAG_ADMIN = 'Pengguna (Dukcapil)';
const TAG_AGENCY = 'Pengguna instansi';

export const DOCUMENT_BODY_LIMIT = base64BodyLimit(DOCUMENT_MAX_BYTES);

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableDate = Type.Union([Type.String({ format: 'date' }), Type.Null()]);
const Status = Type.Unsafe<UserStatus>({ type: 'string', enum: [...USER_STATUSES] });
const Role = Type.Unsafe<string>({ type: 'string', enum: [...ROLES] });
const Kind = Type.Unsafe<string>({ type: 'string', enum: [...DOCUMENT_KINDS] });

const Summary = Type.Object({
  userId: Type.String(),
  nama: Type.String(),
  peran: Role,
  status: Status,
  instansi: NullableString,
  terkunci: Type.Boolean(),
  wajibGantiKataSandi: Type.Boolean(),
  totpAktif: Type.Boolean(),
  dokumenWajib: Type.Union([
    Type.Object({ jenis: Kind, ditandatangani: NullableDate }),
    Type.Null(),
  ]),
});

const DocumentJson = Type.Object({
  id: Type.Integer(),
  jenis: Kind,
  ditandatangani: Type.String({ format: 'date' }),
  tipe: Type.String(),
  ukuran: Type.Integer(),
  sha256: Type.String(),
  namaBerkas: NullableString,
  diunggahPada: Type.String({ format: 'date-time' }),
  diunggahOleh: NullableString,
  digantikanPada: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
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

const UserParams = Type.Object({ userId: Type.String({ pattern: '^[a-z0-9._-]{3,60}$' }) });

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

const DocumentBody = Type.Object(
  {
    jenis: Kind,
    tanggalTandaTangan: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
    namaBerkas: Type.Optional(Type.String({ maxLength: 200 })),
    isiBase64: Type.String({
      description: `Pindaian dalam base64: PDF, PNG atau JPEG (diperiksa menurut isinya), paling besar ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB (lebih: 413; jenis lain: 415)`,
    }),
  },
  { additionalProperties: false },
);

const RecordedAnswer = Type.Object({
  id: Type.Integer(),
  userId: Type.String(),
  jenis: Kind,
  ditandatangani: Type.String({ format: 'date' }),
  tipe: Type.String(),
  ukuran: Type.Integer(),
  sha256: Type.String(),
});

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  500: ErrorBody,
};

function actorOf(user: SessionUser): Actor {
  return { id: user.id, role: user.role, agencyId: user.agencyId };
}

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
    dokumenWajib: user.document
      ? { jenis: user.document.kind, ditandatangani: user.document.signedOn }
      : null,
  };
}

function documentJson(d: DocumentEntry) {
  return {
    id: d.id,
    jenis: d.kind,
    ditandatangani: d.signedOn,
    tipe: d.contentType,
    ukuran: d.sizeBytes,
    sha256: d.sha256,
    namaBerkas: d.fileName,
    diunggahPada: d.uploadedAt.toISOString(),
    diunggahOleh: d.uploadedBy,
    digantikanPada: d.supersededAt?.toISOString() ?? null,
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

function recordedJson(d: RecordedDocument) {
  return {
    id: d.id,
    userId: d.userId,
    jenis: d.kind,
    ditandatangani: d.signedOn,
    tipe: d.contentType,
    ukuran: d.sizeBytes,
    sha256: d.sha256,
  };
}

function scanContent(text: string): Buffer {
  const content = decodeBase64(text);
  if (!content) {
    throw new UserAdminRefusal('isiBase64 bukan base64 yang sah', 400, 'PERMINTAAN_TIDAK_VALID');
  }
  return content;
}

export const adminUsersApiRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    // Use-case refusals with their own status and code; the rest to the app's handler.
    app.setErrorHandler(async (error: Error & { code?: string }, request, reply: FastifyReply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && request.url.endsWith('/dokumen')) {
        return reply.code(413).send({ code: 'BERKAS_TERLALU_BESAR', message: DOCUMENT_TOO_LARGE });
      }
      if (!(error instanceof UserAdminRefusal)) throw error;
      return reply.code(error.status).send({ code: error.code, message: error.message });
    });
    const api = app.withTypeProvider<TypeBoxTypeProvider>();

    for (const [base, permission, tag] of [
      [ADMIN, 'user.manage', TAG_ADMIN],
      [AGENCY, 'user.viewOwnAgency', TAG_AGENCY],
    ] as const) {
      const admin = base === ADMIN;
      api.get(
        base,
        {
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
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, permission);
          if (!caller) return reply;
          const q = request.query as Record<string, string | undefined>;
          const list = await listUsersFor(deps, actorOf(caller), {
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
          schema: {
            summary: 'Pengguna: keadaan, dokumen dan riwayat',
            tags: [tag],
            security: bearerSecurity,
            params: UserParams,
            response: { 200: Detail, ...errors },
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, permission);
          if (!caller) return reply;
          return detailJson(await userDetail(deps, actorOf(caller), request.params.userId));
        },
      );

      api.get(
        `${base}/:userId/dokumen`,
        {
          schema: {
            summary: 'Dokumen (NDA / SPTJM) pengguna, yang berlaku dan riwayatnya',
            tags: [tag],
            security: bearerSecurity,
            params: UserParams,
            response: { 200: Type.Object({ data: Type.Array(DocumentJson) }), ...errors },
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, permission);
          if (!caller) return reply;
          const documents = await listDocumentsOf(deps, actorOf(caller), request.params.userId);
          return { data: documents.map(documentJson) };
        },
      );

      api.post(
        `${base}/:userId/dokumen`,
        {
          bodyLimit: DOCUMENT_BODY_LIMIT,
          schema: {
            summary: admin
              ? 'Mencatat NDA (operator) atau SPTJM (kepala instansi) yang ditandatangani'
              : 'Mencatat NDA operator instansi sendiri atau SPTJM sendiri',
            tags: [tag],
            security: bearerSecurity,
            params: UserParams,
            body: DocumentBody,
            response: {
              201: RecordedAnswer,
              ...errors,
              413: ErrorBody,
              415: ErrorBody,
            },
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, permission);
          if (!caller) return reply;
          const recorded = await recordUserDocument(deps, actorOf(caller), {
            userId: request.params.userId,
            kind: request.body.jenis,
            signedOn: request.body.tanggalTandaTangan,
            fileName: request.body.namaBerkas,
            content: scanContent(request.body.isiBase64),
          });
          return reply.code(201).send(recordedJson(recorded));
        },
      );
    }

    api.post(
      ADMIN,
      {
        schema: {
          summary: 'Membuat user ID dengan kata sandi sekali pakai (ditampilkan sekali)',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          body: CreateBody,
          response: { 201: OneTimePassword, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'user.manage');
        if (!caller) return reply;
        const created = await createAccount(deps, actorOf(caller), {
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
    for (const action of statusActions) {
      api.post(
        `${ADMIN}/:userId/${action.path}`,
        {
          schema: {
            summary: action.summary,
            tags: [TAG_ADMIN],
            security: bearerSecurity,
            params: UserParams,
            body: action.confirm ? ConfirmedBody : ReasonBody,
            response: { 200: StatusAnswer, ...errors },
          },
        },
        async (request, reply) => {
          const caller = await apiCaller(deps, request, reply, 'user.manage');
          if (!caller) return reply;
          const changed = await changeUserStatus(deps, actorOf(caller), {
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
        const caller = await apiCaller(deps, request, reply, 'user.manage');
        if (!caller) return reply;
        await unlockUser(deps, actorOf(caller), {
          userId: request.params.userId,
          reason: request.body.alasan,
        });
        return reply.code(204).send(null);
      },
    );

    api.post(
      `${ADMIN}/:userId/reset-sandi`,
      {
        schema: {
          summary: 'Reset kata sandi: kata sandi sekali pakai baru, semua sesi berakhir',
          tags: [TAG_ADMIN],
          security: bearerSecurity,
          params: UserParams,
          body: ConfirmedBody,
          response: { 200: OneTimePassword, ...errors },
        },
      },
      async (request, reply) => {
        const caller = await apiCaller(deps, request, reply, 'user.manage');
        if (!caller) return reply;
        const reset = await resetPassword(deps, actorOf(caller), {
          userId: request.params.userId,
          reason: request.body.alasan,
        });
        return { userId: reset.userId, kataSandiSekaliPakai: reset.oneTimePassword };
      },
    );

    api.post(
      `${ADMIN}/:userId/reset-totp`,
      {
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
        const caller = await apiCaller(deps, request, reply, 'user.manage');
        if (!caller) return reply;
        await resetTotp(deps, actorOf(caller), {
          userId: request.params.userId,
          reason: request.body.alasan,
        });
        return reply.code(204).send(null);
      },
    );
  };
