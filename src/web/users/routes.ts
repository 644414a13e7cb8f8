import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requiredDocument } from '../../domain/documents.js';
import { documentRecordProblem, type Actor } from '../../domain/user-scope.js';
import type { Role } from '../../domain/users.js';
import type { Deps } from '../../services/deps.js';
import { readDocument, recordUserDocument } from '../../services/users/user-documents.js';
import { RuleViolation } from '../../services/errors.js';
import type { PortalUser } from '../../services/account/portal-session.js';
import { UserAdminRefusal } from '../../services/users/user-errors.js';
import {
  agencyOptions,
  changeUserStatus,
  createAccount,
  listUsersFor,
  resetPassword,
  resetTotp,
  STATUS_ACTIONS,
  unlockUser,
  userDetail,
  type StatusAction,
} from '../../services/users/users-admin.js';
import { portalGuards, sendPage } from '../kit/guards.js';
import { html } from '../kit/html.js';
import { page } from '../kit/layout.js';
import { readUploadForm, enableUploads } from '../kit/uploads.js';
import {
  createUserBody,
  oneTimePasswordBody,
  userDetailBody,
  usersListBody,
  type NewUserValues,
  type UsersConsole,
} from './views.js';

const DUKCAPIL: UsersConsole = { basePath: '/dukcapil/pengguna', canManage: true };
const HEAD: UsersConsole = { basePath: '/instansi/pengguna', canManage: false };

export function actorOf(user: PortalUser): Actor {
  return { id: user.id, role: user.role, agencyId: user.agencyId };
}

type UserParams = { Params: { userId: string } };
type FormBody = Record<string, string | undefined>;

function listQueryOf(query: Record<string, string | undefined>) {
  return {
    agencyCode: query.instansi,
    role: query.peran,
    status: query.status,
    documentsMissing: query.dokumen === 'kurang',
    search: query.cari,
    page: Number(query.halaman ?? 1),
  };
}

