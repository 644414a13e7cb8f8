import type { PocChecklistView } from '../../services/requests/poc-checklist.js';
import { alert, dateField, field, form } from '../kit/form-fields.js';
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
export const caseField = (code: string) => `hasil_${code}`;
export const noteField = (code: string) => `catatan_${code}`;

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
}): Html {
  const { view, base } = options;
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
        ? checklistForm(base, view, options.csrfToken)
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
    ${view.open ? resultForm(base, detail.id, options.csrfToken, options.today) : ''}`;
}

function checklistForm(base: string, view: PocChecklistView, csrfToken: string): Html {
  const rows = view.rows.map(
    (row) =>
      html`<tr data-case="${row.code}">
        <th scope="row">${row.label}</th>
        <td>
          <select name="${caseField(row.code)}" aria-label="Hasil: ${row.label}">
            <option value="">Belum dicatat</option>
            <option value="LULUS" ${row.verdict?.passed === true ? html` selected` : ''}>
              Lulus
            </option>
            <option value="TIDAK_LULUS" ${row.verdict?.passed === false ? html` selected` : ''}>
              Tidak lulus
            </option>
          </select>
        </td>
        <td>
          <input
            type="text"
            name="${noteField(row.code)}"
            maxlength="500"
            aria-label="Catatan: ${row.label}"
            value="${row.verdict?.note ?? ''}"
          />
        </td>
      </tr>`,
  );
  return form({
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
  });
}

function resultForm(base: string, id: number, csrfToken: string, today: string): Html {
  return html`<h2>Catat hasil PoC</h2>
    <p>
      Semua kasus harus sudah dicatat. Semua lulus: permohonan disetujui dan kuota PKS dicabut; satu
      kasus tidak lulus: permohonan ditolak. Surat hasil PoC (PDF) dibuat dengan nomor dan tanggal
      berikut dan menjadi surat jawaban permohonan.
    </p>
    ${form({
      action: `${pocPath(base, id)}/hasil`,
      csrfToken,
      id: 'form-hasil-poc',
      className: 'admin-form',
      body: html`${field({ name: 'nomorSurat', label: 'Nomor surat hasil PoC', maxlength: 100 })}
        ${dateField({ name: 'tanggalSurat', label: 'Tanggal surat hasil PoC', max: today })}
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
