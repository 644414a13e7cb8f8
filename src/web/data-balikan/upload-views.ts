import type { DataBalikanSchema } from '../../domain/data-balikan.js';
import { wibDateTime } from '../../domain/time.js';
import { MAX_DATA_ROWS, MAX_UPLOAD_BYTES } from '../../services/data-balikan/file-type.js';
import { fieldFormat, NIK_FORMAT } from '../../services/data-balikan/template.js';
import {
  UPLOAD_KEPT_HOURS,
  type UploadStatus,
  type UploadSummary,
  type UploadView,
} from '../../services/data-balikan/upload.js';
import { alert, errorFor, errorSummary, form, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';

/** The /data-balikan section: what is owed, templates, upload form, and each upload's result. */

export const SECTION_PATH = '/data-balikan';
export const UPLOAD_PATH = '/data-balikan/unggah';
export const uploadPath = (id: number) => `/data-balikan/unggahan/${id}`;

const n = (value: number | null | undefined) => (value ?? 0).toLocaleString('id-ID');
const megabytes = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;

export const STATUS_LABELS: Readonly<Record<UploadStatus, string>> = {
  MENUNGGU: 'Menunggu giliran',
  MEMBACA: 'Membaca berkas',
  MEMERIKSA: 'Memeriksa',
  DITOLAK: 'Ada baris ditolak; belum diterapkan',
  MENERAPKAN: 'Menerapkan baris valid',
  DITERAPKAN: 'Diterapkan',
  GAGAL: 'Tidak diterapkan',
  DIBATALKAN: 'Dibatalkan',
  KEDALUWARSA: 'Kedaluwarsa',
};

export function isWorking(status: UploadStatus): boolean {
  return (
    status === 'MENUNGGU' ||
    status === 'MEMBACA' ||
    status === 'MEMERIKSA' ||
    status === 'MENERAPKAN'
  );
}

/** The columns of the agreement's return data, `nik` first, as the file's header names them. */
function schemaTable(schema: DataBalikanSchema): Html {
  const rows = [
    { key: 'nik', label: 'NIK', required: true, format: NIK_FORMAT },
    ...schema.fields.map((field) => ({ ...field, format: fieldFormat(field) })),
  ];
  return table({
    className: 'compact',
    rows,
    empty: '',
    columns: [
      { header: 'Kolom', cell: (row) => html`<code>${row.key}</code>` },
      { header: 'Nama', cell: (row) => row.label },
      { header: 'Wajib', cell: (row) => (row.required ? 'Ya' : 'Tidak') },
      { header: 'Format', cell: (row) => row.format },
    ],
  });
}

function recentTable(uploads: readonly UploadSummary[]): Html {
  return table({
    id: 'unggahan-terakhir',
    className: 'compact',
    rows: uploads,
    empty: 'Belum ada berkas yang diunggah.',
    columns: [
      { header: 'Waktu (WIB)', cell: (u) => wibDateTime(u.createdAt) },
      { header: 'Berkas', cell: (u) => html`<a href="${uploadPath(u.id)}">${u.fileName}</a>` },
      { header: 'Oleh', cell: (u) => u.uploadedBy },
      { header: 'Baris', cell: (u) => (u.received === null ? '—' : n(u.received)) },
      { header: 'Status', cell: (u) => STATUS_LABELS[u.status] },
    ],
  });
}

/** The file input, marked as the kit marks a field when the form was refused for it. */
function fileInput(errors: FormState['errors']): Html {
  const error = errorFor(errors, 'berkas');
  return html`<div class="${error ? 'field field-error' : 'field'}">
    <label for="berkas">Berkas CSV atau XLSX</label>
    ${
      error
        ? html`<p class="error-message" id="berkas-error">
            <span class="visually-hidden">Kesalahan:</span> ${error}
          </p>`
        : ''
    }
    <input
      type="file"
      id="berkas"
      name="berkas"
      required
      accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      ${error ? html`aria-invalid="true" aria-describedby="berkas-error"` : ''}
    />
  </div>`;
}

export interface SectionOptions {
  readonly csrfToken: string;
  readonly schema: DataBalikanSchema | undefined;
  readonly uploads: readonly UploadSummary[];
  /** The upload form refused as posted (no file, a file too large): by field. */
  readonly errors?: FormState['errors'];
  /** A refusal of the upload itself (wrong file type, a full queue, the caller's access). */
  readonly refusal?: string | undefined;
}

export function sectionBody(options: SectionOptions): Html {
  const { schema } = options;
  return html`<h1>Data Balikan</h1>
    ${errorSummary(options.errors)}
    <p>
      Kirim kembali ke Dukcapil data balikan untuk setiap NIK yang diakses instansi Anda. Data
      balikan hanya diterima untuk NIK yang pernah diverifikasi instansi Anda dalam PKS yang
      berlaku.
    </p>
    <p id="formulir-satu-nik">
      Untuk satu NIK: <a href="/data-balikan/formulir">Isi formulir satu NIK</a>. Untuk banyak NIK
      sekaligus: unggah berkas di bawah ini.
    </p>
    ${options.refusal ? alert('bad', options.refusal, { id: 'galat' }) : ''}
    ${
      schema
        ? html`<section class="card" id="kolom">
              <h2>Kolom data balikan</h2>
              ${schemaTable(schema)}
              <p class="hint">
                Setiap baris memuat satu NIK dan paling sedikit satu kolom lain. Kolom yang tidak
                wajib boleh dikosongkan. Mengirim ulang NIK yang sudah pernah dikirim dengan isi
                berbeda dicatat sebagai koreksi; data sebelumnya tetap tersimpan sebagai riwayat.
              </p>
            </section>
            <section class="card" id="unggah">
              <h2>Unggah berkas</h2>
              <p>
                Templat: <a href="/data-balikan/templat.xlsx">Excel (.xlsx)</a> ·
                <a href="/data-balikan/templat.csv">CSV</a>
              </p>
              <ul class="rules">
                <li>
                  Baris pertama adalah baris judul: <code>nik</code> dan kunci kolom di atas (huruf
                  besar/kecil tidak berpengaruh); urutan kolom bebas.
                </li>
                <li>
                  CSV: teks UTF-8, pemisah koma (,) atau titik koma (;). Excel: lembar kerja
                  pertama; format kolom NIK sebagai Teks agar 16 digitnya utuh (templat sudah
                  demikian).
                </li>
                <li>
                  Paling besar ${megabytes(MAX_UPLOAD_BYTES)} dan ${n(MAX_DATA_ROWS)} baris data per
                  berkas.
                </li>
                <li>
                  Seluruh berkas diperiksa lebih dahulu. Bila semua baris valid, berkas diterapkan
                  sekaligus; bila ada baris yang ditolak, tidak ada yang diterapkan dan Anda dapat
                  memilih menerapkan hanya baris yang valid.
                </li>
              </ul>
              ${form({
                action: UPLOAD_PATH,
                csrfToken: options.csrfToken,
                multipart: true,
                id: 'form-unggah',
                body: html`${fileInput(options.errors)}
                  <button type="submit">Unggah dan periksa</button>`,
              })}
            </section>`
        : alert(
            'warn',
            'Skema data balikan PKS instansi Anda belum ditetapkan Dukcapil; data balikan belum dapat diterima.',
            { id: 'tanpa-skema' },
          )
    }
    <section class="card" id="riwayat">
      <h2>Unggahan terakhir instansi Anda</h2>
      ${recentTable(options.uploads)}
    </section>`;
}

function refusedTable(view: UploadView): Html {
  if (view.refusedRows.length === 0) {
    return view.refused
      ? html`<p class="hint">
          Daftar baris yang ditolak sudah dihapus bersama unggahan ini
          (${view.status === 'DIBATALKAN' ? 'dibatalkan' : 'kedaluwarsa'}).
        </p>`
      : html``;
  }
  const all = view.refused ?? view.refusedRows.length;
  const csv = html`<a href="${uploadPath(view.id)}/penolakan.csv" id="unduh-penolakan"
    >Unduh daftar lengkap baris yang ditolak (CSV)</a
  >`;
  return html`<section class="card" id="baris-ditolak">
    <h2>Baris yang ditolak</h2>
    <p>
      ${
        all > view.refusedRows.length
          ? html`Menampilkan ${n(view.refusedRows.length)} baris pertama dari ${n(all)} baris yang
            ditolak. ${csv}`
          : csv
      }
    </p>
    ${table({
      className: 'compact refused',
      rows: view.refusedRows,
      empty: '',
      rowAttributes: (row) => ({ 'data-line': row.line }),
      columns: [
        { header: 'Baris', cell: (row) => row.line },
        { header: 'NIK', cell: (row) => row.nik, className: 'nik' },
        { header: 'Alasan', cell: (row) => row.reasons.join('; ') },
      ],
    })}
  </section>`;
}

function counts(view: UploadView): string {
  return `${n(view.added)} baru, ${n(view.corrected)} koreksi, ${n(view.unchanged)} tidak berubah`;
}

function progressLine(view: UploadView): Html {
  switch (view.status) {
    case 'MENUNGGU':
      return html`Berkas menunggu giliran diproses.`;
    case 'MEMBACA': {
      const total = view.lineTotal !== null && view.lineTotal >= view.lineRead;
      return html`<span id="kemajuan"
          >Memproses baris ${n(view.lineRead)}${total ? ` dari ${n(view.lineTotal)}` : ''}</span
        >
        ${total ? html`<progress value="${view.lineRead}" max="${view.lineTotal}"></progress>` : ''}`;
    }
    case 'MEMERIKSA':
      return html`Memeriksa ${n(view.received)} baris terhadap skema dan NIK yang diakses instansi
      Anda…`;
    case 'MENERAPKAN':
      return html`Menerapkan ${n(view.acceptable)} baris yang valid…`;
    case 'DITOLAK':
    case 'DITERAPKAN':
    case 'GAGAL':
    case 'DIBATALKAN':
    case 'KEDALUWARSA':
      return html``;
  }
}

function outcome(view: UploadView, csrfToken: string): Html {
  switch (view.status) {
    case 'MENUNGGU':
    case 'MEMBACA':
    case 'MEMERIKSA':
    case 'MENERAPKAN':
      return html`<div class="alert warn" role="status" id="hasil" data-status="${view.status}">
        ${progressLine(view)}
        <p class="hint">
          Halaman ini diperbarui otomatis setiap 2 detik. Anda boleh meninggalkannya; hasilnya tetap
          tersedia di halaman Data Balikan.
        </p>
      </div>`;
    case 'DITERAPKAN':
      return view.appliedMode === 'YANG_VALID'
        ? html`<div class="alert ok" role="status" id="hasil" data-status="DITERAPKAN">
            ${n(view.acceptable)} baris yang valid diterapkan (${counts(view)}). ${n(view.refused)}
            baris yang ditolak tidak diterapkan.
          </div>`
        : html`<div class="alert ok" role="status" id="hasil" data-status="DITERAPKAN">
            Seluruh ${n(view.received)} baris diterapkan (${counts(view)}).
          </div>`;
    case 'DITOLAK':
      return html`<div class="alert bad" role="alert" id="hasil" data-status="DITOLAK">
          ${n(view.refused)} dari ${n(view.received)} baris ditolak, sehingga tidak ada data yang
          diterapkan. ${view.problem ?? ''}
        </div>
        <section class="card" id="keputusan">
          ${
            view.decidable
              ? form({
                  action: `${uploadPath(view.id)}/terapkan`,
                  csrfToken,
                  className: 'inline',
                  body: html`<button type="submit" id="terapkan-valid">
                    Terapkan hanya ${n(view.acceptable)} baris yang valid
                  </button>`,
                })
              : html`<p>Tidak ada baris yang valid.</p>`
          }
          ${form({
            action: `${uploadPath(view.id)}/batal`,
            csrfToken,
            className: 'inline',
            body: html`<button type="submit" class="secondary" id="batalkan">
              Batalkan unggahan
            </button>`,
          })}
          <p class="hint">
            Atau perbaiki baris yang ditolak lalu <a href="${SECTION_PATH}#unggah">unggah ulang</a>
            seluruh berkas. Baris unggahan ini disimpan sampai ${wibDateTime(view.expiresAt)} WIB,
            lalu dihapus.
          </p>
        </section>`;
    case 'GAGAL':
      return html`<div class="alert bad" role="alert" id="hasil" data-status="GAGAL">
        Berkas tidak diterapkan. ${view.problem ?? ''}
      </div>`;
    case 'DIBATALKAN':
      return html`<div class="alert warn" role="status" id="hasil" data-status="DIBATALKAN">
        Unggahan dibatalkan; tidak ada data yang diterapkan dan baris-barisnya telah dihapus.
      </div>`;
    case 'KEDALUWARSA':
      return html`<div class="alert warn" role="status" id="hasil" data-status="KEDALUWARSA">
        Unggahan kedaluwarsa: baris yang valid tidak diterapkan dalam ${UPLOAD_KEPT_HOURS} jam dan
        telah dihapus. Silakan unggah ulang berkas.
      </div>`;
  }
}

export function uploadBody(options: {
  readonly csrfToken: string;
  readonly view: UploadView;
  /** A refusal of the decision asked for (already applied, expired, another agreement…). */
  readonly refusal?: string | undefined;
}): Html {
  const { view } = options;
  return html`<h1>Unggahan Data Balikan</h1>
    ${options.refusal ? alert('bad', options.refusal, { id: 'galat' }) : ''}
    <dl class="data card">
      <dt>Berkas</dt>
      <dd>${view.fileName} (${view.format}, ${megabytes(view.sizeBytes)})</dd>
      <dt>Diunggah</dt>
      <dd>${wibDateTime(view.createdAt)} WIB oleh ${view.uploadedBy}</dd>
      <dt>Status</dt>
      <dd>${STATUS_LABELS[view.status]}</dd>
      ${
        view.appliedAt
          ? html`<dt>Diterapkan</dt>
              <dd>${wibDateTime(view.appliedAt)} WIB</dd>`
          : ''
      }
    </dl>
    ${outcome(view, options.csrfToken)} ${isWorking(view.status) ? '' : refusedTable(view)}
    <p><a href="${SECTION_PATH}">Kembali ke Data Balikan</a></p>`;
}
