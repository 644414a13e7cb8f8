import { formatDate } from '../../domain/indonesian-dates.js';
import type { StatementDocument, StatementLine } from '../../domain/resident-statement.js';
import {
  alert,
  checkbox,
  dateField,
  errorSummary,
  field,
  form,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';

/**
 * Dukcapil's counter page for a resident's statement of who accessed their data (issue 14):
 * the request form (NIK, request number, the identity check, the period), the statement on
 * screen, and two forms that download it as the PDF letter or its JSON export. No script.
 */
export const STATEMENT_PATH = '/dukcapil/riwayat-akses';
export const STATEMENT_FILE_PATH = '/dukcapil/riwayat-akses/unduh';

export const TITLE = 'Riwayat Akses Data Kependudukan';

/** The request as the forms post it (the downloads repeat it in hidden fields). */
export interface RequestFields {
  readonly nik: string;
  readonly requestNumber: string;
  readonly identityCheck: string;
  readonly from: string;
  readonly to: string;
}

export function requestForm(csrfToken: string, state: FormState = {}): Html {
  return html`<h1>${TITLE}</h1>
    <p class="hint">
      Atas permohonan penduduk yang datang sendiri dengan KTP-el: setiap akses instansi ke data
      kependudukannya dalam periode yang dipilih, dengan bukti segel per baris. Permohonan dan
      setiap cetakan dicatat pada jejak audit; instansi tidak dapat melihatnya.
    </p>
    ${errorSummary(state.errors)}
    ${form({
      action: STATEMENT_PATH,
      csrfToken,
      novalidate: true,
      autocomplete: 'off',
      body: html`${field(
          {
            name: 'nik',
            label: 'NIK pemohon',
            inputmode: 'numeric',
            maxlength: 16,
            required: true,
            hint: 'Sesuai KTP-el yang ditunjukkan pemohon.',
          },
          state,
        )}
        ${field(
          { name: 'requestNumber', label: 'Nomor permohonan', maxlength: 60, required: true },
          state,
        )}
        ${checkbox(
          {
            name: 'identityChecked',
            value: 'ya',
            label: 'Saya telah mencocokkan identitas pemohon dengan dokumen aslinya',
          },
          state,
        )}
        ${field(
          {
            name: 'identityCheck',
            label: 'Dokumen identitas yang ditunjukkan',
            maxlength: 120,
            required: true,
            hint: 'Misalnya: KTP-el asli.',
          },
          state,
        )}
        ${dateField(
          {
            name: 'from',
            label: 'Periode dari tanggal (WIB)',
            hint: 'Kosongkan untuk 12 bulan terakhir.',
          },
          state,
        )}
        ${dateField({ name: 'to', label: 'sampai tanggal (WIB)', hint: 'Kosong: hari ini.' }, state)}
        <button type="submit">Tampilkan riwayat akses</button>`,
    })}`;
}

function hiddenRequest(request: RequestFields): Html {
  return html`<input type="hidden" name="nik" value="${request.nik}" />
    <input type="hidden" name="requestNumber" value="${request.requestNumber}" />
    <input type="hidden" name="identityChecked" value="ya" />
    <input type="hidden" name="identityCheck" value="${request.identityCheck}" />
    <input type="hidden" name="from" value="${request.from}" />
    <input type="hidden" name="to" value="${request.to}" />`;
}

function downloadForm(csrfToken: string, request: RequestFields, format: 'pdf' | 'json'): Html {
  return form({
    action: STATEMENT_FILE_PATH,
    csrfToken,
    className: 'inline',
    body: html`${hiddenRequest(request)}
      <input type="hidden" name="format" value="${format}" />
      <button type="submit">
        ${format === 'pdf' ? 'Unduh PDF untuk dicetak' : 'Unduh JSON (bukti untuk diperiksa)'}
      </button>`,
  });
}

export function statementBody(
  csrfToken: string,
  statement: StatementDocument,
  request: RequestFields,
  /** The input-pattern policy's word on the officer's requests (Dukcapil has an alert). */
  warning?: string,
): Html {
  const lines = table<StatementLine>({
    id: 'riwayat-akses',
    caption: `Akses atas NIK ${statement.nik}, ${formatDate(statement.period.from)} – ${formatDate(statement.period.to)}`,
    empty: 'Tidak ada akses yang tercatat atas NIK ini dalam periode tersebut.',
    columns: [
      { header: 'No.', cell: (line) => line.number, className: 'num' },
      { header: 'Waktu (WIB)', cell: (line) => line.at, rowHeader: true },
      { header: 'Instansi', cell: (line) => line.agency },
      { header: 'Kanal', cell: (line) => line.channel },
      { header: 'Keperluan / rujukan', cell: (line) => line.purpose ?? '—' },
      { header: 'Jawaban', cell: (line) => line.answer },
      { header: 'Posisi segel', cell: (line) => line.position, className: 'num' },
    ],
    rows: statement.lines,
  });
  const returns = table({
    id: 'data-balikan',
    caption: 'Data balikan yang diterima atas NIK ini (tanpa bukti segel)',
    empty: 'Tidak ada data balikan yang diterima dalam periode tersebut.',
    columns: [
      { header: 'Diterima (WIB)', cell: (r: StatementDocument['returnData'][number]) => r.at },
      { header: 'Instansi', cell: (r) => r.agency },
      { header: 'Versi', cell: (r) => r.version, className: 'num' },
    ],
    rows: statement.returnData,
  });
  return html`<h1>${TITLE}</h1>
    ${
      warning
        ? alert('bad', html`<strong>Peringatan pola permintaan.</strong> ${warning}`, {
            id: 'peringatan-pola',
          })
        : ''
    }
    ${alert(
      'ok',
      `Permohonan ${statement.requestNumber} dicatat. ${statement.lines.length} akses ditemukan; setiap baris memiliki bukti segel.`,
    )}
    <p>
      Nomor permohonan <strong>${statement.requestNumber}</strong>, dibuat ${statement.issuedAt}
      WIB.
    </p>
    ${lines} ${returns}
    <section class="card" aria-labelledby="segel">
      <h2 id="segel">Bukti segel</h2>
      <p class="hint">
        Setiap baris dapat diperiksa terhadap checkpoint bertanda tangan ini dengan kunci publik
        saja: unduh JSON dan jalankan <code>gerbang audit verify-statement</code>.
      </p>
      <pre id="checkpoint">${statement.checkpoint}</pre>
      <p>Kunci publik: <code id="kunci-publik">${statement.publicKey}</code></p>
    </section>
    <div class="actions">
      ${downloadForm(csrfToken, request, 'pdf')} ${downloadForm(csrfToken, request, 'json')}
    </div>
    <p><a href="${STATEMENT_PATH}">Permohonan baru</a></p>`;
}

export function refusedBody(csrfToken: string, message: string, state: FormState): Html {
  return html`${alert('bad', message)}${requestForm(csrfToken, state)}`;
}
