import { formatDate } from '../../domain/indonesian-dates.js';
import {
  DEADLINE_KIND_LABELS,
  DEADLINE_KINDS,
  DEADLINE_STATUS_LABELS,
} from '../../domain/deadlines.js';
import type {
  AgencySummaryRow,
  DeadlinePage,
  StatusFilter,
} from '../../services/deadlines/deadline-overview.js';
import { select } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table } from '../kit/table.js';
import { calendarGapNote, deadlineTable, figures, howComputed } from './deadline-parts.js';
import { agencyPagePath, CALENDAR_PATH, DUKCAPIL_BASE } from './paths.js';

const STATUS_FILTER_LABELS: Readonly<Record<StatusFilter, string>> = {
  SEMUA: 'Semua status',
  BELUM_TERPENUHI: 'Belum terpenuhi',
  ...DEADLINE_STATUS_LABELS,
};

/** The filter as the list's query string has it; "everything" is left out of the links. */
function filterQuery(filter: DeadlinePage['filter']): Record<string, string> {
  return {
    status: filter.status === 'SEMUA' ? '' : filter.status,
    jenis: filter.kind === 'SEMUA' ? '' : filter.kind,
    instansi: filter.agency ?? '',
  };
}

function byAgencyTable(rows: readonly AgencySummaryRow[]): Html {
  return table({
    id: 'per-instansi',
    rows,
    empty: 'Belum ada instansi dengan PKS yang berlaku.',
    rowAttributes: (row) => ({ class: row.counts.TERLAMBAT > 0 ? 'bad' : undefined }),
    columns: [
      {
        header: 'Instansi',
        rowHeader: true,
        cell: (row) =>
          html`<a href="${agencyPagePath(row.agency.code)}">${row.agency.code}</a>
            ${row.agency.name}`,
      },
      {
        header: 'Terlambat',
        className: 'num',
        cell: (row) =>
          row.counts.TERLAMBAT > 0
            ? html`<span class="flag bad">${row.counts.TERLAMBAT} terlambat</span>`
            : '0',
      },
      { header: 'Segera jatuh tempo', className: 'num', cell: (row) => row.counts.SEGERA },
      { header: 'Akan datang', className: 'num', cell: (row) => row.counts.AKAN_DATANG },
      { header: 'Terpenuhi', className: 'num', cell: (row) => row.counts.TERPENUHI },
    ],
  });
}

/** Dukcapil's overview: every agency at a glance, then the filtered, paged list. */
export function deadlineOverviewBody(options: {
  view: DeadlinePage;
  canManageCalendar: boolean;
}): Html {
  const { view } = options;
  const { filter } = view;
  return html`<h1>Tenggat Kewajiban Instansi Pengguna</h1>
    <p>
      Keadaan per ${formatDate(view.today)}.
      <a href="${CALENDAR_PATH}">Kalender hari libur</a>
    </p>
    ${figures(view.counts)} ${calendarGapNote(view.calendarGaps, options.canManageCalendar)}
    <h2>Per instansi</h2>
    ${byAgencyTable(view.byAgency)}
    <h2>Daftar tenggat</h2>
    <form method="get" action="${DUKCAPIL_BASE}" class="filters card">
      ${select({
        name: 'status',
        id: 'f-status',
        label: 'Status',
        value: filter.status,
        options: Object.entries(STATUS_FILTER_LABELS).map(([value, label]) => ({ value, label })),
      })}
      ${select({
        name: 'jenis',
        id: 'f-jenis',
        label: 'Kewajiban',
        value: filter.kind,
        options: [
          { value: 'SEMUA', label: 'Semua kewajiban' },
          ...DEADLINE_KINDS.map((kind) => ({ value: kind, label: DEADLINE_KIND_LABELS[kind] })),
        ],
      })}
      ${select({
        name: 'instansi',
        id: 'f-instansi',
        label: 'Instansi',
        value: filter.agency ?? '',
        placeholder: 'Semua instansi',
        options: view.agencies.map((a) => ({ value: a.code, label: a.code })),
      })}
      <button type="submit">Tampilkan</button>
    </form>
    <p id="jumlah">${view.total} tenggat; halaman ${filter.page} dari ${view.pages}.</p>
    ${deadlineTable({
      rows: view.rows,
      documentBase: `${DUKCAPIL_BASE}/berkas`,
      withAgency: true,
      agencyLink: agencyPagePath,
    })}
    ${pager(
      { page: filter.page, pages: view.pages },
      { path: DUKCAPIL_BASE, query: filterQuery(filter) },
    )}
    ${howComputed()}`;
}
