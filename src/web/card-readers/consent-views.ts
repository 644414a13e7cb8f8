import { ELEMENT_LABELS, ELEMENTS, isElement } from '../../domain/elements.js';
import { wibDateTime } from '../../domain/time.js';
import type { ConsentRow } from '../../services/card-readers/readers.js';
import {
  alert,
  checkbox,
  errorSummary,
  field,
  form,
  select,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';

/** The agency's record of residents' consents to keeping data read from their KTP-el. */
export const CONSENTS_PATH = '/persetujuan-kartu';
export const CONSENTS_TITLE = 'Persetujuan penyimpanan data KTP-el';

export const CONSENT_RESULTS: Readonly<Record<string, string>> = {
  dicatat: 'Persetujuan penduduk telah dicatat. Cetak formulirnya untuk ditandatangani.',
  ditarik: 'Persetujuan telah ditarik; data tersebut tidak lagi boleh disimpan.',
};

export interface ConsentsPage {
  readonly consents: readonly ConsentRow[];
  readonly readers: readonly { id: number; label: string }[];
  readonly csrfToken: string;
  readonly result?: string | undefined;
  readonly problem?: string | undefined;
  readonly form?: FormState | undefined;
}

const labels = (elements: readonly string[]) =>
  elements.map((e) => (isElement(e) ? ELEMENT_LABELS[e] : e)).join(', ');

function consentForm(p: ConsentsPage): Html {
  const state = p.form ?? {};
  if (p.readers.length === 0) {
    return html`<p class="empty">
      Belum ada card reader aktif: persetujuan dicatat untuk data yang dibaca melalui card reader.
    </p>`;
  }
  return html`${errorSummary(state.errors)}
  ${form({
    action: CONSENTS_PATH,
    csrfToken: p.csrfToken,
    novalidate: true,
    autocomplete: 'off',
    body: html`${field({ name: 'nik', label: 'NIK penduduk', inputmode: 'numeric', maxlength: 16, required: true }, state)}
      ${select(
        {
          name: 'readerId',
          label: 'Card reader',
          placeholder: 'Pilih card reader…',
          options: p.readers.map((r) => ({ value: String(r.id), label: r.label })),
          required: true,
        },
        state,
      )}
      <fieldset id="elements">
        <legend>Elemen data yang boleh disimpan</legend>
        ${ELEMENTS.map((e) =>
          checkbox({
            name: 'elements',
            id: `element-${e}`,
            value: e,
            label: ELEMENT_LABELS[e],
            checked: false,
          }),
        )}
      </fieldset>
      ${field({ name: 'purpose', label: 'Untuk keperluan', maxlength: 200, required: true }, state)}
      ${checkbox(
        {
          name: 'residentAgreed',
          value: 'ya',
          label:
            'Penduduk telah memverifikasi data yang dibaca dari KTP-el-nya dan menyetujui penyimpanannya',
        },
        state,
      )}
      <button type="submit">Catat persetujuan</button>`,
  })}`;
}

export function consentsBody(p: ConsentsPage): Html {
  return html`<h1>${CONSENTS_TITLE}</h1>
    <p class="hint">
      Data yang dibaca dari KTP-el hanya boleh disimpan setelah penduduk memverifikasi dan
      menyetujuinya (Juknis IV.F). Pembacaan yang meminta penyimpanan tanpa persetujuan ditolak.
    </p>
    ${p.result && CONSENT_RESULTS[p.result] ? alert('ok', CONSENT_RESULTS[p.result]!) : ''}
    ${p.problem ? alert('bad', p.problem) : ''}
    <section id="catat">
      <h2>Catat persetujuan</h2>
      ${consentForm(p)}
    </section>
    <section id="daftar">
      <h2>Daftar persetujuan</h2>
      ${table({
        id: 'daftar-persetujuan',
        empty: 'Belum ada persetujuan tercatat.',
        rows: p.consents,
        rowAttributes: (c) => ({
          'data-consent': c.id,
          'data-withdrawn': c.withdrawn_at ? 'ya' : 'tidak',
        }),
        columns: [
          { header: 'NIK', cell: (c) => c.nik, className: 'nik' },
          { header: 'Card reader', cell: (c) => c.serial },
          { header: 'Petugas', cell: (c) => c.officer },
          { header: 'Waktu (WIB)', cell: (c) => wibDateTime(c.given_at) },
          { header: 'Elemen', cell: (c) => labels(c.elements) },
          { header: 'Keperluan', cell: (c) => c.purpose },
          {
            header: 'Status',
            cell: (c) =>
              c.withdrawn_at
                ? html`Ditarik ${wibDateTime(c.withdrawn_at)} WIB
                    <div class="hint">${c.withdraw_reason ?? ''}</div>`
                : 'Berlaku',
          },
          {
            header: 'Tindakan',
            cell: (c) =>
              html`<a href="${CONSENTS_PATH}/${c.id}/formulir.pdf">Cetak formulir (PDF)</a> ${
                  c.withdrawn_at
                    ? ''
                    : html`<details class="row-action">
                        <summary>Tarik persetujuan</summary>
                        ${form({
                          action: `${CONSENTS_PATH}/${c.id}/tarik`,
                          csrfToken: p.csrfToken,
                          body: html`${field({ name: 'reason', id: `reason-${c.id}`, label: 'Alasan penarikan', maxlength: 500, required: true })}
                            <button type="submit">Tarik persetujuan</button>`,
                        })}
                      </details>`
                }`,
          },
        ],
      })}
    </section>`;
}
