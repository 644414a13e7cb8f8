import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import { USER_STATUSES, USER_STATUS_LABELS } from '../../domain/user-status.js';
import { ROLES, ROLE_LABELS } from '../../domain/users.js';
import type { UserDetail, UserListPage, UserSummary } from '../../services/users/user-directory.js';
import { alert, checkbox, field, select } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table } from '../kit/table.js';

/** The users list and a user's page, in both consoles (/dukcapil/pengguna, /instansi/pengguna). */

export const ACTION_LABELS: Readonly<Record<string, string>> = {
  PENGGUNA_DIBUAT: 'User ID dibuat',
  PENGGUNA_DINONAKTIFKAN: 'Dinonaktifkan',
  PENGGUNA_DIAKTIFKAN: 'Diaktifkan kembali',
  PENGGUNA_DITAHAN: 'Ditahan',
  PENGGUNA_TAHANAN_DILEPAS: 'Tahanan dilepas',
  PENGGUNA_KUNCI_DIBUKA: 'Kunci dibuka',
  KATA_SANDI_DIRESET: 'Kata sandi direset',
  KATA_SANDI_DIGANTI: 'Kata sandi diganti oleh pengguna',
  TOTP_DIAKTIFKAN: 'TOTP diaktifkan',
  TOTP_DINONAKTIFKAN: 'TOTP dinonaktifkan',
  TOTP_DIRESET: 'TOTP direset',
  DOKUMEN_DICATAT: 'Dokumen dicatat',
};

export interface UsersConsole {
  /** /dukcapil/pengguna or /instansi/pengguna */
  readonly basePath: string;
  /** Dukcapil admins: create, state changes, resets; the head only reads and uploads. */
  readonly canManage: boolean;
}

/** What was just done on a page, or why it was refused (a rule of the use case). */
export interface Outcome {
  readonly error?: string | undefined;
  readonly notice?: string | undefined;
}

export function outcomeAlerts(outcome: Outcome): Html {
  return html`${outcome.error ? alert('bad', outcome.error) : ''}
  ${outcome.notice ? alert('ok', outcome.notice) : ''}`;
}

function documentState(user: UserSummary): Html {
  if (user.requiredDocuments.length === 0) return html`<span class="hint">—</span>`;
  return html`${user.requiredDocuments.map((document) =>
    document.signedOn
      ? html`<span class="flag ok">${document.kind} ${formatDate(document.signedOn)}</span> `
      : html`<span class="flag bad">${document.kind} belum ada</span> `,
  )}`;
}

function statusFlags(user: UserSummary): Html {
  const tone = user.status === 'AKTIF' ? 'ok' : 'bad';
  return html`<span class="flag ${tone}">${USER_STATUS_LABELS[user.status]}</span>${
      user.locked ? html` <span class="flag bad">Terkunci</span>` : ''
    }${user.mustChangePassword ? html` <span class="flag warn">Wajib ganti kata sandi</span>` : ''}`;
}

