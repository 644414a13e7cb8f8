import { wibDateTime } from '../../domain/time.js';
import {
  OUTSTANDING_FILTERS,
  percentReturned,
  type AgencyCompliance,
  type Figures,
  type OutstandingFilter,
  type OutstandingPage,
  type Period,
} from '../../services/compliance/compliance.js';
import { formatDate, monthName } from '../../domain/indonesian-dates.js';
import { alert } from '../kit/form-fields.js';
import { compactHtml, html, trustedSvg, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table, type Column } from '../kit/table.js';

/*
 * Return-data compliance pages (issue 4): the agency's own console (/kepatuhan) and
 * Dukcapil's (/dukcapil/kepatuhan, per agency /dukcapil/kepatuhan/:kode). Figures come in a
 * table next to every chart, so the numbers are readable without the chart (screen readers,
 * a chart that did not render). The outstanding list shows NIK, first access and operator
 * only: no element of the resident ever appears on these pages (zero storage).
 */

const number = new Intl.NumberFormat('id-ID');
const percent = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });

const n = (value: number) => number.format(value);

function percentText(figures: Figures): string {
  const share = percentReturned(figures);
  return share === null ? '—' : `${percent.format(share)}%`;
}

const FILTER_LABELS: Readonly<Record<OutstandingFilter, string>> = {
  semua: 'Semua yang belum dikirim',
  menunggu: 'Menunggu',
  terlambat: 'Terlambat',
};

