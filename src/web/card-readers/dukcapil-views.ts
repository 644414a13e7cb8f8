import { formatDate } from '../../domain/indonesian-dates.js';
import { alert, form } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';
import {
  actionForms,
  historyCell,
  returnTitle,
  sifilmaRecords,
  stateCell,
  taskList,
  type ReaderView,
  type ReturnView,
} from './reader-parts.js';

/** Dukcapil's overview of every agency's card readers, SIFILMA records and SAM receipts. */
export const DUKCAPIL_READERS_PATH = '/dukcapil/pembaca-kartu';
export const DUKCAPIL_TITLE = 'Card reader KTP-el seluruh instansi';

export const DUKCAPIL_RESULTS: Readonly<Record<string, string>> = {
  tindakan: 'Status card reader telah dicatat.',
  diterima: 'Penerimaan SAM dan BAST telah dicatat; card reader dapat dinonaktifkan.',
  bast: 'BAST pengembalian SAM telah dibuat; unduh dan cetak untuk ditandatangani kedua pihak.',
};

export interface DukcapilReadersPage {
  readonly readers: readonly ReaderView[];
  readonly returns: readonly ReturnView[];
  /** The admin acts; an evaluator only reads. */
  readonly canManage: boolean;
  readonly csrfToken: string;
  readonly result?: string | undefined;
  readonly problem?: string | undefined;
}

function receiptForm(r: ReturnView, csrfToken: string): Html {
  if (r.received_on) {
    return html`Diterima ${formatDate(r.received_on)} oleh ${r.received_by ?? '-'}
    ${r.receipt_note ? html`<div class="hint">${r.receipt_note}</div>` : ''}`;
  }
  if (!r.bast_number && r.sam_pulled_on) {
    // After the agreement's end the head cannot sign in: Dukcapil makes the BAST for them.
    return form({
      action: `${DUKCAPIL_READERS_PATH}/pengembalian/${r.id}/bast`,
      csrfToken,
      body: html`<button type="submit">Buat BAST atas nama instansi</button>`,
    });
  }
  if (!r.bast_number) return html`<span class="hint">menunggu pencabutan SAM</span>`;
  return form({
    action: `${DUKCAPIL_READERS_PATH}/pengembalian/${r.id}/terima`,
    csrfToken,
    body: html`<label for="receivedOn-${r.id}">Tanggal diterima</label>
      <input type="date" id="receivedOn-${r.id}" name="receivedOn" required />
      <label for="note-${r.id}">Catatan (opsional)</label>
      <input type="text" id="note-${r.id}" name="note" maxlength="500" />
      <button type="submit">Catat penerimaan SAM dan BAST</button>`,
  });
}

export function dukcapilReadersBody(p: DukcapilReadersPage): Html {
  return html`<h1>${DUKCAPIL_TITLE}</h1>
    ${p.result && DUKCAPIL_RESULTS[p.result] ? alert('ok', DUKCAPIL_RESULTS[p.result]!) : ''}
    ${p.problem ? alert('bad', p.problem) : ''}
    <section id="pengembalian">
      <h2>Pengembalian SAM</h2>
      ${table({
        id: 'daftar-pengembalian',
        empty: 'Belum ada pengembalian SAM.',
        rows: p.returns,
        columns: [
          { header: 'Card reader', cell: (r) => returnTitle(r) },
          { header: 'Tugas instansi', cell: (r) => taskList(r) },
          {
            header: 'Penerimaan',
            cell: (r) =>
              html`${
                r.bast_number
                  ? html`<a href="${DUKCAPIL_READERS_PATH}/pengembalian/${r.id}/bast.pdf"
                      >Unduh BAST (PDF)</a
                    >`
                  : ''
              }
              ${p.canManage || r.received_on ? receiptForm(r, p.csrfToken) : ''}`,
          },
        ],
      })}
    </section>
    <section id="pembaca">
      <h2>Card reader dan catatan SIFILMA</h2>
      <p class="hint">
        Personalisasi dan aktivasi SAM dilakukan melalui aplikasi SIFILMA Kementerian Dalam Negeri;
        Gerbang hanya mencatat nomor referensi dan tanggalnya.
      </p>
      ${table({
        id: 'daftar-pembaca',
        empty: 'Belum ada card reader terdaftar.',
        rows: p.readers,
        rowAttributes: (r) => ({ 'data-serial': r.serial }),
        columns: [
          { header: 'Instansi', cell: (r) => r.agency_code },
          { header: 'Nomor seri', cell: (r) => r.serial, rowHeader: true },
          { header: 'Merek/tipe', cell: (r) => r.make },
          { header: 'Lokasi', cell: (r) => r.location },
          { header: 'Nomor SAM', cell: (r) => r.sam_number },
          { header: 'Status', cell: (r) => stateCell(r) },
          { header: 'SIFILMA', cell: (r) => sifilmaRecords(r) },
          { header: 'Riwayat', cell: (r) => historyCell(r) },
          ...(p.canManage
            ? [
                {
                  header: 'Tindakan',
                  cell: (r: ReaderView) =>
                    actionForms(r, 'DUKCAPIL', p.csrfToken, DUKCAPIL_READERS_PATH),
                },
              ]
            : []),
        ],
      })}
    </section>`;
}
