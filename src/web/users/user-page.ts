import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ActingParty } from '../../domain/actor.js';
import { requiredDocuments } from '../../domain/documents.js';
import { Refusal } from '../../domain/refusals.js';
import { documentRecordProblem, type TargetUser } from '../../domain/user-scope.js';
import type { Deps } from '../../services/deps.js';
import { userDetail } from '../../services/users/user-directory.js';
import { errorSummary, type FormState } from '../kit/form-fields.js';
import { sendPage } from '../kit/guards.js';
import { page } from '../kit/layout.js';
import { portalUserOf } from '../kit/portal-caller.js';
import { actionFieldIds, userActionForms } from './admin-views.js';
import { userDetailBody, type UsersConsole } from './directory-views.js';
import { documentsSection, UPLOAD_FIELD_IDS, UPLOAD_FORM_ID } from './document-views.js';

/**
 * What the users consoles' routes share: the two consoles, and a user's page, shown by the
 * directory and again, with its problems, when a form on it is sent back.
 */

export const DUKCAPIL: UsersConsole = { basePath: '/dukcapil/pengguna', canManage: true };
export const HEAD: UsersConsole = { basePath: '/instansi/pengguna', canManage: false };

/** Both consoles with the permission each needs. */
export const CONSOLES = [
  [DUKCAPIL, 'user.manage'],
  [HEAD, 'user.viewOwnAgency'],
] as const;

/** The uploads a viewer may make for a user shown to them (a head's: SPTJM and NDA). */
function uploadKindsFor(actor: ActingParty, target: TargetUser) {
  return requiredDocuments(target.role).filter(
    (kind) => !documentRecordProblem(actor, target, kind),
  );
}

/** A form of a user's page sent back: which one, what it held and what is wrong with it. */
export interface SentBackForm {
  /** The form's id: an action's path, or UPLOAD_FORM_ID. */
  readonly formId: string;
  readonly state: FormState;
  /** A rule of the use case refused it (not one field): said atop the page. */
  readonly error?: string;
}

/** A user's page in a console, with what was just done on it or the form sent back. */
export async function sendUserPage(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  target: { readonly area: UsersConsole; readonly userId: string },
  status: number,
  view: { readonly notice?: string | undefined; readonly sentBack?: SentBackForm } = {},
) {
  const { area } = target;
  const user = portalUserOf(request);
  const detail = await userDetail(deps, user, target.userId);
  const csrfToken = reply.generateCsrf();
  const userPath = `${area.basePath}/${detail.userId}`;
  const sentBack = view.sentBack;
  const upload = sentBack?.formId === UPLOAD_FORM_ID ? sentBack : undefined;
  const body = userDetailBody({
    area,
    user: detail,
    summary: errorSummary(sentBack?.state.errors, {
      ids: upload ? UPLOAD_FIELD_IDS : actionFieldIds(sentBack?.formId ?? ''),
    }),
    outcome: { error: sentBack?.error, notice: view.notice },
    documents:
      detail.requiredDocuments.length > 0
        ? documentsSection({
            documents: detail.documents,
            userPath,
            uploadKinds: uploadKindsFor(user, detail),
            csrfToken,
            state: upload?.state,
          })
        : '',
    actions: area.canManage
      ? userActionForms(userPath, detail, csrfToken, upload ? undefined : sentBack)
      : '',
  });
  return sendPage(
    reply,
    status,
    page({ title: `Pengguna ${detail.userId}`, user, csrfToken, body }),
  );
}

/**
 * A refusal of a form on a user's page sends the page back with its message and the refusal's
 * status (400, 403, 409, 413, 415), so the admin stays where they acted; a user who cannot be
 * seen (404) goes to the portal's error page, since there is no page to send back.
 */
export async function sendBackOnUserPage(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  target: { readonly area: UsersConsole; readonly userId: string },
  form: { readonly formId: string; readonly values: FormState['values'] },
  error: unknown,
) {
  if (!(error instanceof Refusal)) throw error;
  const status = reply.refusalStatus(error);
  if (status === 404) throw error;
  return sendUserPage(deps, request, reply, target, status, {
    sentBack: { formId: form.formId, state: { values: form.values }, error: error.message },
  });
}
