import { alert, errorSummary, field, form, select, type FormState } from '../kit/form-fields.js';
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

/** The agency head's page of the agency's KTP-el card readers (issue 12, SPEC §5). */
export const AGENCY_READERS_PATH = '/instansi/pembaca-kartu';
export const TITLE = 'Card reader KTP-el';

/** Results of a step, shown after the redirect (`?hasil=`). */
export const RESULTS: Readonly<Record<string, string>> = {
  terdaftar: 'Card reader terdaftar. Catat pengajuan SIFILMA setelah permohonan diajukan.',
  tindakan: 'Status card reader telah dicatat.',
  bast: 'BAST pengembalian SAM telah dibuat; unduh, tandatangani, lalu kirim bersama SAM.',
  terkirim: 'Pengiriman SAM dan BAST ke Dinas Dukcapil telah dicatat.',
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

function returnsSection(p: AgencyReadersPage): Html {
  const open = p.returns.filter((r) => !r.received_on);
  return html`<section id="tugas">
    <h2>Tugas pengembalian SAM</h2>
    <p class="hint">
      Bila PKS berakhir tanpa perpanjangan, setiap card reader ditangguhkan seketika: cabut SAM,
      buat BAST pengembalian SAM dan penonaktifan card reader, lalu kirim keduanya ke Dinas
      Dukcapil.
    </p>
    ${table({
      id: 'tugas-pengembalian',
      empty: 'Tidak ada tugas pengembalian SAM.',
      rows: open,
      columns: [
        { header: 'Card reader', cell: (r) => returnTitle(r) },
        { header: 'Tugas', cell: (r) => taskList(r) },
        {
          header: 'Tindakan',
          cell: (r) =>
            html`${
              r.sam_pulled_on && !r.bast_number
                ? form({
                    action: `${AGENCY_READERS_PATH}/pengembalian/${r.id}/bast`,
                    csrfToken: p.csrfToken,
                    body: html`<button type="submit">Buat BAST</button>`,
                  })
                : ''
            }
            ${
              r.bast_number
                ? html`<a href="${AGENCY_READERS_PATH}/pengembalian/${r.id}/bast.pdf"
                    >Unduh BAST (PDF)</a
                  >`
                : ''
            }
            ${
              r.bast_number && !r.sent_on
                ? form({
                    action: `${AGENCY_READERS_PATH}/pengembalian/${r.id}/kirim`,
                    csrfToken: p.csrfToken,
                    body: html`<label for="sentOn-${r.id}">Tanggal dikirim</label>
                      <input type="date" id="sentOn-${r.id}" name="sentOn" required />
                      <button type="submit">Catat pengiriman</button>`,
                  })
                : ''
            }`,
        },
      ],
    })}
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
    ${p.credential ? credentialNotice(p.credential) : ''} ${returnsSection(p)}
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
