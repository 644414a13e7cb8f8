import { alert, errorSummary, field, form, select, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { SAM_RETURNS_PAGE } from '../kit/guards.js';
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

/** The agency head's page of the agency's KTP-el card readers (issue 12, SPEC §5). */
export const AGENCY_READERS_PATH = '/instansi/pembaca-kartu';
export const TITLE = 'Card reader KTP-el';
/** The head's SAM-return duties: the one page left after the agreement's end (SPEC §5). */
export const RETURNS_PATH = SAM_RETURNS_PAGE;
export const RETURNS_TITLE = 'Pengembalian SAM';

/** Results of a step, shown after the redirect (`?hasil=`). */
export const RESULTS: Readonly<Record<string, string>> = {
  terdaftar: 'Card reader terdaftar. Catat pengajuan SIFILMA setelah permohonan diajukan.',
  tindakan: 'Status card reader telah dicatat.',
  bast: 'BAST pengembalian SAM telah dibuat; unduh, tandatangani, lalu kirim bersama SAM.',
  terkirim: 'Pengiriman SAM dan BAST ke Dinas Dukcapil telah dicatat.',
  dicabut: 'Pencabutan SAM telah dicatat. Buat BAST pengembalian SAM berikutnya.',
};

export interface AgencyReadersPage {
  readonly readers: readonly ReaderView[];
  readonly returns: readonly ReturnView[];
  readonly operators: readonly { userId: string; name: string }[];
  readonly csrfToken: string;
  readonly result?: string | undefined;
  /** A credential just issued: shown this once. */
  readonly credential?: { readonly serial: string; readonly secret: string } | undefined;
  readonly problem?: string | undefined;
  readonly register?: FormState | undefined;
}

function credentialNotice(c: { serial: string; secret: string }): Html {
  return alert(
    'warn',
    html`<p>
        Kredensial card reader <strong>${c.serial}</strong> (hanya ditampilkan sekali ini; Gerbang
        hanya menyimpan sidiknya):
      </p>
      <p><code id="kredensial">${c.secret}</code></p>
      <p>
        Pasang pada aplikasi card reader sebagai header <code>Authorization: Bearer …</code>.
        Kredensial sebelumnya tidak berlaku lagi.
      </p>`,
  );
}

export interface ReturnsPage {
  readonly returns: readonly ReturnView[];
  readonly csrfToken: string;
  readonly result?: string | undefined;
  readonly problem?: string | undefined;
  /** The head of an ended agreement: this page is all that is left until every SAM is back. */
  readonly afterEnd?: { readonly nomorDukcapil: string } | null | undefined;
}

function returnActions(r: ReturnView, csrfToken: string): Html {
  return html`${
    r.state === 'DITANGGUHKAN' && !r.sam_pulled_on
      ? form({
          action: `${RETURNS_PATH}/${r.id}/cabut`,
          csrfToken,
          body: html`<label for="onDate-${r.id}">Tanggal SAM dicabut</label>
            <input type="date" id="onDate-${r.id}" name="onDate" required />
            <button type="submit">Catat pencabutan SAM</button>`,
        })
      : ''
  }
  ${
    r.sam_pulled_on && !r.bast_number
      ? form({
          action: `${RETURNS_PATH}/${r.id}/bast`,
          csrfToken,
          body: html`<button type="submit">Buat BAST</button>`,
        })
      : ''
  }
  ${r.bast_number ? html`<a href="${RETURNS_PATH}/${r.id}/bast.pdf">Unduh BAST (PDF)</a>` : ''}
  ${
    r.bast_number && !r.sent_on
      ? form({
          action: `${RETURNS_PATH}/${r.id}/kirim`,
          csrfToken,
          body: html`<label for="sentOn-${r.id}">Tanggal dikirim</label>
            <input type="date" id="sentOn-${r.id}" name="sentOn" required />
            <button type="submit">Catat pengiriman</button>`,
        })
      : ''
  }`;
}

/**
 * /instansi/pembaca-kartu/pengembalian: the head's SAM-return tasks — pull the SAM, make and
 * download the BAST of the SAM return and reader deactivation, record the sending — until
 * Dukcapil records receipt.
 */
export function returnsBody(p: ReturnsPage): Html {
  const open = p.returns.filter((r) => !r.received_on);
  const received = p.returns.length - open.length;
  return html`<h1>${RETURNS_TITLE}</h1>
    ${p.result && RESULTS[p.result] ? alert('ok', RESULTS[p.result]!) : ''}
    ${p.problem ? alert('bad', p.problem) : ''}
    ${
      p.afterEnd
        ? alert(
            'warn',
            html`<p id="setelah-berakhir">
              PKS nomor ${p.afterEnd.nomorDukcapil} telah berakhir. Sampai Dinas Dukcapil mencatat
              penerimaan seluruh SAM, Anda hanya dapat membuka halaman ini dan panduan; verifikasi
              NIK dan halaman lain tidak tersedia. Setelah seluruh SAM diterima, akun Anda tidak
              dapat masuk lagi.
            </p>`,
          )
        : ''
    }
    <section id="tugas">
      <p class="hint">
        Bila PKS berakhir (masa berlaku habis tanpa perpanjangan, diakhiri, dicabut, atau keadaan
        kahar), setiap card reader ditangguhkan seketika: cabut SAM, buat BAST pengembalian SAM dan
        penonaktifan card reader, unduh dan tandatangani, lalu kirim keduanya ke Dinas Dukcapil dan
        catat pengirimannya. Dinas Dukcapil mencatat penerimaannya.
      </p>
      ${table({
        id: 'tugas-pengembalian',
        empty: 'Tidak ada tugas pengembalian SAM.',
        rows: open,
        rowAttributes: (r) => ({ 'data-serial': r.serial }),
        columns: [
          { header: 'Card reader', cell: (r) => returnTitle(r) },
          { header: 'Tugas', cell: (r) => taskList(r) },
          { header: 'Tindakan', cell: (r) => returnActions(r, p.csrfToken) },
        ],
      })}
      ${received > 0 ? html`<p class="hint">SAM yang telah diterima Dinas Dukcapil: ${received}.</p>` : ''}
    </section>`;
}

function returnsLink(p: AgencyReadersPage): Html {
  const open = p.returns.filter((r) => !r.received_on).length;
  return html`<section id="tugas">
    <h2>Tugas pengembalian SAM</h2>
    <p>
      ${open > 0 ? html`<strong>${open} tugas pengembalian SAM terbuka.</strong> ` : ''}Cabut SAM,
      BAST dan pengiriman dikerjakan pada halaman
      <a href="${RETURNS_PATH}">${RETURNS_TITLE}</a>.
    </p>
  </section>`;
}

function registerForm(p: AgencyReadersPage): Html {
  const state = p.register ?? {};
  return html`<section id="daftar">
    <h2>Daftarkan card reader</h2>
    ${errorSummary(state.errors)}
    ${form({
      action: AGENCY_READERS_PATH,
      csrfToken: p.csrfToken,
      novalidate: true,
      body: html`${field({ name: 'serial', label: 'Nomor seri card reader', maxlength: 60, required: true }, state)}
        ${field({ name: 'make', label: 'Merek/tipe', maxlength: 80, required: true }, state)}
        ${field({ name: 'location', label: 'Lokasi (loket/ruang)', maxlength: 160, required: true }, state)}
        ${select(
          {
            name: 'operator',
            label: 'Operator penanggung jawab',
            placeholder: 'Pilih operator…',
            options: p.operators.map((o) => ({
              value: o.userId,
              label: `${o.name} (${o.userId})`,
            })),
            required: true,
          },
          state,
        )}
        ${field(
          {
            name: 'samNumber',
            label: 'Nomor SAM',
            maxlength: 40,
            required: true,
            hint: 'Sesuai yang tercetak pada modul SAM.',
          },
          state,
        )} <button type="submit">Daftarkan</button>`,
    })}
  </section>`;
}

export function agencyReadersBody(p: AgencyReadersPage): Html {
  return html`<h1>${TITLE}</h1>
    ${p.result && RESULTS[p.result] ? alert('ok', RESULTS[p.result]!) : ''}
    ${p.problem ? alert('bad', p.problem) : ''}
    ${p.credential ? credentialNotice(p.credential) : ''} ${returnsLink(p)}
    <section id="pembaca">
      <h2>Card reader instansi</h2>
      ${table({
        id: 'daftar-pembaca',
        empty: 'Belum ada card reader terdaftar.',
        rows: p.readers,
        rowAttributes: (r) => ({ 'data-serial': r.serial }),
        columns: [
          { header: 'Nomor seri', cell: (r) => r.serial, rowHeader: true },
          { header: 'Merek/tipe', cell: (r) => r.make },
          { header: 'Lokasi', cell: (r) => r.location },
          { header: 'Operator', cell: (r) => r.operator_user_id },
          { header: 'Nomor SAM', cell: (r) => r.sam_number },
          { header: 'Status', cell: (r) => stateCell(r) },
          { header: 'SIFILMA', cell: (r) => sifilmaRecords(r) },
          { header: 'Riwayat', cell: (r) => historyCell(r) },
          {
            header: 'Tindakan',
            cell: (r) =>
              html`${actionForms(r, 'INSTANSI', p.csrfToken, AGENCY_READERS_PATH)}
              ${
                r.state === 'AKTIF'
                  ? form({
                      action: `${AGENCY_READERS_PATH}/${r.id}/kredensial`,
                      csrfToken: p.csrfToken,
                      body: html`<button type="submit">
                        ${r.has_credential ? 'Ganti kredensial' : 'Terbitkan kredensial'}
                      </button>`,
                    })
                  : ''
              }`,
          },
        ],
      })}
    </section>
    ${registerForm(p)}`;
}
