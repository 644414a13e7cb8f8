import {
  CASE_STATE_LABELS,
  CASE_STATES,
  OPEN_STATES,
  type CaseState,
  type ServiceKind,
} from '../../domain/service-case.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import type { ServiceCaseView } from '../../services/service-cases/cases.js';
import type { OfficerCaseCounts, OwedCase } from '../../services/service-cases/queries.js';
import { errorSummary, field, form, select, type FormState } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { pager, type PageInfo } from '../kit/pager.js';
import { table, type Column } from '../kit/table.js';
import { CASES_PATH, casePath } from './case-views.js';

export const OWED_PATH = '/layanan/data-balikan-tertunda';
export const HEAD_PATH = '/instansi/layanan';

const caseLink = (c: ServiceCaseView) => html`<a href="${casePath(c.id)}">${c.caseNumber}</a>`;
const stateCell = (c: ServiceCaseView) =>
  html`<span data-state="${c.state}">${c.stateLabel}</span>`;

const COMMON: readonly Column<ServiceCaseView>[] = [
  { header: 'Nomor layanan', cell: caseLink, rowHeader: true },
  { header: 'Jenis layanan', cell: (c) => c.kindLabel },
  { header: 'Nomor permohonan', cell: (c) => c.applicationNumber },
  { header: 'NIK', cell: (c) => c.nik, className: 'nik' },
  { header: 'Status', cell: stateCell },
  { header: 'Petugas', cell: (c) => c.handledBy.userId },
  { header: 'Diperbarui (WIB)', cell: (c) => wibDateTime(c.updatedAt) },
];

function openForm(options: {
  csrfToken: string;
  kinds: readonly ServiceKind[];
  state: FormState;
}): Html {
  return form({
    action: CASES_PATH,
    csrfToken: options.csrfToken,
    id: 'buka-layanan',
    autocomplete: 'off',
    body: html`${field(
        {
          name: 'nomorPermohonan',
          label: 'Nomor permohonan',
          hint: 'Nomor berkas permohonan yang diberikan instansi Anda.',
          required: true,
          maxlength: 40,
        },
        options.state,
      )}
      ${select(
        {
          name: 'jenis',
          label: 'Jenis layanan',
          required: true,
          placeholder: '— pilih —',
          options: options.kinds.map((k) => ({ value: k.code, label: k.label })),
        },
        options.state,
      )}
      ${field(
        {
          name: 'nik',
          label: 'NIK pemohon',
          hint: '16 digit sesuai dokumen pemohon; diketik sekali di sini, tidak perlu diketik ulang saat pemeriksaan.',
          required: true,
          inputmode: 'numeric',
          maxlength: 16,
          autocomplete: 'off',
        },
        options.state,
      )} <button type="submit">Buka layanan</button>`,
  });
}

/** The counter's page: open a case for the applicant at the desk, and the queue of open cases. */
export function queueBody(options: {
  readonly csrfToken: string;
  readonly kinds: readonly ServiceKind[];
  readonly queue: readonly ServiceCaseView[];
  readonly list: PageInfo;
  /** Only the cases the officer acted on last (`?saya=1`). */
  readonly mine?: boolean;
  readonly state?: FormState;
}): Html {
  const state = options.state ?? {};
  const scope = options.mine
    ? html`Hanya layanan yang terakhir Anda tangani ·
        <a href="${CASES_PATH}#antrean">tampilkan semua layanan terbuka</a>`
    : html`Semua layanan terbuka instansi ·
        <a href="${CASES_PATH}?saya=1#antrean">hanya yang terakhir saya tangani</a>`;
  return html`<h1>Layanan Loket</h1>
    <p class="hint">
      Alur layanan loket (Lampiran II PKS): buka layanan untuk pemohon, periksa NIK dari layanan,
      catat keputusan, serahkan dokumen, lalu kirim data balikan.
      <a href="${OWED_PATH}">Data balikan yang belum dikirim</a>.
    </p>
    ${errorSummary(state.errors)}
    <section class="card">
      <h2>Buka layanan baru</h2>
      ${openForm({ csrfToken: options.csrfToken, kinds: options.kinds, state })}
    </section>
    <h2 id="antrean">Antrean layanan terbuka</h2>
    <p id="cakupan-antrean">${scope}</p>
    ${table({
      id: 'antrean-layanan',
      empty: 'Tidak ada layanan terbuka.',
      rows: options.queue,
      rowAttributes: (c) => ({ 'data-case': c.caseNumber }),
      columns: COMMON,
    })}
    ${pager(options.list, {
      path: CASES_PATH,
      query: options.mine ? { saya: '1' } : undefined,
      anchor: 'antrean',
      count: options.list.total,
    })}`;
}

