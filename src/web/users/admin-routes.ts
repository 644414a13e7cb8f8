import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ActingParty } from '../../domain/actor.js';
import { Refusal } from '../../domain/refusals.js';
import { STATUS_ACTIONS } from '../../domain/user-status.js';
import type { Deps } from '../../services/deps.js';
import { createAccount } from '../../services/users/create-user.js';
import {
  changeUserStatus,
  resetPassword,
  resetTotp,
  unlockUser,
} from '../../services/users/user-actions.js';
import { agencyOptions } from '../../services/users/user-directory.js';
import { Confirmation } from '../kit/confirm-box.js';
import type { FormState } from '../kit/form-fields.js';
import { readForm } from '../kit/form-reader.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { createUserBody, oneTimePasswordBody } from './admin-views.js';
import { DUKCAPIL, sendBackOnUserPage, sendUserPage } from './user-page.js';

type UserParams = { Params: { userId: string } };

const NewUserForm = Type.Object({
  agencyCode: Type.Optional(Type.String({ maxLength: 20 })),
  // Any text: the use case says which roles there are, and which need an agency.
  role: Type.String({ maxLength: 40 }),
  userId: Type.String({ maxLength: 60 }),
  // Left empty, the user ID is the name.
  displayName: Type.Optional(Type.String({ maxLength: 120 })),
});
const NEW_USER_LABELS = {
  agencyCode: 'Instansi',
  role: 'Peran',
  userId: 'User ID',
  displayName: 'Nama',
};

const Reason = Type.String({ minLength: 3, maxLength: 500 });
const ReasonForm = Type.Object({ reason: Reason });
const ConfirmedReasonForm = Type.Object({ reason: Reason, konfirmasi: Confirmation });
const REASON_LABELS = { reason: 'Alasan' };

/** An action on a user's page that states a reason and lands back on the page. */
interface ReasonAction {
  readonly path: string;
  readonly summary: string;
  /** The action cannot be undone: the form's confirmation box must be ticked. */
  readonly confirm: boolean;
  readonly run: (
    deps: Deps,
    actor: ActingParty,
    input: { userId: string; reason: string },
  ) => Promise<unknown>;
}

const statusAction = (
  path: string,
  summary: string,
  action: (typeof STATUS_ACTIONS)[keyof typeof STATUS_ACTIONS],
): ReasonAction => ({
  path,
  summary,
  confirm: action.confirm,
  run: (deps, actor, input) =>
    changeUserStatus(deps, actor, { ...input, to: action.to, from: action.from }),
});

const REASON_ACTIONS: readonly ReasonAction[] = [
  statusAction(
    'nonaktifkan',
    'Menonaktifkan user ID; sesi dan tokennya berakhir (konfirmasi, CSRF)',
    STATUS_ACTIONS.deactivate,
  ),
  statusAction(
    'aktifkan',
    'Mengaktifkan kembali user ID non aktif (CSRF)',
    STATUS_ACTIONS.reactivate,
  ),
  statusAction(
    'lepas-tahanan',
    'Melepaskan user ID yang ditahan karena pola input (CSRF)',
    STATUS_ACTIONS.releaseHold,
  ),
  {
    path: 'buka-kunci',
    summary: 'Membuka kunci setelah gagal masuk berulang (CSRF)',
    confirm: false,
    run: unlockUser,
  },
  {
    path: 'reset-totp',
    summary: 'Menghapus TOTP pengguna (konfirmasi, CSRF)',
    confirm: true,
    run: resetTotp,
  },
];

/**
 * What a Dukcapil admin does to user IDs in the console: create one (its one-time password
 * shown once), change its status, lift a lockout, reset its password or TOTP.
 */
