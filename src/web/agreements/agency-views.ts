import { wibDateTime } from '../../domain/time.js';
import type { AgencyDetail, AgencySummary } from '../../services/agreements/agencies.js';
import type { Paged } from '../../services/agreements/agreement-queries.js';
import { errorSummary, field, form, select, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table } from '../kit/table.js';
import { agreementsTable } from './agreement-views.js';
import {
  agencyPath,
  agreementPath,
  CONSOLE,
  dash,
  date,
  number,
  outcome,
  tabs,
} from './console-views.js';

/** The Dukcapil console's pages of agencies: the list, the form, the detail and its summary. */

function agencyFlag(status: 'AKTIF' | 'NON_AKTIF'): Html {
  return status === 'AKTIF'
    ? html`<span class="flag ok" data-status="AKTIF">Aktif</span>`
    : html`<span class="flag bad" data-status="NON_AKTIF">Nonaktif</span>`;
}

const AGENCY_STATUS_CHOICES = [
  { value: 'AKTIF', label: 'Aktif' },
  { value: 'NON_AKTIF', label: 'Nonaktif' },
];

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
      ${select({
        name: 'status',
        id: 'f-status',
        label: 'Status',
        placeholder: 'Semua',
        options: AGENCY_STATUS_CHOICES,
        value: filter.status,
      })}
      ${field({
        name: 'nama',
        id: 'f-nama',
        label: 'Nama atau kode',
        value: filter.nama,
        maxlength: 100,
      })}
      <button type="submit">Tampilkan</button>
    </form>
    ${table({
      id: 'daftar-instansi',
      rows: list.rows,
      empty: 'Tidak ada instansi yang sesuai.',
      rowAttributes: (row) => ({ 'data-agency': row.code }),
      columns: [
        { header: 'Kode', cell: (row) => html`<a href="${agencyPath(row.id)}">${row.code}</a>` },
        { header: 'Nama instansi', cell: (row) => row.name },
        { header: 'Status', cell: (row) => agencyFlag(row.status) },
        {
          header: 'PKS yang berlaku',
          cell: (row) =>
            row.agreementInForce
              ? html`${row.agreementInForce} (s.d. ${date(row.agreementEndsOn)})`
              : html`<span class="flag warn">Tidak ada</span>`,
        },
        { header: 'Pengguna', className: 'num', cell: (row) => number(row.users) },
      ],
    })}
    ${pager(list, { path: CONSOLE, query: filter, count: list.total })}`;
}

export function agencyFormBody(options: {
  csrfToken: string;
  action: string;
  /** What the form holds: the agency's details, or what was typed with its problems. */
  state: FormState;
  /** Editing an existing agency: its code is fixed. */
  existing?: { code: string; id: number };
}): Html {
  const { state } = options;
  return html`<h1>
      ${options.existing ? `Ubah data instansi ${options.existing.code}` : 'Daftarkan instansi'}
    </h1>
    ${errorSummary(state.errors)}
    ${form({
      action: options.action,
      csrfToken: options.csrfToken,
      className: 'card admin-form',
      body: html`${
          options.existing
            ? ''
            : field(
                {
                  name: 'code',
                  label: 'Kode instansi (wajib)',
                  required: true,
                  maxlength: 20,
                  hint: '2–20 karakter: huruf besar, angka atau garis bawah, mis. DINKES. Tidak dapat diubah kemudian.',
                },
                state,
              )
        }
        ${field(
          {
            name: 'name',
            label: 'Nama resmi instansi (wajib)',
            required: true,
            maxlength: 200,
            hint: options.existing
              ? 'Perubahan nama atau kelembagaan instansi mengakhiri PKS-nya (SPEC §4): catat juga pengakhiran PKS.'
              : undefined,
          },
          state,
        )}
        ${field(
          { name: 'address', label: 'Alamat kantor (wajib)', required: true, maxlength: 300 },
          state,
        )}
        ${field(
          {
            name: 'headTitle',
            label: 'Jabatan pimpinan instansi (wajib)',
            required: true,
            maxlength: 200,
            hint: 'Mis. Kepala Dinas Kesehatan Kabupaten Purbalingga',
          },
          state,
        )}
        ${field({ name: 'headName', label: 'Nama pimpinan instansi', maxlength: 120 }, state)}
        ${field({ name: 'email', label: 'Email instansi', type: 'email', maxlength: 200 }, state)}
        ${field(
          { name: 'phone', label: 'Telepon', inputmode: 'tel', autocomplete: 'tel', maxlength: 30 },
          state,
        )}
        <button type="submit">Simpan</button>
        <a href="${options.existing ? agencyPath(options.existing.id) : CONSOLE}">Batal</a>`,
    })}`;
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
  PKS_JENIS_LAYANAN_DITETAPKAN: 'Jenis layanan loket PKS ditetapkan',
};

function agencyActions(agency: AgencyDetail, manageAgency: boolean, manageAgreements: boolean) {
  if (!manageAgency && !manageAgreements) return '';
  const path = agencyPath(agency.id);
  const statusChange =
    agency.status === 'AKTIF'
      ? html`<a class="button danger" href="${path}/nonaktifkan">Nonaktifkan instansi</a>`
      : html`<a class="button" href="${path}/aktifkan">Aktifkan kembali</a>`;
  return html`<p class="actions">
    ${manageAgency ? html`<a class="button" href="${path}/ubah">Ubah data instansi</a> ${statusChange}` : ''}
    ${manageAgreements ? html`<a class="button" href="${path}/pks/baru">Buat draf PKS</a>` : ''}
  </p>`;
}

export function agencyDetailBody(options: {
  agency: AgencyDetail;
  canManageAgency: boolean;
  canManageAgreements: boolean;
  outcomeKey?: string | undefined;
}): Html {
  const { agency } = options;
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
    ${agencyActions(agency, options.canManageAgency, options.canManageAgreements)}
    <h2>Perjanjian Kerja Sama</h2>
    ${agreementsTable(agency.agreements, agreementPath)}
    <h2>Riwayat administrasi</h2>
    ${table({
      id: 'riwayat-instansi',
      rows: agency.history,
      empty: 'Belum ada catatan.',
      rowAttributes: (entry) => ({ 'data-action': entry.action }),
      columns: [
        { header: 'Waktu (WIB)', cell: (entry) => wibDateTime(entry.at) },
        {
          header: 'Tindakan',
          cell: (entry) => ADMIN_ACTION_LABELS[entry.action] ?? entry.action,
        },
        { header: 'Objek', cell: (entry) => entry.target },
        { header: 'Oleh', cell: (entry) => entry.actor ?? 'Baris perintah / sistem' },
        { header: 'Alasan', cell: (entry) => dash(entry.reason) },
      ],
    })}`;
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
