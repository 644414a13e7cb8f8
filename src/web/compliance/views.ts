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
import { compactHtml, html, trustedSvg, type Html } from '../kit/html.js';
import { formatDate, monthName } from '../../domain/indonesian-dates.js';

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

function figureCells(figures: Figures): Html {
  return html`<td class="num">${n(figures.accessed)}</td>
    <td class="num">${n(figures.returned)}</td>
    <td class="num">${n(figures.pending)}</td>
    <td class="num">${figures.overdue > 0 ? html`<strong>${n(figures.overdue)}</strong>` : '0'}</td>
    <td class="num">${percentText(figures)}</td>`;
}

const FIGURE_HEADERS = html`<th scope="col" class="num">Diakses</th>
  <th scope="col" class="num">Sudah dikirim</th>
  <th scope="col" class="num">Menunggu</th>
  <th scope="col" class="num">Terlambat</th>
  <th scope="col" class="num">% dikirim</th>`;

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

function periodForm(action: string, period: Period, filter: OutstandingFilter): Html {
  return html`<form method="get" action="${action}" class="filters card">
    <div>
      <label for="from">Bulan akses pertama, dari</label>
      <input type="month" id="from" name="from" value="${period.from}" required />
    </div>
    <div>
      <label for="to">sampai</label>
      <input type="month" id="to" name="to" value="${period.to}" required />
    </div>
    <input type="hidden" name="status" value="${filter}" />
    <button type="submit">Tampilkan</button>
  </form>`;
}

