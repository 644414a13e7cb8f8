import { checkbox, dateField, select } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';

export const EXPORT_PATH = '/dukcapil/data-balikan/ekspor';

export interface ExportFormOptions {
  readonly agencies: readonly { readonly code: string; readonly name: string }[];
  readonly selected?: string;
}

/**
 * Dukcapil's export of the return data received, offered on the compliance pages. A GET
 * form: it changes nothing but the audit trail, which records each export.
 */
export function exportForm(options: ExportFormOptions): Html {
  return html`<section aria-labelledby="ekspor" class="card">
    <h2 id="ekspor">Ekspor data balikan yang diterima</h2>
    <p class="hint">
      Untuk dimuat ke database kependudukan. Setiap ekspor dicatat pada jejak audit. Kolom: kode
      instansi, nomor PKS, NIK, versi, waktu diterima (WIB), kanal, pengirim (user ID), lalu satu
      kolom per isian data balikan.
    </p>
    <form method="get" action="${EXPORT_PATH}" class="filters">
      ${select({
        name: 'agency',
        id: 'ekspor-instansi',
        label: 'Instansi',
        placeholder: 'Semua instansi',
        value: options.selected ?? '',
        options: options.agencies.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` })),
      })}
      ${dateField({ name: 'from', id: 'ekspor-dari', label: 'Diterima dari tanggal' })}
      ${dateField({ name: 'to', id: 'ekspor-sampai', label: 'sampai tanggal' })}
      ${select({
        name: 'format',
        id: 'ekspor-format',
        label: 'Format',
        options: [
          { value: 'xlsx', label: 'XLSX (Excel)' },
          { value: 'csv', label: 'CSV' },
        ],
      })}
      ${checkbox({
        name: 'history',
        id: 'ekspor-riwayat',
        value: '1',
        label: 'Sertakan riwayat koreksi (semua versi)',
      })}
      <button type="submit">Unduh</button>
    </form>
  </section>`;
}