export const userAdminRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const csrfCheck = app.csrfProtection.bind(app);
    const config = { permission: 'user.manage' } as const;

    const sendNewUserForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      state: FormState,
      error?: string,
    ) => {
      const csrfToken = reply.generateCsrf();
      const agencies = await agencyOptions(deps);
      const body = createUserBody({ csrfToken, agencies, state, outcome: { error } });
      const user = portalUserOf(request);
      return sendPage(reply, status, page({ title: 'Buat User ID', user, csrfToken, body }));
    };

    /** A reason action's form, read; undefined once the page has been sent back with its problems. */
    const readReason = async (
      request: FastifyRequest<UserParams>,
      reply: FastifyReply,
      path: string,
      confirm: boolean,
    ) => {
      const form = readForm(request, confirm ? ConfirmedReasonForm : ReasonForm, {
        labels: REASON_LABELS,
      });
      if (form.ok) return form;
      const target = { area: DUKCAPIL, userId: request.params.userId };
      await sendUserPage(deps, request, reply, target, form.status, {
        sentBack: { formId: path, state: form },
      });
      return undefined;
    };

    app.get(
      '/dukcapil/pengguna/baru',
      { config, schema: { tags: ['Portal'], summary: 'Formulir user ID baru' } },
      async (request, reply) =>
        sendNewUserForm(request, reply, 200, { values: { role: 'OPERATOR' } }),
    );

    app.post(
      '/dukcapil/pengguna',
      {
        preValidation: csrfCheck,
        config,
        schema: {
          tags: ['Portal'],
          summary: 'Membuat user ID; kata sandi sekali pakai ditampilkan satu kali (CSRF)',
        },
      },
      async (request, reply) => {
        const form = readForm(request, NewUserForm, { labels: NEW_USER_LABELS });
        if (!form.ok) return sendNewUserForm(request, reply, form.status, form);
        const user = portalUserOf(request);
        let created;
        try {
          created = await createAccount(deps, user, {
            agencyCode: form.value.agencyCode ?? '',
            role: form.value.role,
            userId: form.value.userId.trim(),
            displayName: form.value.displayName?.trim() ?? '',
          });
        } catch (error) {
          if (!(error instanceof Refusal) || error.code !== 'PERMINTAAN_TIDAK_VALID') throw error;
          return sendNewUserForm(request, reply, 400, form, error.message);
        }
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
      },
    );

    for (const action of REASON_ACTIONS) {
      app.post<UserParams>(
        `/dukcapil/pengguna/:userId/${action.path}`,
        { preValidation: csrfCheck, config, schema: { tags: ['Portal'], summary: action.summary } },
        async (request, reply) => {
          const form = await readReason(request, reply, action.path, action.confirm);
          if (!form) return reply;
          const { userId } = request.params;
          try {
            await action.run(deps, portalUserOf(request), { userId, reason: form.value.reason });
          } catch (error) {
            const target = { area: DUKCAPIL, userId };
            const sent = { formId: action.path, values: form.values };
            return sendBackOnUserPage(deps, request, reply, target, sent, error);
          }
          return reply.redirect(`/dukcapil/pengguna/${encodeURIComponent(userId)}?selesai=1`, 303);
        },
      );
    }

    app.post<UserParams>(
      '/dukcapil/pengguna/:userId/reset-sandi',
      {
        preValidation: csrfCheck,
        config,
        schema: {
          tags: ['Portal'],
          summary:
            'Reset kata sandi: kata sandi sekali pakai ditampilkan satu kali (konfirmasi, CSRF)',
        },
      },
      async (request, reply) => {
        const form = await readReason(request, reply, 'reset-sandi', true);
        if (!form) return reply;
        const user = portalUserOf(request);
        const { userId } = request.params;
        let reset;
        try {
          reset = await resetPassword(deps, user, { userId, reason: form.value.reason });
        } catch (error) {
          const target = { area: DUKCAPIL, userId };
          const sent = { formId: 'reset-sandi', values: form.values };
          return sendBackOnUserPage(deps, request, reply, target, sent, error);
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
  };