/** The query string of a compliance page, keeping what the user chose. */
function query(period: Period, extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ from: period.from, to: period.to, ...extra }).toString()}`;
}

/** The five figures of a row, as columns of the kit's table. */
function figureColumns<Row>(figuresOf: (row: Row) => Figures): Column<Row>[] {
  const overdue = (figures: Figures) =>
    figures.overdue > 0 ? html`<strong>${n(figures.overdue)}</strong>` : '0';
  return [
    { header: 'Diakses', className: 'num', cell: (row) => n(figuresOf(row).accessed) },
    { header: 'Sudah dikirim', className: 'num', cell: (row) => n(figuresOf(row).returned) },
    { header: 'Menunggu', className: 'num', cell: (row) => n(figuresOf(row).pending) },
    { header: 'Terlambat', className: 'num', cell: (row) => overdue(figuresOf(row)) },
    { header: '% dikirim', className: 'num', cell: (row) => percentText(figuresOf(row)) },
  ];
}

/** Overdue shown in words as well as in red: colour alone is not enough. */
function overdueFlag(figures: Figures): Html {
  if (figures.overdue > 0) {
    return html`<span class="flag bad">Ada ${n(figures.overdue)} NIK terlambat</span>`;
  }
  if (figures.accessed === 0) return html`<span class="flag">Belum ada NIK diakses</span>`;
  return html`<span class="flag ok">Tidak ada yang terlambat</span>`;
}

function definitions(detail: AgencyCompliance): Html {
  const dueDays = [...new Set(detail.agreements.map((a) => a.dueDays).filter((d) => d !== null))];
  const limit = dueDays.length === 1 ? `${dueDays[0]} hari` : 'batas hari pada PKS';
  return html`<details class="card">
    <summary>Arti angka-angka ini</summary>
    <dl class="terms">
      <dt>Diakses</dt>
      <dd>
        NIK yang ditemukan dalam verifikasi oleh instansi di bawah PKS (respons Data Ditemukan,
        termasuk Meninggal Dunia, Data Ganda dan Status Non Aktif). Setiap NIK dihitung sekali per
        PKS, pada akses pertamanya; bulan (WIB) dan operatornya mengikuti akses pertama itu.
      </dd>
      <dt>Sudah dikirim</dt>
      <dd>NIK yang sudah memiliki data balikan terkini pada PKS tersebut.</dd>
      <dt>Menunggu</dt>
      <dd>Diakses, belum ada data balikan, dan akses pertamanya paling lama ${limit} yang lalu.</dd>
      <dt>Terlambat</dt>
      <dd>Diakses, belum ada data balikan, dan akses pertamanya lebih dari ${limit} yang lalu.</dd>
    </dl>
  </details>`;
}

/** The period of first access, in months; a detail page keeps its list's filter. */
function periodForm(action: string, period: Period, filter?: OutstandingFilter): Html {
  return html`<form method="get" action="${action}" class="filters card">
    <div>
      <label for="from">Bulan akses pertama, dari</label>
      <input type="month" id="from" name="from" value="${period.from}" required />
    </div>
    <div>
      <label for="to">sampai</label>
      <input type="month" id="to" name="to" value="${period.to}" required />
    </div>
    ${filter ? html`<input type="hidden" name="status" value="${filter}" />` : ''}
    <button type="submit">Tampilkan</button>
  </form>`;
}

function agreementsNote(detail: AgencyCompliance): Html {
  if (detail.agreements.length === 0) {
    return alert('warn', 'Instansi ini belum memiliki PKS.');
  }
  return html`<ul class="agreements">
    ${detail.agreements.map(
      (a) =>
        html`<li>
          PKS <strong>${a.nomorDukcapil}</strong> (${a.status.toLowerCase()}):
          ${
            a.dueDays === null
              ? html`<span class="flag warn"
                  >Skema data balikan belum ditetapkan Dukcapil: belum ada batas waktu, sehingga
                  tidak ada NIK yang dihitung terlambat.</span
                >`
              : html`batas pengiriman ${a.dueDays} hari sejak akses pertama; NIK yang pertama
                diakses sebelum ${formatDate(a.overdueBeforeDay!)} dan belum dikirim terhitung
                terlambat.`
          }
          ${
            detail.agreements.length > 1
              ? html`<br />Diakses ${n(a.figures.accessed)}, sudah dikirim ${n(a.figures.returned)},
                  menunggu ${n(a.figures.pending)}, terlambat ${n(a.figures.overdue)}.`
              : ''
          }
        </li>`,
    )}
  </ul>`;
}

function outsidePeriodNote(detail: AgencyCompliance): Html {
  const pending = detail.allTime.pending - detail.totals.pending;
  const overdue = detail.allTime.overdue - detail.totals.overdue;
  if (pending <= 0 && overdue <= 0) return html``;
  return alert(
    'warn',
    `Di luar periode ini masih ada ${n(overdue)} NIK terlambat dan ${n(pending)} NIK menunggu. Perluas periode untuk melihatnya.`,
  );
}

function summary(detail: AgencyCompliance): Html {
  const t = detail.totals;
  return html`<section aria-labelledby="ringkasan">
    <h2 id="ringkasan">
      Ringkasan ${monthName(detail.period.from)} – ${monthName(detail.period.to)}
    </h2>
    <dl class="figures" id="angka">
      <div>
        <dt>Diakses</dt>
        <dd data-figure="accessed">${n(t.accessed)}</dd>
      </div>
      <div>
        <dt>Sudah dikirim</dt>
        <dd data-figure="returned">${n(t.returned)}</dd>
      </div>
      <div>
        <dt>Menunggu</dt>
        <dd data-figure="pending">${n(t.pending)}</dd>
      </div>
      <div class="${t.overdue > 0 ? 'bad' : ''}">
        <dt>Terlambat</dt>
        <dd data-figure="overdue">${n(t.overdue)}</dd>
      </div>
      <div>
        <dt>% dikirim</dt>
        <dd data-figure="percent">${percentText(t)}</dd>
      </div>
    </dl>
    <p>${overdueFlag(t)}</p>
    ${agreementsNote(detail)} ${outsidePeriodNote(detail)}
  </section>`;
}

function byMonth(detail: AgencyCompliance, chart: string | null): Html {
  return html`<section aria-labelledby="per-bulan">
    <h2 id="per-bulan">Per bulan akses pertama (WIB)</h2>
    ${chart ? html`<figure class="chart">${trustedSvg(chart)}</figure>` : ''}
    ${table({
      id: 'tabel-bulan',
      caption: 'Jumlah NIK per bulan akses pertama',
      rows: detail.byMonth,
      empty: 'Tidak ada bulan dalam periode ini.',
      rowAttributes: (row) => ({ 'data-month': row.month }),
      columns: [
        {
          header: 'Bulan',
          rowHeader: true,
          cell: (row) => html`<time datetime="${row.month}">${monthName(row.month)}</time>`,
        },
        ...figureColumns<AgencyCompliance['byMonth'][number]>((row) => row.figures),
      ],
    })}
  </section>`;
}

function byOperator(detail: AgencyCompliance, chart: string | null): Html {
  return html`<section aria-labelledby="per-operator">
    <h2 id="per-operator">Per operator (pengguna yang pertama mengakses)</h2>
    ${
      detail.byOperator.length > 0 && chart
        ? html`<figure class="chart">${trustedSvg(chart)}</figure>`
        : ''
    }
    ${table({
      id: 'tabel-operator',
      caption: 'Jumlah NIK per operator',
      rows: detail.byOperator,
      empty: 'Tidak ada NIK yang pertama diakses dalam periode ini.',
      rowAttributes: (row) => ({ 'data-operator': row.userId ?? '' }),
      columns: [
        { header: 'User ID', rowHeader: true, cell: (row) => row.userId ?? '—' },
        { header: 'Nama', cell: (row) => row.displayName ?? 'Tidak tercatat' },
        ...figureColumns<AgencyCompliance['byOperator'][number]>((row) => row.figures),
      ],
    })}
  </section>`;
}

function outstanding(basePath: string, period: Period, list: OutstandingPage): Html {
  const first = (list.page - 1) * list.pageSize;
  return html`<section aria-labelledby="daftar">
    <h2 id="daftar">Daftar NIK yang belum dikirim data balikannya</h2>
    <p class="hint">
      Hanya NIK, waktu akses pertama dan operatornya: data penduduk tidak ditampilkan dan tidak
      disimpan.
    </p>
    <nav class="tabs" aria-label="Saring daftar">
      ${OUTSTANDING_FILTERS.map((filter) =>
        filter === list.filter
          ? html`<strong aria-current="page">${FILTER_LABELS[filter]}</strong>`
          : html`<a href="${basePath}${query(period, { status: filter })}#daftar"
              >${FILTER_LABELS[filter]}</a
            >`,
      )}
    </nav>
    ${
      list.total > 0
        ? html`<p>
            ${n(list.total)} NIK; ditampilkan ${n(first + 1)}–${n(first + list.items.length)}.
          </p>`
        : ''
    }
    ${table({
      id: 'tabel-nik',
      rows: list.items,
      empty: 'Tidak ada NIK pada daftar ini.',
      columns: [
        { header: 'No.', className: 'num', cell: (_item, index) => n(first + index + 1) },
        { header: 'NIK', className: 'nik', cell: (item) => item.nik },
        {
          header: 'Akses pertama (WIB)',
          cell: (item) => wibDateTime(item.firstAccess).slice(0, 16),
        },
        { header: 'Operator', cell: (item) => item.userId ?? '—' },
        { header: 'Batas kirim', cell: (item) => (item.dueDay ? formatDate(item.dueDay) : '—') },
        {
          header: 'Status',
          cell: (item) =>
            item.overdue
              ? html`<span class="flag bad">Terlambat</span>`
              : html`<span class="flag warn">Menunggu</span>`,
        },
      ],
    })}
    ${pager(
      { page: list.page, pages: list.pageCount },
      {
        path: basePath,
        query: { from: period.from, to: period.to, status: list.filter },
        param: 'page',
        anchor: 'daftar',
      },
    )}
  </section>`;
}

export interface ComplianceDetailView {
  readonly title: string;
  /** Where the filters and paging links point (this page). */
  readonly basePath: string;
  readonly detail: AgencyCompliance;
  readonly list: OutstandingPage;
  readonly charts: { readonly byMonth: string | null; readonly byOperator: string | null };
  /** Above the figures: e.g. the agency's link to send return data. */
  readonly actions?: Html;
  /** Below the list: e.g. Dukcapil's export form for this agency. */
  readonly footer?: Html;
}

/** The sections shared by the agency console and Dukcapil's view of one agency. */
export function complianceDetailBody(view: ComplianceDetailView): Html {
  const { detail } = view;
  return compactHtml(
    html`<h1>${view.title}</h1>
      <p class="hint">
        ${detail.agency.name} (${detail.agency.code}) · keadaan per ${formatDate(detail.today)}
      </p>
      ${view.actions ?? ''} ${periodForm(view.basePath, detail.period, view.list.filter)}
      ${definitions(detail)} ${summary(detail)} ${byMonth(detail, view.charts.byMonth)}
      ${byOperator(detail, view.charts.byOperator)}
      ${outstanding(view.basePath, detail.period, view.list)} ${view.footer ?? ''}`,
  );
}

/** Dukcapil's overview: every agency's figures in one table. */
export function complianceOverviewBody(options: {
  period: Period;
  agencies: readonly AgencyCompliance[];
  today: string;
  exportForm?: Html;
}): Html {
  const { period } = options;
  return compactHtml(
    html`<h1>Kepatuhan Data Balikan Seluruh Instansi</h1>
      <p class="hint">
        NIK yang pertama diakses ${monthName(period.from)} – ${monthName(period.to)}; keadaan per
        ${formatDate(options.today)}. Terlambat: diakses lebih dari batas hari PKS yang lalu dan
        belum ada data balikannya.
      </p>
      ${periodForm('/dukcapil/kepatuhan', period)}
      ${table({
        id: 'tabel-instansi',
        caption: 'Jumlah NIK per instansi',
        rows: options.agencies,
        empty: 'Belum ada instansi.',
        rowAttributes: (a) => ({
          'data-agency': a.agency.code,
          class: a.totals.overdue > 0 ? 'bad' : undefined,
        }),
        columns: [
          {
            header: 'Instansi',
            rowHeader: true,
            cell: (a) =>
              html`<a
                  href="/dukcapil/kepatuhan/${encodeURIComponent(a.agency.code)}${query(period)}"
                  >${a.agency.code}</a
                ><br /><span class="hint">${a.agency.name}</span>`,
          },
          ...figureColumns<AgencyCompliance>((a) => a.totals),
          {
            header: 'Keterangan',
            cell: (a) =>
              html`${overdueFlag(a.totals)}
              ${
                a.agreements.some((g) => g.dueDays === null)
                  ? html`<br /><span class="flag warn">Skema data balikan belum ditetapkan</span>`
                  : ''
              }`,
          },
        ],
      })}
      ${options.exportForm ?? ''}`,
  );
}