function agreementsNote(detail: AgencyCompliance): Html {
  if (detail.agreements.length === 0) {
    return html`<div class="alert warn">Instansi ini belum memiliki PKS.</div>`;
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
  return html`<div class="alert warn">
    Di luar periode ini masih ada ${n(overdue)} NIK terlambat dan ${n(pending)} NIK menunggu.
    Perluas periode untuk melihatnya.
  </div>`;
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
    <table id="tabel-bulan">
      <caption>
        Jumlah NIK per bulan akses pertama
      </caption>
      <thead>
        <tr>
          <th scope="col">Bulan</th>
          ${FIGURE_HEADERS}
        </tr>
      </thead>
      <tbody>
        ${detail.byMonth.map(
          (row) =>
            html`<tr data-month="${row.month}">
              <th scope="row"><time datetime="${row.month}">${monthName(row.month)}</time></th>
              ${figureCells(row.figures)}
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function byOperator(detail: AgencyCompliance, chart: string | null): Html {
  return html`<section aria-labelledby="per-operator">
    <h2 id="per-operator">Per operator (pengguna yang pertama mengakses)</h2>
    ${
      detail.byOperator.length === 0
        ? html`<p>Tidak ada NIK yang pertama diakses dalam periode ini.</p>`
        : html`${chart ? html`<figure class="chart">${trustedSvg(chart)}</figure>` : ''}
            <table id="tabel-operator">
              <caption>
                Jumlah NIK per operator
              </caption>
              <thead>
                <tr>
                  <th scope="col">User ID</th>
                  <th scope="col">Nama</th>
                  ${FIGURE_HEADERS}
                </tr>
              </thead>
              <tbody>
                ${detail.byOperator.map(
                  (row) =>
                    html`<tr data-operator="${row.userId ?? ''}">
                      <th scope="row">${row.userId ?? '—'}</th>
                      <td>${row.displayName ?? 'Tidak tercatat'}</td>
                      ${figureCells(row.figures)}
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}

function pager(basePath: string, period: Period, list: OutstandingPage): Html {
  if (list.pageCount <= 1) return html``;
  const link = (page: number, label: string, rel?: string) =>
    html`<a
      href="${basePath}${query(period, { status: list.filter, page: String(page) })}#daftar"
      ${rel ? html`rel="${rel}"` : ''}
      >${label}</a
    >`;
  return html`<nav class="pager" aria-label="Halaman daftar">
    ${list.page > 1 ? link(list.page - 1, '« Sebelumnya', 'prev') : ''}
    <span>Halaman ${n(list.page)} dari ${n(list.pageCount)}</span>
    ${list.page < list.pageCount ? link(list.page + 1, 'Berikutnya »', 'next') : ''}
  </nav>`;
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
      list.total === 0
        ? html`<p id="daftar-kosong">Tidak ada NIK pada daftar ini.</p>`
        : html`<p>
              ${n(list.total)} NIK; ditampilkan ${n(first + 1)}–${n(first + list.items.length)}.
            </p>
            <table id="tabel-nik">
              <thead>
                <tr>
                  <th scope="col" class="num">No.</th>
                  <th scope="col">NIK</th>
                  <th scope="col">Akses pertama (WIB)</th>
                  <th scope="col">Operator</th>
                  <th scope="col">Batas kirim</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                ${list.items.map(
                  (item, index) =>
                    html`<tr>
                      <td class="num">${n(first + index + 1)}</td>
                      <td class="nik">${item.nik}</td>
                      <td>${wibDateTime(item.firstAccess).slice(0, 16)}</td>
                      <td>${item.userId ?? '—'}</td>
                      <td>${item.dueDay ? formatDate(item.dueDay) : '—'}</td>
                      <td>
                        ${
                          item.overdue
                            ? html`<span class="flag bad">Terlambat</span>`
                            : html`<span class="flag warn">Menunggu</span>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
            ${pager(basePath, period, list)}`
    }
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

export interface ExportFormOptions {
  readonly agencies: readonly { readonly code: string; readonly name: string }[];
  readonly selected?: string;
}

/** The export form (GET: it changes nothing but the audit trail, which records each export). */
export function exportForm(options: ExportFormOptions): Html {
  return html`<section aria-labelledby="ekspor" class="card">
    <h2 id="ekspor">Ekspor data balikan yang diterima</h2>
    <p class="hint">
      Untuk dimuat ke database kependudukan. Setiap ekspor dicatat pada jejak audit. Kolom: kode
      instansi, nomor PKS, NIK, versi, waktu diterima (WIB), kanal, pengirim (user ID), lalu satu
      kolom per isian data balikan.
    </p>
    <form method="get" action="/dukcapil/data-balikan/ekspor" class="filters">
      <div>
        <label for="ekspor-instansi">Instansi</label>
        <select id="ekspor-instansi" name="agency">
          <option value="">Semua instansi</option>
          ${options.agencies.map(
            (a) =>
              html`<option value="${a.code}" ${a.code === options.selected ? 'selected' : ''}>
                ${a.code} — ${a.name}
              </option>`,
          )}
        </select>
      </div>
      <div>
        <label for="ekspor-dari">Diterima dari tanggal</label>
        <input type="date" id="ekspor-dari" name="from" />
      </div>
      <div>
        <label for="ekspor-sampai">sampai tanggal</label>
        <input type="date" id="ekspor-sampai" name="to" />
      </div>
      <div>
        <label for="ekspor-format">Format</label>
        <select id="ekspor-format" name="format">
          <option value="xlsx">XLSX (Excel)</option>
          <option value="csv">CSV</option>
        </select>
      </div>
      <div class="check">
        <input type="checkbox" id="ekspor-riwayat" name="history" value="1" />
        <label for="ekspor-riwayat">Sertakan riwayat koreksi (semua versi)</label>
      </div>
      <button type="submit">Unduh</button>
    </form>
  </section>`;
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
      <form method="get" action="/dukcapil/kepatuhan" class="filters card">
        <div>
          <label for="from">Bulan akses pertama, dari</label>
          <input type="month" id="from" name="from" value="${period.from}" required />
        </div>
        <div>
          <label for="to">sampai</label>
          <input type="month" id="to" name="to" value="${period.to}" required />
        </div>
        <button type="submit">Tampilkan</button>
      </form>
      <table id="tabel-instansi">
        <caption>
          Jumlah NIK per instansi
        </caption>
        <thead>
          <tr>
            <th scope="col">Instansi</th>
            ${FIGURE_HEADERS}
            <th scope="col">Keterangan</th>
          </tr>
        </thead>
        <tbody>
          ${options.agencies.map(
            (a) =>
              html`<tr data-agency="${a.agency.code}" class="${a.totals.overdue > 0 ? 'bad' : ''}">
                <th scope="row">
                  <a href="/dukcapil/kepatuhan/${encodeURIComponent(a.agency.code)}${query(period)}"
                    >${a.agency.code}</a
                  ><br /><span class="hint">${a.agency.name}</span>
                </th>
                ${figureCells(a.totals)}
                <td>
                  ${overdueFlag(a.totals)}
                  ${
                    a.agreements.some((g) => g.dueDays === null)
                      ? html`<br /><span class="flag warn"
                            >Skema data balikan belum ditetapkan</span
                          >`
                      : ''
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${options.exportForm ?? ''}`,
  );
}
