import { ELEMENT_LABELS, type DisclosedResident } from '../../domain/elements.js';
import type { QuotaView } from '../../domain/quota.js';
import { RESPONSES, type ResponseCode } from '../../domain/responses.js';
import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import { dataBalikanForm } from '../data-balikan/form-views.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { html, type Html } from '../kit/html.js';

export function loginBody(options: { csrfToken: string; error?: string; userId?: string }): Html {
  return html`<h1>Masuk</h1>
    <div class="card">
      ${options.error ? html`<div class="alert bad" role="alert">${options.error}</div>` : ''}
      <form method="post" action="/masuk" autocomplete="off">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <label for="userId">User ID</label>
        <input
          type="text"
          id="userId"
          name="userId"
          required
          maxlength="100"
          value="${options.userId ?? ''}"
          autocapitalize="none"
          spellcheck="false"
        />
        <label for="password">Kata Sandi</label>
        <input
          type="password"
          id="password"
          name="password"
          required
          maxlength="200"
          autocomplete="current-password"
        />
        <button type="submit">Masuk</button>
      </form>
    </div>`;
}

function quotaLine(quota: QuotaView | undefined): Html {
  if (!quota) return html``;
  if (quota.limit === null) {
    return html`<p class="quota" id="kuota">
      Akses hari ini: <strong>${quota.used}</strong> NIK (tanpa batas kuota)
    </p>`;
  }
  return html`<p class="quota" id="kuota">
    Sisa kuota hari ini:
    <strong data-remaining="${quota.remaining ?? 0}">${quota.remaining ?? 0}</strong> dari
    ${quota.limit} NIK
  </p>`;
}

function residentList(data: DisclosedResident): Html {
  const rows: [string, string][] = [];
  if (data.nik !== undefined) rows.push([ELEMENT_LABELS.NIK, data.nik]);
  if (data.namaLengkap !== undefined) rows.push([ELEMENT_LABELS.NAMA_LENGKAP, data.namaLengkap]);
  if (data.jenisKelamin !== undefined) rows.push([ELEMENT_LABELS.JENIS_KELAMIN, data.jenisKelamin]);
  if (data.tempatLahir !== undefined) rows.push([ELEMENT_LABELS.TEMPAT_LAHIR, data.tempatLahir]);
  if (data.tanggalLahir !== undefined)
    rows.push([ELEMENT_LABELS.TANGGAL_LAHIR, formatDate(data.tanggalLahir)]);
  if (data.statusPerkawinan !== undefined)
    rows.push([ELEMENT_LABELS.STATUS_PERKAWINAN, data.statusPerkawinan]);
  if (data.jenisPekerjaan !== undefined)
    rows.push([ELEMENT_LABELS.JENIS_PEKERJAAN, data.jenisPekerjaan]);
  if (data.alamat !== undefined) {
    const a = data.alamat;
    rows.push([ELEMENT_LABELS.ALAMAT, `${a.alamat} RT ${a.rt} RW ${a.rw}`]);
    rows.push(['Desa/Kelurahan', a.desa]);
    rows.push(['Kecamatan', `${a.kecamatan} (${a.kodeKecamatan})`]);
    rows.push(['Kabupaten/Kota', a.kabupaten]);
    rows.push(['Provinsi', a.provinsi]);
  }
  return html`<dl class="data">
    ${rows.map(
      ([label, value]) =>
        html`<dt>${label}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
}

export interface LookupResultView {
  readonly code: ResponseCode;
  readonly message: string;
  readonly data?: DisclosedResident | undefined;
}

export function lookupBody(options: {
  csrfToken: string;
  purpose: string;
  quota: QuotaView | undefined;
  result?: LookupResultView;
  /** After a lookup that reached a resident: the return-data form for that NIK. */
  returnForm?: { nik: string; schema: DataBalikanSchema } | undefined;
  error?: string;
  /** Put back in the field only after a format error, so the officer sees the typo. */
  retypeNik?: string;
}): Html {
  const { result } = options;
  const tone = !result
    ? ''
    : result.code === 'DITEMUKAN'
      ? 'ok'
      : RESPONSES[result.code].hit
        ? 'warn'
        : 'bad';
  return html`<h1>Verifikasi NIK</h1>
    ${quotaLine(options.quota)}
    ${options.error ? html`<div class="alert bad" role="alert">${options.error}</div>` : ''}
    ${
      result
        ? html`<section class="card" aria-live="polite">
            <div class="alert ${tone}" id="respon" data-code="${result.code}">
              ${result.message}
            </div>
            ${result.data ? residentList(result.data) : ''}
          </section>`
        : ''
    }
    ${
      options.returnForm
        ? html`<details class="card" id="kirim-data-balikan">
            <summary>Kirim data balikan untuk NIK ini</summary>
            <p class="hint">
              Setelah layanan selesai, isi data yang wajib dikembalikan ke Dukcapil. Data penduduk
              di atas tidak ikut dikirim dan tidak disimpan.
            </p>
            ${dataBalikanForm({
              csrfToken: options.csrfToken,
              schema: options.returnForm.schema,
              nik: options.returnForm.nik,
              nikEditable: false,
            })}
          </details>`
        : ''
    }
    <div class="card">
      <form method="post" action="/cari" autocomplete="off">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <label for="nik">NIK</label>
        <input
          type="text"
          id="nik"
          name="nik"
          required
          inputmode="numeric"
          maxlength="16"
          autocomplete="off"
          autofocus
          value="${options.retypeNik ?? ''}"
        />
        <p class="hint">16 digit angka, diketik sesuai dokumen pemohon.</p>
        <label for="purpose">Keperluan</label>
        <input
          type="text"
          id="purpose"
          name="purpose"
          required
          minlength="3"
          maxlength="200"
          value="${options.purpose}"
        />
        <p class="hint">Sesuai maksud dan tujuan PKS, misalnya: verifikasi peserta JKN.</p>
        <button type="submit">Periksa</button>
      </form>
    </div>`;
}
