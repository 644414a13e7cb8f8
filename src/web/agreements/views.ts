import { ACCESS_METHODS, type AccessMethod } from '../../domain/agreement.js';
import {
  ACCESS_METHOD_LABELS,
  QUOTA_STAGE_LABELS,
  QUOTA_STAGES,
  type AgreementRecord,
} from '../../domain/agreement-record.js';
import {
  AGREEMENT_ACTION_LABELS,
  AGREEMENT_EVENT_LABELS,
  AGREEMENT_STATUS_LABELS,
  AGREEMENT_STATUSES,
  type AgreementAction,
} from '../../domain/agreement-state.js';
import { ELEMENT_LABELS, ELEMENTS, type Element } from '../../domain/elements.js';
import type { QuotaStage } from '../../domain/quota.js';
import { wibDateTime } from '../../domain/time.js';
import type { AgencyDetail, AgencySummary } from '../../services/agreements/agencies.js';
import type {
  AgreementEventView,
  AgreementView,
  Paged,
} from '../../services/agreements/agreement-lifecycle.js';
import { html, type Html } from '../kit/html.js';
import { formatDate } from '../../domain/indonesian-dates.js';

/**
 * The pages of the agencies-and-agreements console (Dukcapil) and of the agency head's
 * "Instansi saya": server-rendered, no script; every action is a form with its CSRF token,
 * and every change that cannot be undone asks for a reason and a ticked confirmation.
 */

export const CONSOLE = '/dukcapil/instansi';
export const AGREEMENTS = '/dukcapil/pks';
export const agencyPath = (id: number) => `${CONSOLE}/${id}`;
export const agreementPath = (id: number) => `${AGREEMENTS}/${id}`;

/** The outcome shown after a change, by a fixed key (never text from the query string). */
export const OUTCOMES: Readonly<Record<string, string>> = {
  'instansi-didaftarkan': 'Instansi terdaftar.',
  'instansi-diubah': 'Data instansi disimpan.',
  'instansi-dinonaktifkan':
    'Instansi dinonaktifkan. Semua pengguna instansi kini mendapat "Instansi tidak aktif"; sesi dan token mereka diakhiri.',
  'instansi-diaktifkan':
    'Instansi diaktifkan kembali. Penggunanya dapat masuk lagi selama ada PKS yang berlaku.',
  'draf-dibuat': 'Draf PKS disimpan. Periksa isinya, lalu berlakukan setelah ditandatangani.',
  'draf-diubah': 'Perubahan draf PKS disimpan.',
  diberlakukan: 'PKS berlaku. Pengguna instansi dapat masuk dan memverifikasi NIK.',
  dibatalkan: 'Draf PKS dibatalkan.',
  diakhiri:
    'PKS diakhiri. Semua pengguna instansi kini mendapat "Instansi tidak aktif"; sesi dan token mereka diakhiri.',
  dicabut:
    'PKS dicabut. Semua pengguna instansi kini mendapat "Instansi tidak aktif"; sesi dan token mereka diakhiri.',
  adendum: 'Adendum dicatat. Ketentuan lama tetap tersimpan dalam riwayat.',
};

export function outcome(key: string | undefined): Html {
  const text = key ? OUTCOMES[key] : undefined;
  return text ? html`<div class="alert ok" role="status" id="hasil">${text}</div>` : html``;
}

export function problem(message: string | undefined): Html {
  return message ? html`<div class="alert bad" role="alert">${message}</div>` : html``;
}

const date = (iso: string | null | undefined) => (iso ? formatDate(iso) : '—');
const number = (n: number) => n.toLocaleString('id-ID');
const dash = (value: string | null | undefined) => value || '—';

function statusFlag(view: Pick<AgreementView, 'effectiveStatus' | 'statusLabel'>): Html {
  const tone =
    view.effectiveStatus === 'AKTIF' ? 'ok' : view.effectiveStatus === 'DRAFT' ? 'warn' : 'bad';
  return html`<span class="flag ${tone}" data-status="${view.effectiveStatus}"
    >${view.statusLabel}</span
  >`;
}

function agencyFlag(status: 'AKTIF' | 'NON_AKTIF'): Html {
  return status === 'AKTIF'
    ? html`<span class="flag ok" data-status="AKTIF">Aktif</span>`
    : html`<span class="flag bad" data-status="NON_AKTIF">Nonaktif</span>`;
}