/** The users consoles: Dukcapil's (every agency, every action) and the agency head's (own agency). */
export const usersRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    await enableUploads(app);
    // Refusals with a status of their own (404 for a user another agency cannot see, 403,
    // 409, 413, 415) get it; anything else goes on to the application's handler.
    app.setErrorHandler(async (error, request, reply) => {
      if (!(error instanceof UserAdminRefusal)) throw error;
      const body = html`<h1>Permintaan tidak dapat diproses</h1>
        <div class="alert bad" role="alert">${error.message}</div>
        <p><a href="/">Kembali ke beranda</a></p>`;
      return sendPage(
        reply,
        error.status,
        page({ title: 'Galat', user: request.portalUser, body }),
      );
    });
    const csrfCheck = app.csrfProtection.bind(app);
    const { requirePermission } = portalGuards(deps);
    const manage = requirePermission('user.manage');
    const viewOwn = requirePermission('user.viewOwnAgency');

    /** The upload a viewer may make for a user shown to them, if any. */
    const uploadKindFor = (
      actor: Actor,
      target: { id: number; role: Role; agencyId: number | null },
    ) => {
      const kind = requiredDocument(target.role);
      return kind && !documentRecordProblem(actor, target, kind) ? kind : undefined;
    };

    const showDetail = async (
      request: FastifyRequest,
      reply: FastifyReply,
      area: UsersConsole,
      userId: string,
      status: number,
      messages: { error?: string; notice?: string } = {},
    ) => {
      const user = request.portalUser!;
      const actor = actorOf(user);
      const detail = await userDetail(deps, actor, userId);
      const csrfToken = reply.generateCsrf();
      const body = userDetailBody({
        area,
        user: detail,
        csrfToken,
        uploadKind: uploadKindFor(actor, detail),
        ...messages,
      });
      return sendPage(
        reply,
        status,
        page({ title: `Pengguna ${detail.userId}`, user, csrfToken, body }),
      );
    };

    /** A refusal on a user's page: the page again with the message, or 404 for an unseen user. */
    const refused = async (
      request: FastifyRequest,
      reply: FastifyReply,
      area: UsersConsole,
      userId: string,
      error: unknown,
    ) => {
      if (!(error instanceof RuleViolation)) throw error;
      const status = error instanceof UserAdminRefusal ? error.status : 400;
      if (status === 404) throw error;
      return showDetail(request, reply, area, userId, status, { error: error.message });
    };

    for (const [area, guard] of [
      [DUKCAPIL, manage],
      [HEAD, viewOwn],
    ] as const) {
      app.get<{ Querystring: Record<string, string | undefined> }>(
        area.basePath,
        {
          preHandler: guard,
          schema: { tags: ['Portal'], summary: 'Daftar pengguna dengan saringan dan halaman' },
        },
        async (request, reply) => {
          const user = request.portalUser!;
          const list = await listUsersFor(deps, actorOf(user), listQueryOf(request.query));
          const agencies = area.canManage ? await agencyOptions(deps) : undefined;
          const title = area.canManage ? 'Pengguna' : `Pengguna ${user.agencyName ?? ''}`;
          const csrfToken = reply.generateCsrf();
          const body = usersListBody({ area, list, agencies, title });
          return sendPage(reply, 200, page({ title: 'Pengguna', user, csrfToken, body }));
        },
      );

      app.get<UserParams>(
        `${area.basePath}/:userId`,
        {
          preHandler: guard,
          schema: { tags: ['Portal'], summary: 'Pengguna: keadaan, dokumen dan riwayat' },
        },
        async (request, reply) => {
          const done = request.query as Record<string, string | undefined>;
          return showDetail(request, reply, area, request.params.userId, 200, {
            notice: done.selesai ? 'Perubahan telah dicatat.' : undefined,
          });
        },
      );

      app.post<UserParams>(
        `${area.basePath}/:userId/dokumen`,
        {
          // Who may upload is known from the cookie alone: refuse before reading any file.
          preValidation: [guard, readUploadForm, csrfCheck],
          schema: {
            tags: ['Portal'],
            summary: 'Mencatat NDA atau SPTJM: unggah pindaian dan tanggal tanda tangan (CSRF)',
          },
        },
        async (request, reply) => {
          const form = request.uploadForm!;
          const { userId } = request.params;
          try {
            await recordUserDocument(deps, actorOf(request.portalUser!), {
              userId,
              kind: form.fields.kind ?? '',
              signedOn: form.fields.signedOn ?? '',
              content: form.file?.content ?? Buffer.alloc(0),
              fileName: form.file?.fileName,
              truncated: form.file?.truncated ?? false,
            });
          } catch (error) {
            return refused(request, reply, area, userId, error);
          }
          return reply.redirect(`${area.basePath}/${encodeURIComponent(userId)}?selesai=1`, 303);
        },
      );
    }

    const emptyValues: NewUserValues = {
      agencyCode: '',
      role: 'OPERATOR',
      userId: '',
      displayName: '',
    };

    app.get(
      '/dukcapil/pengguna/baru',
      { preHandler: manage, schema: { tags: ['Portal'], summary: 'Formulir user ID baru' } },
      async (request, reply) => {
        const csrfToken = reply.generateCsrf();
        const body = createUserBody({
          csrfToken,
          agencies: await agencyOptions(deps),
          values: emptyValues,
        });
        return sendPage(
          reply,
          200,
          page({ title: 'Buat User ID', user: request.portalUser!, csrfToken, body }),
        );
      },
    );

    app.post<{ Body: FormBody }>(
      '/dukcapil/pengguna',
      {
        preValidation: csrfCheck,
        preHandler: manage,
        schema: {
          tags: ['Portal'],
          summary: 'Membuat user ID; kata sandi sekali pakai ditampilkan satu kali (CSRF)',
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const values: NewUserValues = {
          agencyCode: String(request.body?.agencyCode ?? ''),
          role: String(request.body?.role ?? ''),
          userId: String(request.body?.userId ?? '').trim(),
          displayName: String(request.body?.displayName ?? '').trim(),
        };
        try {
          const created = await createAccount(deps, actorOf(user), values);
          const body = oneTimePasswordBody({
            heading: 'User ID dibuat',
            userId: created.userId,
            password: created.oneTimePassword!,
            detailHref: `/dukcapil/pengguna/${created.userId}`,
          });
          return sendPage(
            reply,
            201,
            page({ title: 'User ID dibuat', user, csrfToken: reply.generateCsrf(), body }),
          );
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error;
          const csrfToken = reply.generateCsrf();
          const body = createUserBody({
            csrfToken,
            agencies: await agencyOptions(deps),
            values,
            error: error.message,
          });
          return sendPage(reply, 400, page({ title: 'Buat User ID', user, csrfToken, body }));
        }
      },
    );

    const statusActions: readonly (StatusAction & { path: string; summary: string })[] = [
      {
        path: 'nonaktifkan',
        summary: 'Menonaktifkan user ID; sesi dan tokennya berakhir (konfirmasi, CSRF)',
        ...STATUS_ACTIONS.deactivate,
      },
      {
        path: 'aktifkan',
        summary: 'Mengaktifkan kembali user ID non aktif (CSRF)',
        ...STATUS_ACTIONS.reactivate,
      },
      {
        path: 'lepas-tahanan',
        summary: 'Melepaskan user ID yang ditahan karena pola input (CSRF)',
        ...STATUS_ACTIONS.releaseHold,
      },
    ];

    const CONFIRM_MISSING = new UserAdminRefusal(
      'Centang pernyataan konfirmasi untuk melanjutkan',
      400,
      'KONFIRMASI_DIPERLUKAN',
    );

    for (const action of statusActions) {
      app.post<UserParams & { Body: FormBody }>(
        `/dukcapil/pengguna/:userId/${action.path}`,
        {
          preValidation: csrfCheck,
          preHandler: manage,
          schema: { tags: ['Portal'], summary: action.summary },
        },
        async (request, reply) => {
          const { userId } = request.params;
          try {
            if (action.confirm && request.body?.konfirmasi !== 'ya') throw CONFIRM_MISSING;
            await changeUserStatus(deps, actorOf(request.portalUser!), {
              userId,
              to: action.to,
              from: action.from,
              reason: String(request.body?.reason ?? ''),
            });
          } catch (error) {
            return refused(request, reply, DUKCAPIL, userId, error);
          }
          return reply.redirect(`/dukcapil/pengguna/${encodeURIComponent(userId)}?selesai=1`, 303);
        },
      );
    }

    app.post<UserParams & { Body: FormBody }>(
      '/dukcapil/pengguna/:userId/buka-kunci',
      {
        preValidation: csrfCheck,
        preHandler: manage,
        schema: { tags: ['Portal'], summary: 'Membuka kunci setelah gagal masuk berulang (CSRF)' },
      },
      async (request, reply) => {
        const { userId } = request.params;
        try {
          await unlockUser(deps, actorOf(request.portalUser!), {
            userId,
            reason: String(request.body?.reason ?? ''),
          });
        } catch (error) {
          return refused(request, reply, DUKCAPIL, userId, error);
        }
        return reply.redirect(`/dukcapil/pengguna/${encodeURIComponent(userId)}?selesai=1`, 303);
      },
    );

    app.post<UserParams & { Body: FormBody }>(
      '/dukcapil/pengguna/:userId/reset-sandi',
      {
        preValidation: csrfCheck,
        preHandler: manage,
        schema: {
          tags: ['Portal'],
          summary:
            'Reset kata sandi: kata sandi sekali pakai ditampilkan satu kali (konfirmasi, CSRF)',
        },
      },
      async (request, reply) => {
        const user = request.portalUser!;
        const { userId } = request.params;
        let reset: { userId: string; oneTimePassword: string };
        try {
          if (request.body?.konfirmasi !== 'ya') throw CONFIRM_MISSING;
          reset = await resetPassword(deps, actorOf(user), {
            userId,
            reason: String(request.body?.reason ?? ''),
          });
        } catch (error) {
          return refused(request, reply, DUKCAPIL, userId, error);
        }
        const body = oneTimePasswordBody({
          heading: 'Kata sandi direset',
          userId: reset.userId,
          password: reset.oneTimePassword,
          detailHref: `/dukcapil/pengguna/${reset.userId}`,
        });
        return sendPage(
          reply,
          200,
          page({ title: 'Kata sandi direset', user, csrfToken: reply.generateCsrf(), body }),
        );
      },
    );

    app.post<UserParams & { Body: FormBody }>(
      '/dukcapil/pengguna/:userId/reset-totp',
      {
        preValidation: csrfCheck,
        preHandler: manage,
        schema: { tags: ['Portal'], summary: 'Menghapus TOTP pengguna (konfirmasi, CSRF)' },
      },
      async (request, reply) => {
        const { userId } = request.params;
        try {
          if (request.body?.konfirmasi !== 'ya') throw CONFIRM_MISSING;
          await resetTotp(deps, actorOf(request.portalUser!), {
            userId,
            reason: String(request.body?.reason ?? ''),
          });
        } catch (error) {
          return refused(request, reply, DUKCAPIL, userId, error);
        }
        return reply.redirect(`/dukcapil/pengguna/${encodeURIComponent(userId)}?selesai=1`, 303);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/dokumen/:id',
      {
        preHandler: requirePermission('document.view'),
        schema: {
          tags: ['Portal'],
          summary: 'Mengunduh pindaian NDA / SPTJM (Dukcapil; kepala instansi pemiliknya)',
        },
      },
      async (request, reply) => {
        const id = /^[0-9]{1,9}$/.test(request.params.id) ? Number(request.params.id) : NaN;
        const doc = await readDocument(deps, actorOf(request.portalUser!), id);
        return reply
          .type(doc.contentType)
          .header('content-disposition', `attachment; filename="${doc.fileName}"`)
          .header('x-content-type-options', 'nosniff')
          .send(doc.content);
      },
    );
  };
