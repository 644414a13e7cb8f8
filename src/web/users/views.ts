import { DOCUMENT_LABELS, type DocumentKind } from '../../domain/documents.js';
import { wibDateTime } from '../../domain/time.js';
import { ROLES, ROLE_LABELS } from '../../domain/users.js';
import type { DocumentEntry } from '../../services/users/user-documents.js';
import {
  USER_STATUSES,
  USER_STATUS_LABELS,
  type UserDetail,
  type UserListPage,
  type UserListQuery,
  type UserSummary,
} from '../../services/users/users-admin.js';
import { confirmBox } from '../kit/confirm-box.js';
import { html, type Html } from '../kit/html.js';
import { formatDate } from '../../domain/indonesian-dates.js';

/** Pages of the users consoles: Dukcapil (/dukcapil/pengguna) and the agency head (/instansi/pengguna). */

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

function alerts(options: { error?: string | undefined; notice?: string | undefined }): Html {
  return html`${options.error ? html`<div class="alert bad" role="alert">${options.error}</div>` : ''}
  ${options.notice ? html`<div class="alert ok" role="status">${options.notice}</div>` : ''}`;
}

function documentState(user: UserSummary): Html {
  if (!user.document) return html`<span class="hint">—</span>`;
  return user.document.signedOn
    ? html`<span class="flag ok">${user.document.kind} ${formatDate(user.document.signedOn)}</span>`
    : html`<span class="flag bad">${user.document.kind} belum ada</span>`;
}

function statusFlags(user: UserSummary): Html {
  const tone = user.status === 'AKTIF' ? 'ok' : 'bad';
  return html`<span class="flag ${tone}">${USER_STATUS_LABELS[user.status]}</span>${
      user.locked ? html` <span class="flag bad">Terkunci</span>` : ''
    }${user.mustChangePassword ? html` <span class="flag warn">Wajib ganti kata sandi</span>` : ''}`;
}

