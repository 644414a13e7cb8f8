import {
  ANSWER_LABELS,
  ANSWERS,
  CHECK_ITEM_DEFINITIONS,
  EVALUATION_KIND_LABELS,
  FOLLOW_UP_LABELS,
  FOLLOW_UPS,
  GRADE_LABELS,
  type EvaluationAction,
} from '../../domain/evaluation.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import type { EvaluationDetail } from '../../services/evaluation/view.js';
import {
  STANDING_LABELS,
  STANDINGS,
  type ReportInboxPage,
} from '../../services/evaluation/inbox.js';
import { confirmBox } from '../kit/confirm-box.js';
import {
  alert,
  dateField,
  errorSummary,
  field,
  form,
  select,
  textarea,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table } from '../kit/table.js';

export const INBOX_PATH = '/dukcapil/laporan';
export const EVALUATIONS_PATH = '/dukcapil/evaluasi';
export const evaluationPath = (id: number) => `${EVALUATIONS_PATH}/${id}`;
/** The evaluation's warning letter (PDF): a draft until it is recorded sent. */
export const warningLetterPath = (id: number) => `${evaluationPath(id)}/surat-teguran.pdf`;

const range = (from: string, to: string) => `${formatDate(from)} s.d. ${formatDate(to)}`;

/** The inbox: filters, the submitted reports, the recent evaluations and the ad-hoc form. */
export function inboxBody(options: {
  view: ReportInboxPage;
  csrfToken: string;
  canWrite: boolean;
  adHoc?: FormState;
}): Html {
  const { view } = options;
  const f = view.filter;
  return html`<h1>Laporan Instansi dan Evaluasi</h1>
    <form method="get" action="${INBOX_PATH}" class="filters card">
      ${select({
        name: 'periode',
        label: 'Periode',
        value: f.period ?? '',
        placeholder: 'Semua periode',
        options: [
          ...view.semesters.map((s) => ({ value: s, label: s })),
          { value: 'SEWAKTU_WAKTU', label: 'Laporan sewaktu-waktu' },
        ],
      })}
      ${select({
        name: 'instansi',
        label: 'Instansi',
        value: f.agency ?? '',
        placeholder: 'Semua instansi',
        options: view.agencies.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` })),
      })}
      ${select({
        name: 'status',
        label: 'Keadaan evaluasi',
        value: f.standing ?? '',
        placeholder: 'Semua',
        options: STANDINGS.map((s) => ({ value: s, label: STANDING_LABELS[s] })),
      })}
      <button type="submit">Saring</button>
    </form>
    <h2>Laporan yang diterima (${view.total})</h2>
    ${table({
      id: 'kotak-laporan',
      rows: view.rows,
      empty: 'Tidak ada laporan yang sesuai saringan.',
      columns: [
        {
          header: 'Instansi',
          rowHeader: true,
          cell: (r) => html`${r.agency_code} ${r.agency_name}`,
        },
        {
          header: 'Periode',
          cell: (r) =>
            html`${r.semester ?? 'Sewaktu-waktu'}<br /><span class="hint"
                >${range(r.period_start, r.period_end)}</span
              >`,
        },
        {
          header: 'Dikirim',
          cell: (r) =>
            html`${r.submitted_at ? wibDateTime(r.submitted_at) : '–'}${
              r.state === 'DIGANTI'
                ? html`<br /><span class="hint">diganti koreksi</span>`
                : r.version > 1
                  ? html`<br /><span class="hint">koreksi ke-${r.version - 1}</span>`
                  : ''
            }`,
        },
        {
          header: 'Evaluasi',
          cell: (r) =>
            r.evaluation_id === null
              ? html`<span class="flag warn">Belum dievaluasi</span>`
              : html`<a href="${evaluationPath(r.evaluation_id)}">${r.evaluationLabel}</a>${
                    r.grade
                      ? html` — ${GRADE_LABELS[r.grade as 'A'] ?? r.grade}, nilai ${r.score}`
                      : ''
                  }`,
        },
        {
          header: 'Tindakan',
          cell: (r) =>
            options.canWrite && r.state === 'DIKIRIM' && r.evaluation_state !== 'DRAFT'
              ? form({
                  action: `${INBOX_PATH}/${r.report_id}/evaluasi`,
                  csrfToken: options.csrfToken,
                  body: html`<button type="submit">Evaluasi</button>`,
                })
              : '',
        },
      ],
    })}
    ${pager(
      { page: f.page, pages: view.pages },
      {
        path: INBOX_PATH,
        query: {
          periode: f.period ?? '',
          instansi: f.agency ?? '',
          status: f.standing ?? '',
        },
      },
    )}
    ${options.canWrite ? adHocForm(view, options.csrfToken, options.adHoc) : ''}
    <h2>Evaluasi terakhir</h2>
    ${table({
      id: 'daftar-evaluasi',
      rows: view.evaluations,
      empty: 'Belum ada evaluasi.',
      columns: [
        {
          header: 'Evaluasi',
          rowHeader: true,
          cell: (e) => html`<a href="${evaluationPath(e.id)}">#${e.id}</a> ${e.agencyCode}`,
        },
        { header: 'Jenis', cell: (e) => EVALUATION_KIND_LABELS[e.kind as 'LAPORAN'] ?? e.kind },
        { header: 'Periode', cell: (e) => range(e.period.from, e.period.to) },
        { header: 'Keadaan', cell: (e) => e.stateLabel },
        {
          header: 'Nilai',
          className: 'num',
          cell: (e) => (e.score === null ? '–' : `${e.score} (${e.grade})`),
        },
      ],
    })}`;
}

function adHocForm(view: ReportInboxPage, csrfToken: string, state?: FormState): Html {
  return html`<section class="card">
    <h2>Evaluasi sewaktu-waktu</h2>
    <p class="hint">
      Dinas Dukcapil dapat mengevaluasi instansi kapan saja, untuk periode yang sudah berakhir.
    </p>
    ${errorSummary(state?.errors)}
    ${form({
      action: EVALUATIONS_PATH,
      csrfToken,
      novalidate: true,
      body: html`${select(
          {
            name: 'pks',
            label: 'Instansi dan PKS',
            placeholder: 'Pilih PKS',
            options: view.agreements.map((a) => ({ value: String(a.id), label: a.label })),
          },
          state,
        )}
        ${dateField({ name: 'dari', label: 'Periode dari' }, state)}
        ${dateField({ name: 'sampai', label: 'Periode sampai' }, state)}
        <button type="submit">Mulai evaluasi</button>`,
    })}
  </section>`;
}

export interface EvaluationPageOptions {
  readonly detail: EvaluationDetail;
  readonly csrfToken: string;
  readonly canWrite: boolean;
  readonly canDecide: boolean;
  readonly message?: string | undefined;
  readonly posted?: FormState & { readonly form: string };
  readonly refusal?: string | undefined;
}

export const DONE_MESSAGES: Readonly<Record<string, string>> = {
  simpan: 'Draf evaluasi disimpan.',
  finalkan: 'Evaluasi difinalkan.',
  batalkan: 'Draf evaluasi dibatalkan.',
  teguran: 'Surat teguran dicatat terkirim.',
  konfirmasi: 'Usul pencabutan dikonfirmasi: PKS dicabut dan akses penggunanya diakhiri.',
  tolak: 'Usul pencabutan tidak disetujui.',
};

function postedState(options: EvaluationPageOptions, name: string): FormState | undefined {
  return options.posted?.form === name ? options.posted : undefined;
}

/** One evaluation: the checklist (form while a draft), score, texts, follow-up and history. */
export function evaluationBody(options: EvaluationPageOptions): Html {
  const { evaluation: e, history, figures } = options.detail;
  const draft = e.state === 'DRAFT' && options.canWrite;
  const state = postedState(options, 'draf');
  const value = (name: string, fallback: string) => state?.values?.[name] ?? fallback;
  const score = e.score;
  const checklistTable = table({
    id: 'daftar-periksa',
    rows: e.checklist,
    empty: 'Daftar periksa kosong.',
    columns: [
      {
        header: 'Butir (kewajiban)',
        rowHeader: true,
        cell: (l) =>
          html`${CHECK_ITEM_DEFINITIONS[l.item].label}<br /><span class="hint"
              >${CHECK_ITEM_DEFINITIONS[l.item].duty}; bobot
              ${CHECK_ITEM_DEFINITIONS[l.item].weight}${
                CHECK_ITEM_DEFINITIONS[l.item].critical ? ', butir kritis' : ''
              }</span
            >`,
      },
      { header: 'Menurut data', cell: (l) => l.basis },
      {
        header: 'Jawaban',
        cell: (l) =>
          draft && l.answeredBy !== 'DATA'
            ? select(
                {
                  name: `jawaban_${l.item}`,
                  label: 'Jawaban evaluator',
                  value: value(`jawaban_${l.item}`, l.answer ?? ''),
                  placeholder: 'Belum dijawab',
                  options: ANSWERS.filter(
                    (a) =>
                      a !== 'TIDAK_BERLAKU' || CHECK_ITEM_DEFINITIONS[l.item].source === 'DATA',
                  ).map((a) => ({ value: a, label: ANSWER_LABELS[a] })),
                },
                state,
              )
            : html`<strong>${l.answer ? ANSWER_LABELS[l.answer] : 'Belum dijawab'}</strong>
                <span class="hint"
                  >(${l.answeredBy === 'DATA' ? 'dari data' : l.answeredBy === 'EVALUATOR' ? 'evaluator' : '–'})</span
                >`,
      },
      {
        header: 'Catatan',
        cell: (l) =>
          draft
            ? field(
                {
                  name: `catatan_${l.item}`,
                  label: 'Catatan',
                  value: value(`catatan_${l.item}`, l.note),
                  maxlength: 500,
                },
                state,
              )
            : l.note || '–',
      },
    ],
  });
  const scoreLine =
    score.score === null
      ? html`<p>Nilai belum dapat dihitung: ${score.unanswered.length} butir belum dijawab.</p>`
      : html`<p>
          Nilai <strong data-figure="nilai">${score.score}</strong>, predikat
          <strong data-figure="predikat">${GRADE_LABELS[score.grade!]}</strong>; tindak lanjut yang
          disarankan: ${FOLLOW_UP_LABELS[score.recommended!]}.
        </p>`;
  const texts = draft
    ? html`${textarea({ name: 'temuan', label: 'Temuan', rows: 4, maxlength: 4000, value: value('temuan', e.findings) }, state)}
      ${textarea({ name: 'rekomendasi', label: 'Rekomendasi', rows: 4, maxlength: 4000, value: value('rekomendasi', e.recommendations) }, state)}
      ${select(
        {
          name: 'tindakLanjut',
          label: 'Tindak lanjut',
          value: value('tindakLanjut', e.followUp ?? ''),
          placeholder: 'Pilih tindak lanjut',
          options: FOLLOW_UPS.map((f) => ({ value: f, label: FOLLOW_UP_LABELS[f] })),
        },
        state,
      )}`
    : html`<h2>Temuan</h2>
        <p class="prewrap">${e.findings || '–'}</p>
        <h2>Rekomendasi</h2>
        <p class="prewrap">${e.recommendations || '–'}</p>
        <p>Tindak lanjut: <strong>${e.followUp ? FOLLOW_UP_LABELS[e.followUp] : '–'}</strong></p>`;
  return html`<h1>Evaluasi #${e.id}: ${e.agency.code} ${e.agency.name}</h1>
    ${options.message ? alert('ok', options.message) : ''}
    ${options.refusal ? alert('bad', options.refusal) : ''}
    <dl class="facts">
      <dt>Jenis</dt>
      <dd>${EVALUATION_KIND_LABELS[e.kind]}</dd>
      <dt>PKS</dt>
      <dd>${e.agreement.nomorDukcapil} (${e.agreement.status})</dd>
      <dt>Periode</dt>
      <dd>${e.semester ? `${e.semester}: ` : ''}${range(e.period.from, e.period.to)}</dd>
      <dt>Keadaan</dt>
      <dd data-figure="keadaan">${e.stateLabel}</dd>
      <dt>Dibuat</dt>
      <dd>${wibDateTime(e.createdAt)} oleh ${e.createdBy}</dd>
      ${
        e.finalizedAt
          ? html`<dt>Difinalkan</dt>
              <dd>${wibDateTime(e.finalizedAt)} oleh ${e.finalizedBy ?? '–'}</dd>`
          : ''
      }
      ${
        e.warningLetter
          ? html`<dt>Surat teguran</dt>
              <dd>${e.warningLetter.number}, ${formatDate(e.warningLetter.on)}</dd>`
          : ''
      }
    </dl>
    ${
      figures
        ? html`<p class="hint">
            Angka periode saat ini: ${figures.lookups.total} pencarian,
            ${figures.returnData.accessed} NIK diakses, ${figures.alerts.length} peringatan pola,
            ${figures.users.length} pengguna. Jawaban dari data dihitung ulang setiap kali draf
            disimpan dan dibekukan saat difinalkan.
          </p>`
        : ''
    }
    ${
      draft
        ? html`${errorSummary(state?.errors)}
          ${form({
            action: `${evaluationPath(e.id)}/simpan`,
            csrfToken: options.csrfToken,
            novalidate: true,
            id: 'formulir-evaluasi',
            body: html`${checklistTable} ${scoreLine} ${texts}
              <p class="actions">
                <button type="submit" name="langkah" value="simpan">Simpan draf</button>
                <button type="submit" name="langkah" value="finalkan">Finalkan evaluasi</button>
              </p>`,
          })}
          ${form({
            action: `${evaluationPath(e.id)}/batalkan`,
            csrfToken: options.csrfToken,
            body: html`${field({ name: 'alasan', label: 'Alasan membatalkan draf' }, postedState(options, 'batalkan'))}
              <button type="submit" class="secondary">Batalkan draf</button>`,
          })}`
        : html`${checklistTable} ${scoreLine} ${texts}`
    }
    ${followUpForms(options)}
    <h2>Riwayat</h2>
    ${table({
      id: 'riwayat-evaluasi',
      rows: history,
      empty: 'Belum ada riwayat.',
      columns: [
        { header: 'Waktu', cell: (h) => wibDateTime(h.at) },
        { header: 'Langkah', cell: (h) => h.label },
        { header: 'Keadaan', cell: (h) => h.stateAfter },
        { header: 'Oleh', cell: (h) => h.actor ?? 'sistem' },
        { header: 'Catatan', cell: (h) => h.note ?? '' },
      ],
    })}
    <p><a href="${INBOX_PATH}">Kembali ke kotak laporan</a></p>`;
}

function followUpForms(options: EvaluationPageOptions): Html {
  const e = options.detail.evaluation;
  const open = (a: EvaluationAction) => e.actions.includes(a);
  const parts: Html[] = [];
  const sent = e.state === 'TEGURAN_TERKIRIM';
  if (sent || e.state === 'TEGURAN_DISIAPKAN') {
    const state = postedState(options, 'teguran');
    parts.push(
      html`<section class="card" id="surat-teguran">
        <h2>Surat teguran</h2>
        <p>
          <a href="${warningLetterPath(e.id)}"
            >${sent ? 'Unduh surat teguran (PDF)' : 'Unduh draf surat teguran (PDF)'}</a
          >
        </p>
        <p class="hint">
          ${
            sent
              ? 'Surat sebagaimana dibuat saat dicatat terkirim; Kepala Instansi mengunduhnya dari halaman laporannya.'
              : 'Draf tanpa nomor dan tanggal. Surat bernomor dibuat Gerbang saat nomor dan tanggalnya dicatat di bawah.'
          }
        </p>
        ${
          open('CATAT_TEGURAN') && options.canWrite
            ? html`${errorSummary(state?.errors)}
              ${form({
                action: `${evaluationPath(e.id)}/teguran`,
                csrfToken: options.csrfToken,
                novalidate: true,
                body: html`${field({ name: 'nomorSurat', label: 'Nomor surat teguran', maxlength: 100 }, state)}
                  ${dateField({ name: 'tanggalSurat', label: 'Tanggal surat' }, state)}
                  <button type="submit">Catat surat teguran terkirim</button>`,
              })}`
            : ''
        }
      </section>`,
    );
  }
  if (open('KONFIRMASI_PENCABUTAN')) {
    const state = postedState(options, 'pencabutan');
    parts.push(
      html`<section class="card">
        <h2>Usul pencabutan akses</h2>
        ${
          options.canDecide
            ? html`${errorSummary(state?.errors)}
              ${form({
                action: `${evaluationPath(e.id)}/pencabutan`,
                csrfToken: options.csrfToken,
                novalidate: true,
                body: html`${textarea({ name: 'catatan', label: 'Dasar keputusan', rows: 3, maxlength: 1000 }, state)}
                  ${confirmBox(
                    'konfirmasi-pencabutan',
                    `Saya memahami bahwa PKS ${e.agreement.nomorDukcapil} dicabut dan seluruh pengguna ${e.agency.code} kehilangan akses seketika.`,
                  )}
                  <p class="actions">
                    <button type="submit" name="keputusan" value="konfirmasi" class="danger">
                      Konfirmasi pencabutan PKS
                    </button>
                    <button type="submit" name="keputusan" value="tolak" class="secondary">
                      Tidak disetujui
                    </button>
                  </p>`,
              })}`
            : html`<p>Menunggu keputusan Admin Dukcapil.</p>`
        }
      </section>`,
    );
  }
  return html`${parts}`;
}
