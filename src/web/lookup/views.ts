import { ELEMENT_LABELS, type DisclosedResident } from '../../domain/elements.js';
import type { QuotaView } from '../../domain/quota.js';
import type { RefusalCode } from '../../domain/refusals.js';
import { RESPONSES, type ResponseCode } from '../../domain/responses.js';
import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import { dataBalikanForm } from '../data-balikan/form-views.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { html, type Html } from '../kit/html.js';
import { originFooter, watermark, type ResultOrigin } from './result-origin.js';

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
  /** The input-pattern policy's warning to the operator (Dukcapil has an alert). */
  readonly warning?: string | undefined;
  /** Who saw it, when, under which request ID, and whether it may be printed. */
  readonly origin?: ResultOrigin | undefined;
}

/** What the lookup form holds when it is rendered; further fields are added here. */
export interface LookupFormOptions {
  readonly csrfToken: string;
  /**
   * The one-time token of this rendering (services/lookup/form-token.ts): a post of the same
   * form again — F5 or Back on the result page — is answered without a second lookup.
   */
  readonly formToken: string;
  readonly purpose: string;
  /**
   * The NIK put back in the field: after every answer (the officer checks again without
   * retyping it, issue 12) and after a form refused before the lookup.
   */
  readonly retypeNik?: string | undefined;
  /** The input-pattern policy ALASAN asks a written reason with this lookup. */
  readonly reasonRequired?: boolean | undefined;
  readonly reason?: string | undefined;
}

/** The reason box, its value exactly as typed (no whitespace from the template around it). */
const reasonBox = (value: string) =>
  html`<textarea id="alasan" name="alasan" required minlength="10" maxlength="500" rows="2">
${value}</textarea>`;

/** The name the one-time token is posted under. */
export const FORM_TOKEN_FIELD = 'formToken';

/** The lookup form: hidden tokens, then the fields in the order the officer fills them. */
function lookupForm(options: LookupFormOptions): Html {
  return html`<form method="post" action="/cari" autocomplete="off">
    <input type="hidden" name="_csrf" value="${options.csrfToken}" />
    <input type="hidden" name="${FORM_TOKEN_FIELD}" value="${options.formToken}" />
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
    ${
      options.reasonRequired
        ? html`<label for="alasan">Alasan pencarian (wajib)</label>
            ${reasonBox(options.reason ?? '')}
            <p class="hint">
              Pola input NIK Anda ditandai. Tuliskan mengapa NIK ini perlu dicari, misalnya nomor
              antrean atau berkas pemohon; alasan dicatat di jejak audit.
            </p>`
        : ''
    }
    <button type="submit">Periksa</button>
  </form>`;
}

/**
 * A post answered without a lookup (the form was already used): the refusal's message in
 * the place of the result, with its code, and nothing else.
 */
export interface LookupRefusalView {
  readonly code: RefusalCode;
  readonly message: string;
}

/**
 * The one view of a lookup's answer, on the lookup page and on a service case's page
 * (web/service-cases/): the input-pattern warning, the answer with its code, and the granted
 * elements when found.
 */
export function lookupResultSection(result: LookupResultView): Html {
  const tone = result.code === 'DITEMUKAN' ? 'ok' : RESPONSES[result.code].hit ? 'warn' : 'bad';
  return html`<section
    class="card hasil"
    id="hasil-verifikasi"
    aria-live="polite"
    data-cetak="${result.origin?.printAllowed ? 'ya' : 'tidak'}"
  >
    ${result.origin ? watermark(result.origin) : ''}
    ${
      result.warning
        ? html`<div class="alert bad" role="alert" id="peringatan-pola">
            <strong>Peringatan pola input.</strong> ${result.warning}
          </div>`
        : ''
    }
    <div class="alert ${tone}" id="respon" data-code="${result.code}">${result.message}</div>
    ${result.data ? residentList(result.data) : ''}
    ${result.origin ? originFooter(result.origin) : ''}
  </section>`;
}

export function lookupBody(
  options: LookupFormOptions & {
    quota: QuotaView | undefined;
    result?: LookupResultView;
    /** The post was refused before any lookup ran (FORMULIR_SUDAH_DIPAKAI). */
    refusal?: LookupRefusalView | undefined;
    /** After a lookup that reached a resident: the return-data form for that NIK. */
    returnForm?: { nik: string; schema: DataBalikanSchema } | undefined;
    error?: string | undefined;
  },
): Html {
  const { result, refusal } = options;
  return html`<h1>Verifikasi NIK</h1>
    ${quotaLine(options.quota)}
    ${options.error ? html`<div class="alert bad" role="alert">${options.error}</div>` : ''}
    ${
      refusal
        ? html`<div class="alert warn" role="alert" id="respon" data-code="${refusal.code}">
            ${refusal.message}
          </div>`
        : ''
    }
    ${result ? lookupResultSection(result) : ''}
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
    <div class="card">${lookupForm(options)}</div>`;
}