export function usersListBody(options: {
  readonly area: UsersConsole;
  readonly list: UserListPage;
  /** Agencies to filter by: Dukcapil only. */
  readonly agencies?: readonly { code: string; name: string }[];
  readonly title: string;
}): Html {
  const { list, area } = options;
  const q = list.applied;
  const all = { value: '', label: 'Semua' };
  // The filter as applied, not as typed: the pager's links keep only what the list used.
  const applied = {
    instansi: q.agencyCode,
    peran: q.role,
    status: q.status,
    dokumen: q.documentsMissing ? 'kurang' : undefined,
    cari: q.search,
  };
  return html`<h1>${options.title}</h1>
    ${
      area.canManage
        ? html`<p><a class="button" href="${area.basePath}/baru">Buat user ID baru</a></p>`
        : ''
    }
    <form method="get" action="${area.basePath}" class="filters card">
      ${
        options.agencies
          ? select({
              name: 'instansi',
              id: 'f-instansi',
              label: 'Instansi',
              options: [
                all,
                ...options.agencies.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` })),
              ],
              value: q.agencyCode ?? '',
            })
          : ''
      }
      ${select({
        name: 'peran',
        id: 'f-peran',
        label: 'Peran',
        options: [all, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))],
        value: q.role ?? '',
      })}
      ${select({
        name: 'status',
        id: 'f-status',
        label: 'Status',
        options: [all, ...USER_STATUSES.map((s) => ({ value: s, label: USER_STATUS_LABELS[s] }))],
        value: q.status ?? '',
      })}
      ${checkbox({
        name: 'dokumen',
        id: 'f-dokumen',
        label: 'Dokumen belum ada',
        value: 'kurang',
        checked: q.documentsMissing ?? false,
      })}
      ${field({
        name: 'cari',
        id: 'f-cari',
        label: 'User ID atau nama',
        maxlength: 60,
        value: q.search ?? '',
      })}
      <button type="submit">Saring</button>
    </form>
    <p class="hint">${list.total} pengguna.</p>
    ${table({
      id: 'daftar-pengguna',
      rows: list.users,
      empty: 'Tidak ada pengguna yang sesuai dengan saringan.',
      columns: [
        {
          header: 'User ID',
          cell: (u) => html`<a href="${area.basePath}/${u.userId}">${u.userId}</a>`,
        },
        { header: 'Nama', cell: (u) => u.displayName },
        { header: 'Peran', cell: (u) => u.roleLabel },
        { header: 'Instansi', cell: (u) => u.agencyCode ?? 'Dukcapil' },
        { header: 'Status', cell: statusFlags },
        { header: 'Dokumen', cell: documentState },
        { header: 'TOTP', cell: (u) => (u.totpEnabled ? 'Aktif' : '—') },
      ],
    })}
    ${pager(list, { path: area.basePath, query: applied })}`;
}

function historyTable(user: UserDetail): Html {
  return table({
    id: 'riwayat',
    rows: user.history,
    empty: 'Belum ada riwayat.',
    columns: [
      { header: 'Waktu (WIB)', cell: (h) => wibDateTime(h.at) },
      { header: 'Tindakan', cell: (h) => ACTION_LABELS[h.action] ?? h.action },
      { header: 'Oleh', cell: (h) => h.actor ?? 'Baris perintah' },
      { header: 'Alasan', cell: (h) => h.reason ?? '' },
    ],
  });
}

/**
 * A user's page: their state, then the sections the viewer may use (the documents and their
 * upload, the admin's actions), then the history. The sections come from their own views;
 * `summary` is the error summary of a form on the page sent back.
 */
export function userDetailBody(options: {
  readonly area: UsersConsole;
  readonly user: UserDetail;
  /** The documents section; empty for Dukcapil staff, who sign no document. */
  readonly documents: Html | '';
  /** The admin's actions; empty in the head's console. */
  readonly actions: Html | '';
  readonly summary: Html | '';
  readonly outcome: Outcome;
}): Html {
  const { user, area } = options;
  return html`<p><a href="${area.basePath}">« Daftar pengguna</a></p>
    <h1>${user.userId}</h1>
    ${options.summary} ${outcomeAlerts(options.outcome)}
    <dl class="terms card">
      <dt>Nama</dt>
      <dd>${user.displayName}</dd>
      <dt>Peran</dt>
      <dd>${user.roleLabel}</dd>
      <dt>Instansi</dt>
      <dd>${user.agencyName ?? 'Dinas Kependudukan dan Pencatatan Sipil'}</dd>
      <dt>Status</dt>
      <dd id="status-pengguna">${statusFlags(user)}</dd>
      <dt>Dokumen wajib</dt>
      <dd>${documentState(user)}</dd>
      <dt>TOTP</dt>
      <dd>
        ${user.totpEnabled ? 'Aktif' : user.totpRequired ? 'Wajib, belum diaktifkan' : 'Tidak dipakai'}
      </dd>
      <dt>Kata sandi terakhir diganti</dt>
      <dd>${user.passwordChangedAt ? `${wibDateTime(user.passwordChangedAt)} WIB` : '—'}</dd>
      <dt>Dibuat</dt>
      <dd>${wibDateTime(user.createdAt)} WIB</dd>
    </dl>
    ${options.documents} ${options.actions}
    <h2>Riwayat</h2>
    ${historyTable(user)}`;
}
