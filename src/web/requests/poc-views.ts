import { caseNoteField, caseResultField } from '../../domain/poc-checklist.js';
import type { PocChecklistView } from '../../services/requests/poc-checklist.js';
import {
  alert,
  dateField,
  errorSummary,
  field,
  form,
  select,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';
import { dateText } from './parts.js';

/**
 * The PoC's checklist page (issue 11 item 5): each case with its result and note, the
 * checklist form and the result form while the PoC is open (Dukcapil's admin), the result
 * and its letter once recorded. The agency head reads the same page without the forms.
 */

export const pocPath = (base: string, id: number) => `${base}/${id}/poc`;
export const pocLetterPath = (base: string, id: number) => `${base}/${id}/surat-hasil-poc.pdf`;

/** The posted result of a case: LULUS, TIDAK_LULUS, or nothing (not recorded now). */
export const CASE_CHOICES = ['LULUS', 'TIDAK_LULUS'] as const;

/** The page's two forms, by the last segment of the address each posts to. */
export type PocForm = 'daftar-periksa' | 'hasil';

/** A form sent back with its problems and what was typed: only that form shows them. */
export interface PostedPocForm {
  readonly form: PocForm;
  readonly state: FormState;
}

const OUTCOMES: Readonly<Record<string, string>> = {
  'daftar-periksa': 'Daftar periksa PoC disimpan.',
  hasil: 'Hasil PoC dicatat; surat hasil PoC dibuat dan permohonan diputus.',
};

export function pocPageBody(options: {
  readonly base: string;
  readonly view: PocChecklistView;
  readonly csrfToken: string;
  readonly outcome?: string | undefined;
  readonly today: string;
  readonly posted?: PostedPocForm | undefined;
}): Html {
  const { view, base, posted } = options;
  const stateOf = (name: PocForm): FormState => (posted?.form === name ? posted.state : {});
  const { detail } = view;
  const message = options.outcome ? OUTCOMES[options.outcome] : undefined;
  const cell = (verdict: { passed: boolean } | undefined) =>
    verdict === undefined ? 'Belum dicatat' : verdict.passed ? 'Lulus' : 'Tidak lulus';
  return html`<h1>Daftar periksa PoC: ${view.application}</h1>
    ${message ? alert('ok', message, { id: 'pesan' }) : ''}
    <dl class="terms" id="ringkasan-poc">
      <dt>Permohonan</dt>
      <dd><a href="${base}/${detail.id}">Permohonan ${detail.id}</a> · ${detail.stateLabel}</dd>
      <dt>Instansi</dt>
      <dd>${detail.agencyName} (${detail.agencyCode})</dd>
      <dt>Aplikasi yang diuji</dt>
      <dd>${view.application}</dd>
      <dt>Tanggal PoC</dt>
      <dd>${detail.scheduledOn ? dateText(detail.scheduledOn) : 'Belum dijadwalkan'}</dd>
    </dl>
    <p class="hint">
      PoC dijalankan terhadap lingkungan uji (sandbox, <code>gerbang sandbox</code>) yang hanya
      berisi data sintetis; daftar NIK uji ada pada halaman <code>/sandbox</code> sandbox.
    </p>
    ${view.result ? resultBlock(base, detail.id, view.result) : ''}
    ${
      view.open
        ? checklistForm(base, view, options.csrfToken, stateOf('daftar-periksa'))
        : table({
            id: 'daftar-periksa',
            empty: 'Belum ada kasus.',
            columns: [
              { header: 'Kasus uji', cell: (r) => r.label, rowHeader: true },
              { header: 'Hasil', cell: (r) => cell(r.verdict) },
              { header: 'Catatan', cell: (r) => r.verdict?.note ?? '' },
            ],
            rows: view.rows,
            rowAttributes: (r) => ({ 'data-case': r.code }),
          })
    }
    ${
      view.open
        ? resultForm(base, detail.id, options.csrfToken, options.today, stateOf('hasil'))
        : ''
    }`;
}

/** The choice a case shows: as posted when the form came back, else as recorded. */
function recordedChoice(verdict: { passed: boolean } | undefined): string {
  if (verdict === undefined) return '';
  return verdict.passed ? 'LULUS' : 'TIDAK_LULUS';
}

function checklistForm(
  base: string,
  view: PocChecklistView,
  csrfToken: string,
  state: FormState,
): Html {
  const posted = state.values;
  // Each control has its field's name as its id: the error summary links to it.
  const rows = view.rows.map(
    (row) =>
      html`<tr data-case="${row.code}">
        <th scope="row">${row.label}</th>
        <td>
          ${select(
            {
              name: caseResultField(row.code),
              label: html`<span class="visually-hidden">Hasil: ${row.label}</span>`,
              placeholder: 'Belum dicatat',
              options: [
                { value: 'LULUS', label: 'Lulus' },
                { value: 'TIDAK_LULUS', label: 'Tidak lulus' },
              ],
              value: posted
                ? (posted[caseResultField(row.code)] ?? '')
                : recordedChoice(row.verdict),
            },
            state,
          )}
        </td>
        <td>
          ${field(
            {
              name: caseNoteField(row.code),
              label: html`<span class="visually-hidden">Catatan: ${row.label}</span>`,
              maxlength: 500,
              value: posted ? (posted[caseNoteField(row.code)] ?? '') : (row.verdict?.note ?? ''),
            },
            state,
          )}
        </td>
      </tr>`,
  );
  return html`${errorSummary(state.errors, { title: 'Daftar periksa belum dapat disimpan' })}
  ${form({
    action: `${pocPath(base, view.detail.id)}/daftar-periksa`,
    csrfToken,
    id: 'form-daftar-periksa',
    body: html`<table id="daftar-periksa">
        <thead>
          <tr>
            <th scope="col">Kasus uji</th>
            <th scope="col">Hasil</th>
            <th scope="col">Catatan (wajib bila tidak lulus)</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      <button type="submit">Simpan daftar periksa</button>`,
  })}`;
}

function resultForm(
  base: string,
  id: number,
  csrfToken: string,
  today: string,
  state: FormState,
): Html {
  return html`<h2>Catat hasil PoC</h2>
    <p>
      Semua kasus harus sudah dicatat. Semua lulus: permohonan disetujui dan kuota PKS dicabut; satu
      kasus tidak lulus: permohonan ditolak. Surat hasil PoC (PDF) dibuat dengan nomor dan tanggal
      berikut dan menjadi surat jawaban permohonan. PoC aplikasi hanya dapat disetujui dengan daftar
      periksa yang lengkap.
    </p>
    ${errorSummary(state.errors, { title: 'Hasil PoC belum dapat dicatat' })}
    ${form({
      action: `${pocPath(base, id)}/hasil`,
      csrfToken,
      id: 'form-hasil-poc',
      className: 'admin-form',
      body: html`${field({ name: 'nomorSurat', label: 'Nomor surat hasil PoC', maxlength: 100 }, state)}
        ${dateField({ name: 'tanggalSurat', label: 'Tanggal surat hasil PoC', max: today }, state)}
        <button type="submit">Catat hasil PoC dan buat surat</button>`,
    })}`;
}

function resultBlock(
  base: string,
  id: number,
  result: NonNullable<PocChecklistView['result']>,
): Html {
  return html`<section class="card" id="hasil-poc" data-passed="${result.passed ? 'ya' : 'tidak'}">
    <h2>Hasil PoC: ${result.passed ? 'LULUS' : 'TIDAK LULUS'}</h2>
    <p>${result.conclusion}</p>
    <p>
      Surat hasil PoC nomor ${result.letterNumber} tanggal ${dateText(result.letterDate)}.
      <a href="${pocLetterPath(base, id)}">Unduh surat hasil PoC (PDF)</a>
    </p>
  </section>`;
}