function listQuery(query: UserListQuery, page?: number): string {
  const params = new URLSearchParams();
  if (query.agencyCode) params.set('instansi', query.agencyCode);
  if (query.role) params.set('peran', query.role);
  if (query.status) params.set('status', query.status);
  if (query.documentsMissing) params.set('dokumen', 'kurang');
  if (query.search) params.set('cari', query.search);
  if (page && page > 1) params.set('halaman', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}" ${value === (selected ?? '') ? html`selected` : ''}>
    ${label}
  </option>`;
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
  return html`<h1>${options.title}</h1>
    ${
      area.canManage
        ? html`<p><a class="button" href="${area.basePath}/baru">Buat user ID baru</a></p>`
        : ''
    }
    <form method="get" action="${area.basePath}" class="filters card">
      ${
        options.agencies
          ? html`<div>
              <label for="f-instansi">Instansi</label>
              <select id="f-instansi" name="instansi">
                ${option('', 'Semua', q.agencyCode)}
                ${options.agencies.map((a) => option(a.code, `${a.code} — ${a.name}`, q.agencyCode))}
              </select>
            </div>`
          : ''
      }
      <div>
        <label for="f-peran">Peran</label>
        <select id="f-peran" name="peran">
          ${option('', 'Semua', q.role)} ${ROLES.map((r) => option(r, ROLE_LABELS[r], q.role))}
        </select>
      </div>
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          ${option('', 'Semua', q.status)}
          ${USER_STATUSES.map((s) => option(s, USER_STATUS_LABELS[s], q.status))}
        </select>
      </div>
      <div class="check">
        <input
          type="checkbox"
          id="f-dokumen"
          name="dokumen"
          value="kurang"
          ${q.documentsMissing ? html`checked` : ''}
        />
        <label for="f-dokumen">Dokumen belum ada</label>
      </div>
      <div>
        <label for="f-cari">User ID atau nama</label>
        <input type="text" id="f-cari" name="cari" maxlength="60" value="${q.search ?? ''}" />
      </div>
      <button type="submit">Saring</button>
    </form>
    <p class="hint">${list.total} pengguna.</p>
    <table id="daftar-pengguna">
      <thead>
        <tr>
          <th>User ID</th>
          <th>Nama</th>
          <th>Peran</th>
          <th>Instansi</th>
          <th>Status</th>
          <th>Dokumen</th>
          <th>TOTP</th>
        </tr>
      </thead>
      <tbody>
        ${list.users.map(
          (u) =>
            html`<tr>
              <td><a href="${area.basePath}/${u.userId}">${u.userId}</a></td>
              <td>${u.displayName}</td>
              <td>${u.roleLabel}</td>
              <td>${u.agencyCode ?? 'Dukcapil'}</td>
              <td>${statusFlags(u)}</td>
              <td>${documentState(u)}</td>
              <td>${u.totpEnabled ? 'Aktif' : '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      list.pages > 1
        ? html`<nav class="pager" aria-label="Halaman daftar">
            ${
              list.page > 1
                ? html`<a rel="prev" href="${area.basePath}${listQuery(q, list.page - 1)}"
                    >« Sebelumnya</a
                  >`
                : ''
            }
            <span>Halaman ${list.page} dari ${list.pages}</span>
            ${
              list.page < list.pages
                ? html`<a rel="next" href="${area.basePath}${listQuery(q, list.page + 1)}"
                    >Berikutnya »</a
                  >`
                : ''
            }
          </nav>`
        : ''
    }`;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function documentsTable(documents: readonly DocumentEntry[]): Html {
  if (documents.length === 0) return html`<p>Belum ada dokumen tercatat.</p>`;
  return html`<table id="dokumen">
    <thead>
      <tr>
        <th>Jenis</th>
        <th>Ditandatangani</th>
        <th>Berkas</th>
        <th>Diunggah</th>
        <th>Keadaan</th>
      </tr>
    </thead>
    <tbody>
      ${documents.map(
        (d) =>
          html`<tr>
            <td>${d.kind}</td>
            <td>${formatDate(d.signedOn)}</td>
            <td>
              <a href="/dokumen/${d.id}">Unduh</a>
              (${d.contentType.replace(/^.*\//, '').toUpperCase()}, ${sizeText(d.sizeBytes)})
            </td>
            <td>
              ${wibDateTime(d.uploadedAt)} WIB${d.uploadedBy ? html` oleh ${d.uploadedBy}` : ''}
            </td>
            <td>
              ${
                d.supersededAt
                  ? html`Digantikan ${wibDateTime(d.supersededAt)}`
                  : html`<span class="flag ok">Berlaku</span>`
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function uploadForm(options: {
  readonly action: string;
  readonly kind: DocumentKind;
  readonly csrfToken: string;
}): Html {
  return html`<form
    method="post"
    action="${options.action}"
    enctype="multipart/form-data"
    class="card"
    id="unggah-dokumen"
  >
    <input type="hidden" name="_csrf" value="${options.csrfToken}" />
    <input type="hidden" name="kind" value="${options.kind}" />
    <h2>Catat ${DOCUMENT_LABELS[options.kind]}</h2>
    <label for="signedOn">Tanggal penandatanganan</label>
    <input type="date" id="signedOn" name="signedOn" required />
    <label for="berkas">Berkas pindaian (PDF, PNG atau JPEG, maksimal 5 MB)</label>
    <input
      type="file"
      id="berkas"
      name="berkas"
      required
      accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
    />
    <button type="submit">Unggah dan catat</button>
  </form>`;
}

function reasonField(id: string): Html {
  return html`<label for="${id}">Alasan</label>
    <input type="text" id="${id}" name="reason" required minlength="3" maxlength="500" />`;
}

function actionForm(options: {
  readonly action: string;
  readonly csrfToken: string;
  readonly id: string;
  readonly title: string;
  readonly button: string;
  readonly confirm?: string;
}): Html {
  return html`<form method="post" action="${options.action}" class="card" id="${options.id}">
    <input type="hidden" name="_csrf" value="${options.csrfToken}" />
    <h2>${options.title}</h2>
    ${reasonField(`${options.id}-alasan`)}
    ${options.confirm ? confirmBox(`${options.id}-yakin`, options.confirm) : ''}
    <button type="submit">${options.button}</button>
  </form>`;
}

function manageForms(base: string, user: UserDetail, csrfToken: string): Html {
  const forms: Html[] = [];
  if (user.status === 'DITAHAN') {
    forms.push(
      actionForm({
        action: `${base}/lepas-tahanan`,
        csrfToken,
        id: 'lepas-tahanan',
        title: 'Lepaskan tahanan',
        button: 'Lepaskan tahanan',
      }),
    );
  }
  if (user.status === 'NON_AKTIF') {
    forms.push(
      actionForm({
        action: `${base}/aktifkan`,
        csrfToken,
        id: 'aktifkan',
        title: 'Aktifkan kembali',
        button: 'Aktifkan kembali',
      }),
    );
  } else {
    forms.push(
      actionForm({
        action: `${base}/nonaktifkan`,
        csrfToken,
        id: 'nonaktifkan',
        title: 'Nonaktifkan user ID',
        button: 'Nonaktifkan',
        confirm:
          'Saya yakin: user ID ini ditolak sejak sekarang dan semua sesi serta tokennya berakhir',
      }),
    );
  }
  if (user.locked || user.failedLogins > 0) {
    forms.push(
      actionForm({
        action: `${base}/buka-kunci`,
        csrfToken,
        id: 'buka-kunci',
        title: `Buka kunci (${user.failedLogins} kali gagal masuk)`,
        button: 'Buka kunci',
      }),
    );
  }
  forms.push(
    actionForm({
      action: `${base}/reset-sandi`,
      csrfToken,
      id: 'reset-sandi',
      title: 'Reset kata sandi',
      button: 'Reset kata sandi',
      confirm:
        'Saya yakin: kata sandi lama tidak berlaku lagi, semua sesi berakhir, dan kata sandi sekali pakai ditampilkan satu kali',
    }),
  );
  if (user.totpEnabled) {
    forms.push(
      actionForm({
        action: `${base}/reset-totp`,
        csrfToken,
        id: 'reset-totp',
        title: 'Reset TOTP (ponsel hilang)',
        button: 'Reset TOTP',
        confirm: 'Saya yakin: TOTP pengguna ini dihapus dan semua sesinya berakhir',
      }),
    );
  }
  return html`<h2>Tindakan</h2>
    ${forms}`;
}

function historyTable(user: UserDetail): Html {
  if (user.history.length === 0) return html`<p>Belum ada riwayat.</p>`;
  return html`<table id="riwayat">
    <thead>
      <tr>
        <th>Waktu (WIB)</th>
        <th>Tindakan</th>
        <th>Oleh</th>
        <th>Alasan</th>
      </tr>
    </thead>
    <tbody>
      ${user.history.map(
        (h) =>
          html`<tr>
            <td>${wibDateTime(h.at)}</td>
            <td>${ACTION_LABELS[h.action] ?? h.action}</td>
            <td>${h.actor ?? 'Baris perintah'}</td>
            <td>${h.reason ?? ''}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function userDetailBody(options: {
  readonly area: UsersConsole;
  readonly user: UserDetail;
  readonly csrfToken: string;
  /** The kind the viewer may upload for this user, if any. */
  readonly uploadKind: DocumentKind | undefined;
  readonly error?: string | undefined;
  readonly notice?: string | undefined;
}): Html {
  const { user, area } = options;
  const base = `${area.basePath}/${user.userId}`;
  return html`<p><a href="${area.basePath}">« Daftar pengguna</a></p>
    <h1>${user.userId}</h1>
    ${alerts(options)}
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
    ${
      user.document
        ? html`<h2>Dokumen</h2>
            ${documentsTable(user.documents)}
            ${
              options.uploadKind
                ? uploadForm({
                    action: `${base}/dokumen`,
                    kind: options.uploadKind,
                    csrfToken: options.csrfToken,
                  })
                : ''
            }`
        : ''
    }
    ${area.canManage ? manageForms(base, user, options.csrfToken) : ''}
    <h2>Riwayat</h2>
    ${historyTable(user)}`;
}

export interface NewUserValues {
  readonly agencyCode: string;
  readonly role: string;
  readonly userId: string;
  readonly displayName: string;
}

export function createUserBody(options: {
  readonly csrfToken: string;
  readonly agencies: readonly { code: string; name: string }[];
  readonly values: NewUserValues;
  readonly error?: string | undefined;
}): Html {
  const v = options.values;
  return html`<p><a href="/dukcapil/pengguna">« Daftar pengguna</a></p>
    <h1>Buat User ID</h1>
    ${alerts(options)}
    <form method="post" action="/dukcapil/pengguna" class="card" autocomplete="off">
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      <label for="agencyCode">Instansi</label>
      <select id="agencyCode" name="agencyCode">
        ${option('', '— Pegawai Dukcapil (tanpa instansi) —', v.agencyCode)}
        ${options.agencies.map((a) => option(a.code, `${a.code} — ${a.name}`, v.agencyCode))}
      </select>
      <label for="role">Peran</label>
      <select id="role" name="role" required>
        ${ROLES.map((r) => option(r, ROLE_LABELS[r], v.role || 'OPERATOR'))}
      </select>
      <p class="hint">
        Operator dan Kepala Instansi memerlukan instansi; Admin dan Evaluator Dukcapil tidak.
      </p>
      <label for="userId">User ID</label>
      <input
        type="text"
        id="userId"
        name="userId"
        required
        maxlength="60"
        value="${v.userId}"
        autocapitalize="none"
        spellcheck="false"
      />
      <p class="hint">3–60 karakter: huruf kecil, angka, titik, garis bawah atau strip.</p>
      <label for="displayName">Nama</label>
      <input
        type="text"
        id="displayName"
        name="displayName"
        required
        maxlength="120"
        value="${v.displayName}"
      />
      <button type="submit">Buat user ID</button>
    </form>`;
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
      <div class="alert warn" role="status">
        Kata sandi sekali pakai ini hanya ditampilkan satu kali. Serahkan kepada pemilik user ID
        secara langsung; pengguna wajib menggantinya saat pertama kali masuk.
      </div>
      <dl class="terms">
        <dt>User ID</dt>
        <dd id="user-id-baru">${options.userId}</dd>
        <dt>Kata sandi sekali pakai</dt>
        <dd><code id="sandi-sekali-pakai">${options.password}</code></dd>
      </dl>
    </div>
    <p><a href="${options.detailHref}">Lanjut ke halaman pengguna</a></p>`;
}
