import { REPORT_STATUS_LABELS, REPORT_STATUSES } from '../../domain/dg-report.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import type { DgSemesterOverview } from '../../services/dg-report/dg-reports.js';
import { alert, errorSummary, field, form, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';
import { evaluationPath } from './views.js';

export const DG_PATH = '/dukcapil/laporan-dirjen';
export const dgFilePath = (id: number, kind: 'pdf' | 'xlsx') => `${DG_PATH}/${id}/${kind}`;

export const DG_DONE_MESSAGES: Readonly<Record<string, string>> = {
  disusun: 'Laporan kepada Direktur Jenderal disusun. Periksa PDF dan XLSX, lalu kirim.',
  TERKIRIM: 'Laporan terkirim ke subdit MED dan dicatat.',
  ANTRE: 'Server surel belum menerima laporan; laporan dicoba kirim lagi otomatis.',
};

const percent = (value: number | null) =>
  value === null ? '–' : `${value.toLocaleString('id-ID', { maximumFractionDigits: 1 })}%`;

/** The semester overview for the DG report: the aggregate now, and the reports produced. */
export function dgOverviewBody(options: {
  view: DgSemesterOverview;
  csrfToken: string;
  message?: string | undefined;
  refusal?: string | undefined;
  posted?: FormState;
}): Html {
  const { view } = options;
  const c = view.content;
  return html`<h1>Laporan kepada Direktur Jenderal</h1>
    ${options.message ? alert('ok', options.message) : ''}
    ${options.refusal ? alert('bad', options.refusal) : ''}
    <form method="get" action="${DG_PATH}" class="filters card">
      ${field({ name: 'semester', label: 'Semester (TAHUN-S1 atau TAHUN-S2)', value: c.semester, maxlength: 7 })}
      <button type="submit">Tampilkan</button>
    </form>
    <p>
      ${c.semesterLabel}; laporan semester instansi jatuh tempo ${formatDate(c.dueOn)}. Bagian
      laporan menurut format yang berlaku: ${view.format.sections.map((s) => s.title).join(', ')}.
    </p>
    <dl class="tiles">
      <div class="tile">
        <dt>Instansi</dt>
        <dd data-figure="instansi">${c.totals.agencies}</dd>
      </div>
      ${REPORT_STATUSES.map(
        (s) =>
          html`<div class="tile">
            <dt>${REPORT_STATUS_LABELS[s]}</dt>
            <dd data-figure="status-${s}">${c.totals.byStatus[s]}</dd>
          </div>`,
      )}
      <div class="tile">
        <dt>Sudah dievaluasi</dt>
        <dd data-figure="dievaluasi">${c.totals.evaluated}</dd>
      </div>
    </dl>
    ${table({
      id: 'rekap-semester',
      rows: c.rows,
      empty: 'Tidak ada instansi dengan PKS berlaku dalam semester ini.',
      columns: [
        {
          header: 'Instansi',
          rowHeader: true,
          cell: (r) => html`${r.agency.code} ${r.agency.name}`,
        },
        { header: 'Pencarian', className: 'num', cell: (r) => r.figures.lookups },
        {
          header: 'Data balikan',
          className: 'num',
          cell: (r) => percent(r.figures.percentReturned),
        },
        { header: 'Peringatan', className: 'num', cell: (r) => r.figures.alerts },
        {
          header: 'Laporan semester',
          cell: (r) =>
            html`${r.report.statusLabel}${
              r.report.receivedOn
                ? html`<br /><span class="hint">diterima ${formatDate(r.report.receivedOn)}</span>`
                : ''
            }`,
        },
        {
          header: 'Evaluasi',
          cell: (r) =>
            r.evaluation
              ? html`<a href="${evaluationPath(r.evaluation.id)}"
                  >${r.evaluation.gradeLabel}, nilai ${r.evaluation.score}</a
                >`
              : 'Belum dievaluasi',
        },
        { header: 'Tindak lanjut', cell: (r) => r.evaluation?.followUpLabel ?? '–' },
      ],
    })}
    <section class="card">
      <h2>Susun laporan</h2>
      <p class="hint">
        Laporan disusun dari angka di atas saat tombol ditekan dan disimpan beserta PDF (surat dan
        lampiran) dan XLSX-nya.
      </p>
      ${errorSummary(options.posted?.errors)}
      ${form({
        action: DG_PATH,
        csrfToken: options.csrfToken,
        novalidate: true,
        body: html`<input type="hidden" name="semester" value="${c.semester}" />
          ${field({ name: 'nomorSurat', label: 'Nomor surat', maxlength: 100 }, options.posted)}
          <button type="submit">Susun laporan</button>`,
      })}
    </section>
    <h2>Laporan yang telah disusun</h2>
    ${
      view.canMail
        ? html`<p class="hint">Dikirim ke subdit MED: ${view.address}.</p>`
        : html`<p class="hint">
            Pengiriman surel belum diatur (GERBANG_SMTP_URL dan GERBANG_SUBDIT_MED_EMAIL); unduh
            berkasnya untuk dikirim secara manual.
          </p>`
    }
    ${table({
      id: 'laporan-dirjen',
      rows: view.produced,
      empty: 'Belum ada laporan yang disusun untuk semester ini.',
      columns: [
        { header: 'Nomor surat', rowHeader: true, cell: (r) => r.letterNumber },
        { header: 'Disusun', cell: (r) => `${wibDateTime(r.createdAt)} oleh ${r.createdBy}` },
        {
          header: 'Berkas',
          cell: (r) =>
            html`<a href="${dgFilePath(r.id, 'pdf')}">PDF</a> ·
              <a href="${dgFilePath(r.id, 'xlsx')}">XLSX</a>`,
        },
        {
          header: 'Keadaan',
          cell: (r) =>
            html`<span data-state="${r.state}">${r.stateLabel}</span>${
                r.sentAt
                  ? html`<br /><span class="hint">${wibDateTime(r.sentAt)} ke ${r.sentTo}</span>`
                  : ''
              }`,
        },
        {
          header: 'Tindakan',
          cell: (r) =>
            r.state === 'DISUSUN' && view.canMail
              ? form({
                  action: `${DG_PATH}/${r.id}/kirim`,
                  csrfToken: options.csrfToken,
                  body: html`<button type="submit">Kirim ke subdit MED</button>`,
                })
              : '',
        },
      ],
    })}`;
}