/** The cases whose document is issued and whose return data is still owed. */
export function owedBody(options: { readonly rows: readonly OwedCase[]; readonly list: PageInfo }) {
  return html`<h1>Data Balikan Layanan yang Belum Dikirim</h1>
    <p class="hint">
      Layanan yang dokumennya sudah diterbitkan tetapi data balikannya belum dikirim ke Dinas
      Dukcapil. Jatuh tempo dihitung dari pemeriksaan NIK terakhir menurut skema data balikan PKS.
    </p>
    ${table<OwedCase>({
      id: 'data-balikan-tertunda',
      empty: 'Tidak ada data balikan layanan yang tertunda.',
      rows: options.rows,
      rowAttributes: (c) => ({ 'data-case': c.caseNumber, class: c.overdue ? 'bad' : undefined }),
      columns: [
        ...COMMON.slice(0, 5),
        { header: 'Diterbitkan (WIB)', cell: (c) => (c.issuedAt ? wibDateTime(c.issuedAt) : '') },
        {
          header: 'Jatuh tempo',
          cell: (c) => (c.dueOn ? `${formatDate(c.dueOn)}${c.overdue ? ' (terlambat)' : ''}` : '—'),
        },
      ],
    })}
    ${pager(options.list, { path: OWED_PATH, count: options.list.total })}
    <p><a href="${CASES_PATH}">Kembali ke antrean layanan</a></p>`;
}

interface StateRow {
  readonly state: CaseState;
  readonly total: number;
}

/**
 * Cases per state (rows) and per officer (columns): an agency has few counter officers, so
 * the table stays narrow; each figure links to those cases in the list below.
 */
function countsTable(counts: readonly OfficerCaseCounts[], totals: Record<CaseState, number>) {
  const figure = (state: CaseState, value: number, officerId?: number) => {
    if (value === 0) return '0';
    const officer = officerId === undefined ? '' : `&petugas=${officerId}`;
    return html`<a href="${`${HEAD_PATH}?status=${state}${officer}#daftar`}">${value}</a>`;
  };
  return table<StateRow>({
    id: 'layanan-per-petugas',
    caption: 'Layanan per status dan per petugas (petugas yang terakhir menangani)',
    empty: 'Belum ada layanan.',
    className: 'compact',
    rows: CASE_STATES.map((state) => ({ state, total: totals[state] })),
    rowAttributes: (row) => ({ 'data-state': row.state }),
    columns: [
      { header: 'Status', cell: (row) => CASE_STATE_LABELS[row.state], rowHeader: true },
      ...counts.map((officer): Column<StateRow> => ({
        header: html`<span data-officer="${officer.userId}">${officer.userId}</span>`,
        className: 'num',
        cell: (row) => figure(row.state, officer.byState[row.state], officer.officerId),
      })),
      { header: 'Jumlah', className: 'num', cell: (row) => figure(row.state, row.total) },
    ],
  });
}

/** The head's view: the agency's cases per officer and state, and the cases themselves. */
export function headBody(options: {
  readonly counts: readonly OfficerCaseCounts[];
  readonly totals: Record<CaseState, number>;
  readonly rows: readonly ServiceCaseView[];
  readonly list: PageInfo;
  readonly query: unknown;
  readonly filter: { readonly state?: string | undefined; readonly officerId?: number | undefined };
}): Html {
  const owed = options.totals.DITERBITKAN + options.totals.DISERAHKAN;
  const open = OPEN_STATES.reduce((sum, s) => sum + options.totals[s], 0);
  return html`<h1>Rekap Layanan Loket</h1>
    <p>
      Layanan terbuka: <strong id="jumlah-terbuka">${open}</strong>. Data balikan belum dikirim:
      <a href="${OWED_PATH}" id="jumlah-tertunda">${owed}</a>.
    </p>
    ${countsTable(options.counts, options.totals)}
    <h2 id="daftar">Daftar layanan</h2>
    <form method="get" action="${HEAD_PATH}#daftar" class="filters card" role="search">
      ${select({
        name: 'status',
        label: 'Status',
        value: options.filter.state ?? '',
        options: [
          { value: '', label: 'Semua status' },
          ...CASE_STATES.map((s) => ({ value: s, label: CASE_STATE_LABELS[s] })),
        ],
      })}
      ${select({
        name: 'petugas',
        label: 'Petugas',
        value: options.filter.officerId === undefined ? '' : String(options.filter.officerId),
        options: [
          { value: '', label: 'Semua petugas' },
          ...options.counts.map((o) => ({ value: String(o.officerId), label: o.userId })),
        ],
      })}
      <button type="submit">Tampilkan</button>
    </form>
    ${table<ServiceCaseView>({
      id: 'daftar-layanan',
      empty: 'Tidak ada layanan yang sesuai.',
      rows: options.rows,
      rowAttributes: (c) => ({ 'data-case': c.caseNumber }),
      columns: [
        ...COMMON,
        {
          header: 'Data balikan dikirim (WIB)',
          cell: (c) => (c.returnSentAt ? wibDateTime(c.returnSentAt) : '—'),
        },
      ],
    })}
    ${pager(options.list, { path: HEAD_PATH, query: options.query, anchor: 'daftar', count: options.list.total })}`;
}