function pager(path: string, params: Record<string, string>, list: Paged<unknown>): Html {
  if (list.pages <= 1) return html``;
  const link = (page: number, label: string, rel: string) => {
    const query = new URLSearchParams({ ...params, halaman: String(page) }).toString();
    return html`<a href="${path}?${query}" rel="${rel}">${label}</a>`;
  };
  return html`<nav class="pager" aria-label="Halaman daftar">
    ${list.page > 1 ? link(list.page - 1, '« Sebelumnya', 'prev') : ''}
    <span>Halaman ${list.page} dari ${list.pages} (${number(list.total)} baris)</span>
    ${list.page < list.pages ? link(list.page + 1, 'Berikutnya »', 'next') : ''}
  </nav>`;
}

function tabs(current: 'instansi' | 'pks'): Html {
  return html`<nav class="tabs" aria-label="Bagian">
    ${
      current === 'instansi'
        ? html`<strong>Instansi</strong><a href="${AGREEMENTS}">Semua PKS</a>`
        : html`<a href="${CONSOLE}">Instansi</a><strong>Semua PKS</strong>`
    }
  </nav>`;
}

// ——— Agencies ———

export function agencyListBody(options: {
  list: Paged<AgencySummary>;
  filter: { status: string; nama: string };
  canManage: boolean;
  outcomeKey?: string | undefined;
}): Html {
  const { list, filter } = options;
  return html`<h1>Instansi &amp; PKS</h1>
    ${tabs('instansi')} ${outcome(options.outcomeKey)}
    ${
      options.canManage
        ? html`<p><a class="button" href="${CONSOLE}/baru">Daftarkan instansi</a></p>`
        : ''
    }
    <form method="get" action="${CONSOLE}" class="filters card">
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          <option value="">Semua</option>
          <option value="AKTIF" ${filter.status === 'AKTIF' ? 'selected' : ''}>Aktif</option>
          <option value="NON_AKTIF" ${filter.status === 'NON_AKTIF' ? 'selected' : ''}>
            Nonaktif
          </option>
        </select>
      </div>
      <div>
        <label for="f-nama">Nama atau kode</label>
        <input type="text" id="f-nama" name="nama" value="${filter.nama}" maxlength="100" />
      </div>
      <button type="submit">Tampilkan</button>
    </form>
    ${
      list.rows.length === 0
        ? html`<p>Tidak ada instansi yang sesuai.</p>`
        : html`<table id="daftar-instansi">
            <thead>
              <tr>
                <th>Kode</th>
                <th>Nama instansi</th>
                <th>Status</th>
                <th>PKS yang berlaku</th>
                <th class="num">Pengguna</th>
              </tr>
            </thead>
            <tbody>
              ${list.rows.map(
                (row) =>
                  html`<tr data-agency="${row.code}">
                    <td><a href="${agencyPath(row.id)}">${row.code}</a></td>
                    <td>${row.name}</td>
                    <td>${agencyFlag(row.status)}</td>
                    <td>
                      ${
                        row.agreementInForce
                          ? html`${row.agreementInForce} (s.d. ${date(row.agreementEndsOn)})`
                          : html`<span class="flag warn">Tidak ada</span>`
                      }
                    </td>
                    <td class="num">${number(row.users)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${pager(CONSOLE, { status: filter.status, nama: filter.nama }, list)}`;
}

export interface AgencyFormValues {
  readonly code?: string;
  readonly name: string;
  readonly address: string;
  readonly headTitle: string;
  readonly headName: string;
  readonly email: string;
  readonly phone: string;
}

export const EMPTY_AGENCY: AgencyFormValues = {
  code: '',
  name: '',
  address: '',
  headTitle: '',
  headName: '',
  email: '',
  phone: '',
};

function textField(
  id: string,
  label: string,
  value: string,
  options: { required?: boolean; max?: number; hint?: string; type?: string } = {},
): Html {
  return html`<label for="${id}">${label}${options.required ? ' (wajib)' : ''}</label>
    <input
      type="${options.type ?? 'text'}"
      id="${id}"
      name="${id}"
      value="${value}"
      maxlength="${options.max ?? 200}"
      ${options.required ? 'required' : ''}
    />
    ${options.hint ? html`<p class="hint">${options.hint}</p>` : ''}`;
}

export function agencyFormBody(options: {
  csrfToken: string;
  action: string;
  values: AgencyFormValues;
  /** Editing an existing agency: its code is fixed. */
  existing?: { code: string; id: number };
  error?: string | undefined;
}): Html {
  const { values } = options;
  return html`<h1>
      ${options.existing ? `Ubah data instansi ${options.existing.code}` : 'Daftarkan instansi'}
    </h1>
    ${problem(options.error)}
    <form method="post" action="${options.action}" class="card admin-form">
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      ${
        options.existing
          ? ''
          : textField('code', 'Kode instansi', values.code ?? '', {
              required: true,
              max: 20,
              hint: '2–20 karakter: huruf besar, angka atau garis bawah, mis. DINKES. Tidak dapat diubah kemudian.',
            })
      }
      ${textField('name', 'Nama resmi instansi', values.name, {
        required: true,
        hint: options.existing
          ? 'Perubahan nama atau kelembagaan instansi mengakhiri PKS-nya (SPEC §4): catat juga pengakhiran PKS.'
          : undefined,
      })}
      ${textField('address', 'Alamat kantor', values.address, { required: true, max: 300 })}
      ${textField('headTitle', 'Jabatan pimpinan instansi', values.headTitle, {
        required: true,
        hint: 'Mis. Kepala Dinas Kesehatan Kabupaten Purbalingga',
      })}
      ${textField('headName', 'Nama pimpinan instansi', values.headName, { max: 120 })}
      ${textField('email', 'Email instansi', values.email, { type: 'email' })}
      ${textField('phone', 'Telepon', values.phone, { type: 'tel', max: 30 })}
      <button type="submit">Simpan</button>
      <a href="${options.existing ? agencyPath(options.existing.id) : CONSOLE}">Batal</a>
    </form>`;
}

function agreementsTable(agreements: readonly AgreementView[], link: (id: number) => string): Html {
  if (agreements.length === 0) return html`<p>Belum ada PKS.</p>`;
  return html`<table id="daftar-pks">
    <thead>
      <tr>
        <th>Nomor PKS Dukcapil</th>
        <th>Nomor PKS instansi</th>
        <th>Ditandatangani</th>
        <th>Berakhir</th>
        <th>Status</th>
      </tr>
    </thead>
    <tbody>
      ${agreements.map(
        (a) =>
          html`<tr data-agreement="${a.nomorDukcapil}">
            <td><a href="${link(a.id)}">${a.nomorDukcapil}</a></td>
            <td>${a.nomorInstansi}</td>
            <td>${date(a.signedOn)}</td>
            <td>${date(a.endsOn)}</td>
            <td>${statusFlag(a)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

const ADMIN_ACTION_LABELS: Readonly<Record<string, string>> = {
  INSTANSI_DIDAFTARKAN: 'Instansi didaftarkan',
  INSTANSI_DIUBAH: 'Data instansi diubah',
  INSTANSI_DINONAKTIFKAN: 'Instansi dinonaktifkan',
  INSTANSI_DIAKTIFKAN: 'Instansi diaktifkan kembali',
  PKS_DRAF_DIBUAT: 'Draf PKS dibuat',
  PKS_DRAF_DIUBAH: 'Draf PKS diubah',
  PKS_DRAF_DIBATALKAN: 'Draf PKS dibatalkan',
  PKS_DIBERLAKUKAN: 'PKS diberlakukan',
  PKS_DICATAT: 'PKS ditandatangani dicatat',
  PKS_ADENDUM: 'Adendum PKS',
  PKS_TAHAP_KUOTA: 'Tahap kuota PKS diubah',
  PKS_DIAKHIRI: 'PKS diakhiri',
  PKS_DICABUT: 'PKS dicabut',
  PKS_BERAKHIR: 'PKS berakhir (masa berlaku habis)',
};

export function agencyDetailBody(options: {
  agency: AgencyDetail;
  canManageAgency: boolean;
  canManageAgreements: boolean;
  outcomeKey?: string | undefined;
}): Html {
  const { agency } = options;
  const id = agency.id;
  return html`<p><a href="${CONSOLE}">« Daftar instansi</a></p>
    <h1>${agency.name} (${agency.code})</h1>
    ${outcome(options.outcomeKey)}
    <div class="card">
      <dl class="terms">
        <dt>Status</dt>
        <dd>${agencyFlag(agency.status)}</dd>
        <dt>Alamat kantor</dt>
        <dd>${dash(agency.address)}</dd>
        <dt>Pimpinan</dt>
        <dd>${dash(agency.headTitle)}${agency.headName ? ` — ${agency.headName}` : ''}</dd>
        <dt>Kontak</dt>
        <dd>${dash([agency.email, agency.phone].filter(Boolean).join(' · '))}</dd>
        <dt>Pengguna</dt>
        <dd id="jumlah-pengguna">${number(agency.users)} user ID</dd>
        <dt>Terdaftar</dt>
        <dd>${wibDateTime(agency.createdAt)} WIB</dd>
      </dl>
    </div>
    ${
      options.canManageAgency || options.canManageAgreements
        ? html`<p class="actions">
            ${
              options.canManageAgency
                ? html`<a class="button" href="${agencyPath(id)}/ubah">Ubah data instansi</a> ${
                      agency.status === 'AKTIF'
                        ? html`<a class="button danger" href="${agencyPath(id)}/nonaktifkan"
                            >Nonaktifkan instansi</a
                          >`
                        : html`<a class="button" href="${agencyPath(id)}/aktifkan"
                            >Aktifkan kembali</a
                          >`
                    }`
                : ''
            }
            ${
              options.canManageAgreements
                ? html`<a class="button" href="${agencyPath(id)}/pks/baru">Buat draf PKS</a>`
                : ''
            }
          </p>`
        : ''
    }
    <h2>Perjanjian Kerja Sama</h2>
    ${agreementsTable(agency.agreements, agreementPath)}
    <h2>Riwayat administrasi</h2>
    ${
      agency.history.length === 0
        ? html`<p>Belum ada catatan.</p>`
        : html`<table id="riwayat-instansi">
            <thead>
              <tr>
                <th>Waktu (WIB)</th>
                <th>Tindakan</th>
                <th>Objek</th>
                <th>Oleh</th>
                <th>Alasan</th>
              </tr>
            </thead>
            <tbody>
              ${agency.history.map(
                (entry) =>
                  html`<tr data-action="${entry.action}">
                    <td>${wibDateTime(entry.at)}</td>
                    <td>${ADMIN_ACTION_LABELS[entry.action] ?? entry.action}</td>
                    <td>${entry.target}</td>
                    <td>${entry.actor ?? 'Baris perintah / sistem'}</td>
                    <td>${dash(entry.reason)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/** What a confirmation page about an agency shows of it. */
export function agencySummary(agency: AgencyDetail): Html {
  const inForce = agency.agreements.find((a) => a.effectiveStatus === 'AKTIF');
  return html`<dl class="terms">
    <dt>Instansi</dt>
    <dd>${agency.name} (${agency.code})</dd>
    <dt>PKS yang berlaku</dt>
    <dd>${inForce ? `${inForce.nomorDukcapil} (s.d. ${date(inForce.endsOn)})` : 'Tidak ada'}</dd>
    <dt>Pengguna</dt>
    <dd>${number(agency.users)} user ID</dd>
  </dl>`;
}

/** The confirmation page of an action that cannot be undone: reason, ticked checkbox, button. */
export function confirmBody(options: {
  title: string;
  csrfToken: string;
  action: string;
  back: string;
  summary: Html;
  warning: string;
  button: string;
  /** A choice of grounds placed before the reason (ending an agreement). */
  grounds?: readonly string[];
  reasonRequired: boolean;
  values?: { reason?: string; grounds?: string };
  error?: string | undefined;
  danger?: boolean;
}): Html {
  return html`<p><a href="${options.back}">« Kembali</a></p>
    <h1>${options.title}</h1>
    ${problem(options.error)}
    <div class="card">${options.summary}</div>
    <form method="post" action="${options.action}" class="card admin-form">
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      <div class="alert warn">${options.warning}</div>
      ${
        options.grounds
          ? html`<label for="grounds">Dasar (wajib)</label>
              <select id="grounds" name="grounds" required>
                ${options.grounds.map(
                  (g) =>
                    html`<option value="${g}" ${options.values?.grounds === g ? 'selected' : ''}>
                      ${g}
                    </option>`,
                )}
              </select>`
          : ''
      }
      <label for="reason"
        >Alasan${options.reasonRequired ? ' (wajib)' : ' (boleh dikosongkan)'}</label
      >
      <textarea
        id="reason"
        name="reason"
        rows="3"
        maxlength="1000"
        ${options.reasonRequired ? 'required' : ''}
      >
${options.values?.reason ?? ''}</textarea>
      <label class="check"
        ><input type="checkbox" name="konfirmasi" value="ya" required /> Saya telah memeriksa dan
        menyetujui tindakan ini</label
      >
      <button type="submit" class="${options.danger ? 'danger' : ''}">${options.button}</button>
    </form>`;
}

// ——— Agreements ———

export interface AgreementFormValues {
  readonly nomorDukcapil: string;
  readonly nomorInstansi: string;
  readonly nomorJuknis: string;
  readonly signedOn: string;
  readonly endsOn: string;
  readonly purpose: string;
  readonly grantedElements: readonly string[];
  readonly accessMethods: readonly string[];
  readonly accessPoints: string;
  readonly bandwidthKbps: string;
  readonly quotaStage: string;
  readonly firstPartyName: string;
  readonly firstPartyHeadTitle: string;
  readonly firstPartyHeadName: string;
  readonly secondPartyName: string;
  readonly secondPartyHeadTitle: string;
  readonly secondPartyHeadName: string;
}

function checkboxes(
  name: string,
  options: readonly { value: string; label: string }[],
  checked: readonly string[],
): Html {
  return html`<div class="choices">
    ${options.map(
      (o) =>
        html`<label class="check"
          ><input
            type="checkbox"
            name="${name}"
            value="${o.value}"
            ${checked.includes(o.value) ? 'checked' : ''}
          />
          ${o.label}</label
        >`,
    )}
  </div>`;
}

const ELEMENT_CHOICES = ELEMENTS.map((e) => ({ value: e, label: ELEMENT_LABELS[e] }));
const METHOD_CHOICES = ACCESS_METHODS.map((m) => ({ value: m, label: ACCESS_METHOD_LABELS[m] }));

function stageSelect(value: string): Html {
  return html`<label for="quotaStage">Tahap kuota (wajib)</label>
    <select id="quotaStage" name="quotaStage" required>
      ${QUOTA_STAGES.map(
        (stage) =>
          html`<option value="${stage}" ${stage === value ? 'selected' : ''}>
            ${QUOTA_STAGE_LABELS[stage]}
          </option>`,
      )}
    </select>`;
}

function dateField(id: string, label: string, value: string): Html {
  return html`<label for="${id}">${label} (wajib)</label>
    <input type="date" id="${id}" name="${id}" value="${value}" required />`;
}

export function agreementFormBody(options: {
  csrfToken: string;
  action: string;
  back: string;
  agency: { code: string; name: string };
  values: AgreementFormValues;
  editing: boolean;
  error?: string | undefined;
}): Html {
  const v = options.values;
  return html`<p><a href="${options.back}">« Kembali</a></p>
    <h1>${options.editing ? 'Ubah draf PKS' : 'Draf PKS baru'} — ${options.agency.name}</h1>
    <p class="hint">
      Draf belum berlaku: pengguna instansi baru dapat mengakses setelah PKS yang ditandatangani
      diberlakukan.
    </p>
    ${problem(options.error)}
    <form method="post" action="${options.action}" class="card admin-form" id="form-pks">
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      <fieldset>
        <legend>Nomor dan tanggal</legend>
        ${textField('nomorDukcapil', 'Nomor PKS Dukcapil', v.nomorDukcapil, {
          required: true,
          max: 60,
        })}
        ${textField('nomorInstansi', 'Nomor PKS instansi', v.nomorInstansi, {
          required: true,
          max: 60,
        })}
        ${textField('nomorJuknis', 'Nomor petunjuk teknis', v.nomorJuknis, { max: 60 })}
        ${dateField('signedOn', 'Tanggal penandatanganan', v.signedOn)}
        ${dateField('endsOn', 'Tanggal berakhir', v.endsOn)}
      </fieldset>
      <fieldset>
        <legend>Para pihak</legend>
        ${textField('firstPartyName', 'PIHAK KESATU', v.firstPartyName, { required: true })}
        ${textField('firstPartyHeadTitle', 'Jabatan pimpinan PIHAK KESATU', v.firstPartyHeadTitle, {
          required: true,
        })}
        ${textField('firstPartyHeadName', 'Nama pimpinan PIHAK KESATU', v.firstPartyHeadName, {
          max: 120,
        })}
        ${textField('secondPartyName', 'PIHAK KEDUA', v.secondPartyName, { required: true })}
        ${textField(
          'secondPartyHeadTitle',
          'Jabatan pimpinan PIHAK KEDUA',
          v.secondPartyHeadTitle,
          {
            required: true,
          },
        )}
        ${textField('secondPartyHeadName', 'Nama pimpinan PIHAK KEDUA', v.secondPartyHeadName, {
          max: 120,
        })}
      </fieldset>
      <fieldset>
        <legend>Ketentuan akses</legend>
        <label for="purpose">Maksud dan tujuan (wajib)</label>
        <textarea id="purpose" name="purpose" rows="2" maxlength="500" required>
${v.purpose}</textarea>
        <p class="label">Elemen data yang diberikan (wajib)</p>
        ${checkboxes('grantedElements', ELEMENT_CHOICES, v.grantedElements)}
        <p class="label">Metode akses (wajib)</p>
        ${checkboxes('accessMethods', METHOD_CHOICES, v.accessMethods)}
        ${textField('accessPoints', 'Alamat IP titik akses', v.accessPoints, {
          required: true,
          max: 500,
          hint: 'Satu atau lebih alamat IP atau jaringan CIDR, dipisah koma, mis. 10.10.0.67',
        })}
        <label for="bandwidthKbps">Bandwidth (kbps, wajib)</label>
        <input
          type="number"
          id="bandwidthKbps"
          name="bandwidthKbps"
          value="${v.bandwidthKbps}"
          min="64"
          max="10000000"
          step="1"
          required
        />
        ${stageSelect(v.quotaStage)}
      </fieldset>
      <button type="submit">Simpan draf</button>
    </form>`;
}

const TERM_LABELS: Readonly<Record<keyof AgreementRecord, string>> = {
  nomorDukcapil: 'Nomor PKS Dukcapil',
  nomorInstansi: 'Nomor PKS instansi',
  nomorJuknis: 'Nomor petunjuk teknis',
  signedOn: 'Tanggal penandatanganan',
  endsOn: 'Tanggal berakhir',
  purpose: 'Maksud dan tujuan',
  grantedElements: 'Elemen data',
  accessMethods: 'Metode akses',
  accessPoints: 'Titik akses',
  bandwidthKbps: 'Bandwidth',
  quotaStage: 'Tahap kuota',
  firstPartyName: 'PIHAK KESATU',
  firstPartyHeadTitle: 'Jabatan pimpinan PIHAK KESATU',
  firstPartyHeadName: 'Nama pimpinan PIHAK KESATU',
  secondPartyName: 'PIHAK KEDUA',
  secondPartyHeadTitle: 'Jabatan pimpinan PIHAK KEDUA',
  secondPartyHeadName: 'Nama pimpinan PIHAK KEDUA',
};

function termText(key: keyof AgreementRecord, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    const items = value.map(String);
    if (key === 'grantedElements')
      return items.map((e) => ELEMENT_LABELS[e as Element] ?? e).join(', ');
    if (key === 'accessMethods')
      return items.map((m) => ACCESS_METHOD_LABELS[m as AccessMethod] ?? m).join(', ');
    return items.join(', ');
  }
  if (typeof value === 'number')
    return key === 'bandwidthKbps' ? `${number(value)} kbps` : number(value);
  if (typeof value !== 'string') return '—';
  if (key === 'signedOn' || key === 'endsOn') return formatDate(value);
  if (key === 'quotaStage') return QUOTA_STAGE_LABELS[value as QuotaStage] ?? value;
  return value;
}

function termsList(record: AgreementRecord): Html {
  return html`<dl class="terms" id="ketentuan">
    ${(Object.keys(TERM_LABELS) as (keyof AgreementRecord)[]).map(
      (key) =>
        html`<dt>${TERM_LABELS[key]}</dt>
          <dd data-term="${key}">${termText(key, record[key])}</dd>`,
    )}
  </dl>`;
}

/** The fields an entry of the history changed, old → new. */
function changes(event: AgreementEventView): Html {
  const before = event.termsBefore;
  const after = event.termsAfter;
  if (!before || !after) return html``;
  const keys = (Object.keys(TERM_LABELS) as (keyof AgreementRecord)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  if (keys.length === 0) return html``;
  return html`<ul class="changes">
    ${keys.map(
      (key) =>
        html`<li data-term="${key}">
          ${TERM_LABELS[key]}: <del>${termText(key, before[key])}</del> →
          <ins>${termText(key, after[key])}</ins>
        </li>`,
    )}
  </ul>`;
}

export function historyTable(history: readonly AgreementEventView[]): Html {
  return html`<table id="riwayat-pks">
    <thead>
      <tr>
        <th>Waktu (WIB)</th>
        <th>Peristiwa</th>
        <th>Oleh</th>
        <th>Alasan dan perubahan</th>
      </tr>
    </thead>
    <tbody>
      ${history.map(
        (event) =>
          html`<tr data-kind="${event.kind}">
            <td>${wibDateTime(event.at)}</td>
            <td>
              ${AGREEMENT_EVENT_LABELS[event.kind]}${
                event.addendum
                  ? html`<br />Nomor ${event.addendum.nomor}, ${date(event.addendum.tanggal)}`
                  : ''
              }
            </td>
            <td>
              ${
                event.actor
                  ? `${event.actorName ?? ''} (${event.actor})`
                  : event.kind === 'BERAKHIR'
                    ? 'Sistem'
                    : 'Baris perintah'
              }
            </td>
            <td>
              ${event.reason ? html`<p class="reason">${event.reason}</p>` : ''}${changes(event)}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export const ACTION_PATHS: Readonly<Record<AgreementAction, string>> = {
  edit: 'ubah',
  activate: 'berlakukan',
  cancel: 'batalkan',
  amend: 'adendum',
  end: 'akhiri',
  revoke: 'cabut',
};

export function agreementActionPath(id: number, action: AgreementAction): string {
  return `${agreementPath(id)}/${ACTION_PATHS[action]}`;
}

export function agreementSummary(agreement: AgreementView): Html {
  return html`<dl class="terms">
    <dt>Instansi</dt>
    <dd>${agreement.agencyName} (${agreement.agencyCode})</dd>
    <dt>Nomor PKS</dt>
    <dd>${agreement.nomorDukcapil} · ${agreement.nomorInstansi}</dd>
    <dt>Masa berlaku</dt>
    <dd>${date(agreement.signedOn)} s.d. ${date(agreement.endsOn)}</dd>
    <dt>Status</dt>
    <dd>${statusFlag(agreement)}</dd>
  </dl>`;
}

export function agreementDetailBody(options: {
  agreement: AgreementView;
  history: readonly AgreementEventView[];
  /** The actions to offer (none for a read-only viewer). */
  actions: readonly AgreementAction[];
  back: { href: string; label: string };
  outcomeKey?: string | undefined;
}): Html {
  const { agreement } = options;
  return html`<p><a href="${options.back.href}">« ${options.back.label}</a></p>
    <h1>PKS ${agreement.nomorDukcapil}</h1>
    ${outcome(options.outcomeKey)}
    <p>${agreement.agencyName} (${agreement.agencyCode}) · Status: ${statusFlag(agreement)}</p>
    ${
      options.actions.length > 0
        ? html`<p class="actions">
            ${options.actions.map(
              (action) =>
                html`<a
                  class="button ${action === 'revoke' || action === 'end' ? 'danger' : ''}"
                  href="${agreementActionPath(agreement.id, action)}"
                  >${AGREEMENT_ACTION_LABELS[action]}</a
                >`,
            )}
          </p>`
        : ''
    }
    <div class="card">${termsList(agreement)}</div>
    <h2>Riwayat</h2>
    ${historyTable(options.history)}`;
}

export function agreementListBody(options: {
  list: Paged<AgreementView>;
  filter: { status: string; cari: string };
  outcomeKey?: string | undefined;
}): Html {
  const { list, filter } = options;
  return html`<h1>Instansi &amp; PKS</h1>
    ${tabs('pks')}
    <form method="get" action="${AGREEMENTS}" class="filters card">
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          <option value="">Semua</option>
          ${AGREEMENT_STATUSES.map(
            (s) =>
              html`<option value="${s}" ${filter.status === s ? 'selected' : ''}>
                ${AGREEMENT_STATUS_LABELS[s]}
              </option>`,
          )}
        </select>
      </div>
      <div>
        <label for="f-cari">Nomor atau instansi</label>
        <input type="text" id="f-cari" name="cari" value="${filter.cari}" maxlength="100" />
      </div>
      <button type="submit">Tampilkan</button>
    </form>
    ${
      list.rows.length === 0
        ? html`<p>Tidak ada PKS yang sesuai.</p>`
        : html`<table id="daftar-pks">
            <thead>
              <tr>
                <th>Nomor PKS Dukcapil</th>
                <th>Instansi</th>
                <th>Masa berlaku</th>
                <th>Tahap kuota</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              ${list.rows.map(
                (a) =>
                  html`<tr data-agreement="${a.nomorDukcapil}">
                    <td><a href="${agreementPath(a.id)}">${a.nomorDukcapil}</a></td>
                    <td>${a.agencyCode}</td>
                    <td>${date(a.signedOn)} s.d. ${date(a.endsOn)}</td>
                    <td>${QUOTA_STAGE_LABELS[a.quotaStage]}</td>
                    <td>${statusFlag(a)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${pager(AGREEMENTS, { status: filter.status, cari: filter.cari }, list)}`;
}

export interface AddendumFormValues {
  readonly nomor: string;
  readonly tanggal: string;
  readonly reason: string;
  readonly endsOn: string;
  readonly grantedElements: readonly string[];
  readonly accessMethods: readonly string[];
  readonly accessPoints: string;
  readonly bandwidthKbps: string;
  readonly quotaStage: string;
}

export function addendumFormBody(options: {
  csrfToken: string;
  agreement: AgreementView;
  values: AddendumFormValues;
  error?: string | undefined;
}): Html {
  const { agreement } = options;
  const v = options.values;
  return html`<p><a href="${agreementPath(agreement.id)}">« Kembali</a></p>
    <h1>Adendum PKS ${agreement.nomorDukcapil}</h1>
    ${problem(options.error)}
    <div class="card">${agreementSummary(agreement)}</div>
    <form
      method="post"
      action="${agreementActionPath(agreement.id, 'amend')}"
      class="card admin-form"
      id="form-adendum"
    >
      <input type="hidden" name="_csrf" value="${options.csrfToken}" />
      <p class="hint">
        Ubah hanya ketentuan yang diubah oleh adendum; ketentuan lama tetap tersimpan dalam riwayat.
        Perubahan tahap kuota saja (lulus PoC) boleh tanpa nomor adendum.
      </p>
      <fieldset>
        <legend>Surat adendum</legend>
        ${textField('nomor', 'Nomor adendum', v.nomor, { max: 60 })}
        <label for="tanggal">Tanggal adendum</label>
        <input type="date" id="tanggal" name="tanggal" value="${v.tanggal}" />
      </fieldset>
      <fieldset>
        <legend>Ketentuan sesudah adendum</legend>
        <label for="endsOn">Tanggal berakhir (perpanjangan)</label>
        <input type="date" id="endsOn" name="endsOn" value="${v.endsOn}" required />
        <p class="label">Elemen data yang diberikan</p>
        ${checkboxes('grantedElements', ELEMENT_CHOICES, v.grantedElements)}
        <p class="label">Metode akses</p>
        ${checkboxes('accessMethods', METHOD_CHOICES, v.accessMethods)}
        ${textField('accessPoints', 'Alamat IP titik akses', v.accessPoints, {
          required: true,
          max: 500,
        })}
        <label for="bandwidthKbps">Bandwidth (kbps)</label>
        <input
          type="number"
          id="bandwidthKbps"
          name="bandwidthKbps"
          value="${v.bandwidthKbps}"
          min="64"
          max="10000000"
          step="1"
          required
        />
        ${stageSelect(v.quotaStage)}
      </fieldset>
      <label for="reason">Alasan (wajib)</label>
      <textarea id="reason" name="reason" rows="3" maxlength="1000" required>${v.reason}</textarea>
      <label class="check"
        ><input type="checkbox" name="konfirmasi" value="ya" required /> Saya telah memeriksa dan
        menyetujui perubahan ini</label
      >
      <button type="submit">Catat adendum</button>
    </form>`;
}

// ——— The agency head's own page ———

export function ownAgencyBody(options: {
  agency: { code: string; name: string; address: string | null; headTitle: string | null };
  agreements: readonly AgreementView[];
}): Html {
  const { agency } = options;
  return html`<h1>Instansi saya</h1>
    <div class="card">
      <dl class="terms">
        <dt>Instansi</dt>
        <dd>${agency.name} (${agency.code})</dd>
        <dt>Alamat kantor</dt>
        <dd>${dash(agency.address)}</dd>
        <dt>Pimpinan</dt>
        <dd>${dash(agency.headTitle)}</dd>
      </dl>
    </div>
    <h2>Perjanjian Kerja Sama</h2>
    <p class="hint">
      Perubahan PKS (perpanjangan, elemen data, metode akses, bandwidth) diajukan melalui
      <a href="/instansi/permohonan">Permohonan</a>.
    </p>
    ${agreementsTable(options.agreements, (id) => `/instansi/pks/${id}`)}`;
}
