import { ROLES, ROLE_LABELS } from '../../domain/users.js';
import type { UserDetail } from '../../services/users/user-directory.js';
import { confirmBox } from '../kit/confirm-box.js';
import { alert, errorSummary, field, form, select, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { outcomeAlerts, type Outcome } from './directory-views.js';

/** What a Dukcapil admin does to user IDs: the new user form, the actions, a one-time password. */

/** One action form on a user's page; its id is also the path it posts to. */
interface ActionForm {
  readonly id: string;
  readonly title: string;
  readonly button: string;
  /** The statement to tick: the action cannot be undone. */
  readonly confirm?: string;
}

/** The ids the error summary links to, for the form `formId` on a user's page. */
export function actionFieldIds(formId: string) {
  return { reason: `${formId}-alasan`, konfirmasi: `${formId}-yakin` };
}

function actionForm(base: string, action: ActionForm, csrfToken: string, state?: FormState): Html {
  const ids = actionFieldIds(action.id);
  return form({
    action: `${base}/${action.id}`,
    csrfToken,
    id: action.id,
    className: 'card',
    body: html`<h2>${action.title}</h2>
      ${field(
        {
          name: 'reason',
          id: ids.reason,
          label: 'Alasan',
          required: true,
          minlength: 3,
          maxlength: 500,
        },
        state,
      )}
      ${action.confirm ? confirmBox(ids.konfirmasi, action.confirm, { state }) : ''}
      <button type="submit">${action.button}</button>`,
  });
}

/**
 * The actions section of a user's page: only those the user's state allows. `sentBack` is
 * the form that was posted and refused for its fields, shown again with its problems.
 */
export function userActionForms(
  base: string,
  user: UserDetail,
  csrfToken: string,
  sentBack?: { readonly formId: string; readonly state: FormState },
): Html {
  const actions: ActionForm[] = [];
  if (user.status === 'DITAHAN') {
    actions.push({ id: 'lepas-tahanan', title: 'Lepaskan tahanan', button: 'Lepaskan tahanan' });
  }
  if (user.status === 'NON_AKTIF') {
    actions.push({ id: 'aktifkan', title: 'Aktifkan kembali', button: 'Aktifkan kembali' });
  } else {
    actions.push({
      id: 'nonaktifkan',
      title: 'Nonaktifkan user ID',
      button: 'Nonaktifkan',
      confirm:
        'Saya yakin: user ID ini ditolak sejak sekarang dan semua sesi serta tokennya berakhir',
    });
  }
  if (user.locked || user.failedLogins > 0) {
    actions.push({
      id: 'buka-kunci',
      title: `Buka kunci (${user.failedLogins} kali gagal masuk)`,
      button: 'Buka kunci',
    });
  }
  actions.push({
    id: 'reset-sandi',
    title: 'Reset kata sandi',
    button: 'Reset kata sandi',
    confirm:
      'Saya yakin: kata sandi lama tidak berlaku lagi, semua sesi berakhir, dan kata sandi sekali pakai ditampilkan satu kali',
  });
  if (user.totpEnabled) {
    actions.push({
      id: 'reset-totp',
      title: 'Reset TOTP (ponsel hilang)',
      button: 'Reset TOTP',
      confirm: 'Saya yakin: TOTP pengguna ini dihapus dan semua sesinya berakhir',
    });
  }
  return html`<h2>Tindakan</h2>
    ${actions.map((action) =>
      actionForm(
        base,
        action,
        csrfToken,
        sentBack?.formId === action.id ? sentBack.state : undefined,
      ),
    )}`;
}

export function createUserBody(options: {
  readonly csrfToken: string;
  readonly agencies: readonly { code: string; name: string }[];
  /** The form as typed and its problems, when sent back. */
  readonly state: FormState;
  readonly outcome?: Outcome;
}): Html {
  const { state } = options;
  return html`<p><a href="/dukcapil/pengguna">« Daftar pengguna</a></p>
    <h1>Buat User ID</h1>
    ${errorSummary(state.errors)} ${outcomeAlerts(options.outcome ?? {})}
    ${form({
      action: '/dukcapil/pengguna',
      csrfToken: options.csrfToken,
      className: 'card',
      autocomplete: 'off',
      body: html`${select(
          {
            name: 'agencyCode',
            label: 'Instansi',
            options: [
              { value: '', label: '— Pegawai Dukcapil (tanpa instansi) —' },
              ...options.agencies.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` })),
            ],
          },
          state,
        )}
        ${select(
          {
            name: 'role',
            label: 'Peran',
            required: true,
            hint: 'Operator dan Kepala Instansi memerlukan instansi; Admin dan Evaluator Dukcapil tidak.',
            options: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
            value: state.values?.role || 'OPERATOR',
          },
          state,
        )}
        ${field(
          {
            name: 'userId',
            label: 'User ID',
            required: true,
            maxlength: 60,
            hint: '3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip.',
          },
          state,
        )}
        ${field({ name: 'displayName', label: 'Nama', required: true, maxlength: 120 }, state)}
        <button type="submit">Buat user ID</button>`,
    })}`;
}

/** The one time a generated password is shown: after creation or a reset. */
export function oneTimePasswordBody(options: {
  readonly heading: string;
  readonly userId: string;
  readonly password: string;
  readonly detailHref: string;
}): Html {
  return html`<h1>${options.heading}</h1>
    <div class="card">
      ${alert(
        'warn',
        'Kata sandi sekali pakai ini hanya ditampilkan satu kali. Serahkan kepada pemilik user ID secara langsung; pengguna wajib menggantinya saat pertama kali masuk.',
      )}
      <dl class="terms">
        <dt>User ID</dt>
        <dd id="user-id-baru">${options.userId}</dd>
        <dt>Kata sandi sekali pakai</dt>
        <dd><code id="sandi-sekali-pakai">${options.password}</code></dd>
      </dl>
    </div>
    <p><a href="${options.detailHref}">Lanjut ke halaman pengguna</a></p>`;
}
