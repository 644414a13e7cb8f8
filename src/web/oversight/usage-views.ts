import { accessMethodLabel } from '../../domain/agreement-record.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import { RESPONSE_CODES } from '../../domain/responses.js';
import type { AuditEntry, SearchPage } from '../../services/oversight/audit-search.js';
import { ALERTS, alertPath } from './alert-views.js';
import { clip, countSentence, purposeCell } from './audit-views.js';
import {
  USAGE_DAYS,
  type AgencyUsage,
  type AllAgenciesUsage,
  type QuotaUse,
  type ResponseShare,
  type UsageSummary,
} from '../../services/oversight/usage.js';
import { dateField, errorSummary, field, select } from '../kit/form-fields.js';
import { compactHtml, html, trustedSvg, type Html } from '../kit/html.js';
import { pager } from '../kit/pager.js';
import { table } from '../kit/table.js';

/*
 * Usage pages (issue 9 §3): the agency head's /instansi/penggunaan, Dukcapil's
 * /dukcapil/penggunaan and /dukcapil/penggunaan/:agencyId, and the overview's summary. Every
 * chart has its figures in a table beside it; NIKs are masked.
 */

export const OWN_USAGE_PATH = '/instansi/penggunaan';
export const ALL_USAGE_PATH = '/dukcapil/penggunaan';
export const agencyUsagePath = (agencyId: number) => `${ALL_USAGE_PATH}/${agencyId}`;

const number = new Intl.NumberFormat('id-ID');
const percent = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });
const n = (value: number) => number.format(value);

/** Short day label for a chart axis: 24/11. */
const dayLabel = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const hourLabel = (hour: number) => String(hour).padStart(2, '0');

export interface UsageCharts {
  readonly perDay: string;
  /**
   * The busiest hours: Dukcapil's pages. The head's page leaves them out, to keep within
   * 60 KB with a full list, alerts and operators.
   */
  readonly perHour?: string | undefined;
}

function figure(label: string, value: string, key: string, tone?: 'bad'): Html {
  return html`<div class="${tone ?? ''}">
    <dt>${label}</dt>
    <dd data-figure="${key}">${value}</dd>
  </div>`;
}

function quotaText(quota: QuotaUse): string {
  if (quota.limit === undefined) return `${n(quota.today)} (tidak ada PKS berlaku)`;
  if (quota.limit === null) return `${n(quota.today)} (tanpa batas)`;
  return `${n(quota.today)} dari ${n(quota.limit)}`;
}

function chart(svg: string | undefined): Html {
  return svg ? html`<figure class="chart">${trustedSvg(svg)}</figure>` : html``;
}

function responsesTable(responses: readonly ResponseShare[], id: string): Html {
  const total = responses.reduce((sum, r) => sum + r.lookups, 0);
  const shown = responses.filter((r) => r.lookups > 0);
  return table({
    id,
    caption: `Respons verifikasi, ${USAGE_DAYS} hari terakhir`,
    rows: shown,
    empty: `Belum ada verifikasi dalam ${USAGE_DAYS} hari terakhir.`,
    rowAttributes: (row) => ({ 'data-code': row.code }),
    columns: [
      { header: 'Respons', rowHeader: true, cell: (row) => row.label },
      { header: 'Kode', cell: (row) => row.code },
      { header: 'Jumlah', className: 'num', cell: (row) => n(row.lookups) },
      {
        header: 'Bagian',
        className: 'num',
        cell: (row) => `${percent.format((100 * row.lookups) / Math.max(1, total))}%`,
      },
    ],
  });
}

function hoursSection(perHour: AgencyUsage['perHour'], svg: string, scope: string): Html {
  const busiest = [...perHour].sort((a, b) => b.lookups - a.lookups || a.hour - b.hour)[0];
  return html`<section class="card" aria-labelledby="per-jam">
    <h2 id="per-jam">Jam tersibuk (${USAGE_DAYS} hari terakhir, WIB)</h2>
    ${
      busiest && busiest.lookups > 0
        ? html`<p id="jam-tersibuk">
            Paling sibuk pukul ${hourLabel(busiest.hour)}.00–${hourLabel(busiest.hour)}.59 WIB:
            ${n(busiest.lookups)} verifikasi ${scope}.
          </p>`
        : html`<p class="empty">Belum ada verifikasi dalam ${USAGE_DAYS} hari terakhir.</p>`
    }
    ${chart(svg)}
    <details>
      <summary>Tabel per jam</summary>
      ${table({
        id: 'tabel-jam',
        rows: perHour,
        empty: '',
        columns: [
          { header: 'Jam (WIB)', rowHeader: true, cell: (row) => `${hourLabel(row.hour)}.00` },
          { header: 'Verifikasi', className: 'num', cell: (row) => n(row.lookups) },
        ],
      })}
    </details>
  </section>`;
}

/**
 * Which way a lookup came: the channel, and for the API the application it came through and
 * whether as a national-service client (issue 11: every call through an application stays
 * visible to the head, with the application named).
 */
function channelText(row: {
  channel: string;
  application: string | null;
  compatible: boolean;
}): Html {
  const via = [
    row.application ? `aplikasi ${clip(row.application, 60)}` : '',
    row.compatible ? 'klien layanan nasional' : '',
  ].filter(Boolean);
  return html`${accessMethodLabel(row.channel)}${
    via.length > 0 ? html`<br /><span class="hint">${via.join(' · ')}</span>` : ''
  }`;
}

function channelsSection(usage: AgencyUsage): Html {
  return html`<section class="card" aria-labelledby="per-saluran">
    <h2 id="per-saluran">Per saluran dan aplikasi (${USAGE_DAYS} hari terakhir)</h2>
    ${table({
      id: 'tabel-saluran',
      rows: usage.perChannel,
      empty: `Belum ada verifikasi dalam ${USAGE_DAYS} hari terakhir.`,
      rowAttributes: (row) => ({
        'data-channel': row.channel,
        'data-aplikasi': row.application ?? '',
      }),
      columns: [
        { header: 'Saluran', rowHeader: true, cell: (row) => channelText(row) },
        { header: 'Verifikasi', className: 'num', cell: (row) => n(row.lookups) },
        { header: 'Ditemukan', className: 'num', cell: (row) => n(row.found) },
        { header: 'Terakhir (WIB)', cell: (row) => wibDateTime(row.lastAt).slice(0, 16) },
      ],
    })}
  </section>`;
}

function alertsSection(usage: AgencyUsage, alertLink: boolean): Html {
  const { alerts } = usage;
  return html`<section class="card" aria-labelledby="peringatan">
    <h2 id="peringatan">Peringatan pola input</h2>
    <p class="hint">
      Temuan kebijakan pola input (NIK berurutan, berpola, berdekatan, banyak tidak ditemukan, di
      luar jam layanan) pada verifikasi instansi ini; ditinjau oleh Dukcapil.
      ${alerts.total > alerts.rows.length ? `Ditampilkan ${alerts.rows.length} terbaru dari ${n(alerts.total)}.` : ''}
    </p>
    ${table({
      id: 'tabel-peringatan',
      rows: alerts.rows,
      empty: 'Tidak ada peringatan pola input untuk instansi ini.',
      rowAttributes: (row) => ({
        'data-state': row.state,
        class: row.state === 'OPEN' ? 'bad' : undefined,
      }),
      columns: [
        { header: 'Dibuat (WIB)', cell: (row) => wibDateTime(row.createdAt).slice(0, 16) },
        { header: 'Jenis', cell: (row) => row.kindLabel },
        { header: 'Pengguna', cell: (row) => row.userLogin ?? '—' },
        { header: 'Berulang', className: 'num', cell: (row) => n(row.repeats) },
        {
          header: 'Status',
          cell: (row) =>
            alertLink ? html`<a href="${alertPath(row.id)}">${row.stateLabel}</a>` : row.stateLabel,
        },
        { header: 'Tindakan', cell: (row) => row.actionLabel },
      ],
    })}
  </section>`;
}

function lookupsSection(
  usage: AgencyUsage,
  list: SearchPage<AuditEntry>,
  basePath: string,
  values: Readonly<Record<string, string | undefined>>,
): Html {
  const state = { values, errors: list.errors };
  return html`<section aria-labelledby="daftar">
    <h2 id="daftar">Daftar verifikasi</h2>
    ${errorSummary(list.errors)}
    <form method="get" action="${basePath}#daftar" class="filters card" role="search">
      ${select(
        {
          name: 'operator',
          label: 'Operator',
          options: [
            { value: '', label: 'Semua' },
            ...usage.users.map((u) => ({
              value: u.userId,
              label: `${u.userId} — ${u.displayName}`,
            })),
          ],
        },
        state,
      )}
      ${select(
        {
          name: 'respons',
          label: 'Respons',
          options: [
            { value: '', label: 'Semua' },
            ...RESPONSE_CODES.map((c) => ({ value: c, label: c })),
          ],
        },
        state,
      )}
      ${field({ name: 'nik', label: 'NIK (lengkap)', inputmode: 'numeric', maxlength: 40, autocomplete: 'off' }, state)}
      ${dateField({ name: 'dari', label: 'Dari tanggal (WIB)' }, state)}
      ${dateField({ name: 'sampai', label: 'Sampai tanggal (WIB)' }, state)}
      <button type="submit">Cari</button>
    </form>
    ${
      list.errors.length === 0
        ? html`<p id="jumlah" data-total="${list.capped ? 'lebih' : list.total}">
            ${countSentence(list, 'verifikasi')}
          </p>`
        : ''
    }
    ${table({
      id: 'tabel-verifikasi',
      className: 'compact',
      rows: list.rows,
      empty: 'Tidak ada verifikasi yang cocok.',
      rowAttributes: (row) => ({ 'data-id': row.id }),
      columns: [
        { header: 'Waktu (WIB)', cell: (row) => wibDateTime(row.at) },
        {
          header: 'Operator',
          cell: (row) =>
            row.userId
              ? html`${row.userId}<br /><span class="hint">${clip(row.displayName, 40)}</span>`
              : '—',
        },
        { header: 'NIK', className: 'nik', cell: (row) => row.nik ?? '—' },
        { header: 'Saluran', cell: (row) => channelText(row) },
        {
          header: 'Keperluan',
          cell: (row) => purposeCell(row),
        },
        { header: 'Respons', cell: (row) => row.responseCode },
      ],
    })}
    ${pager(list, { path: basePath, query: list.applied, anchor: 'daftar', label: 'Halaman daftar verifikasi' })}
  </section>`;
}

export interface AgencyUsageView {
  readonly title: string;
  readonly basePath: string;
  readonly usage: AgencyUsage;
  readonly list: SearchPage<AuditEntry>;
  /** The search as typed. */
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly charts: UsageCharts;
  /** Above the figures, e.g. Dukcapil's link back to every agency. */
  readonly actions?: Html;
  /** Dukcapil: each alert links to its page. */
  readonly alertLinks: boolean;
}

/** One agency's usage: the head's page and Dukcapil's page of the agency. */
export function agencyUsageBody(view: AgencyUsageView): Html {
  const { usage } = view;
  const { quota } = usage;
  const openAlerts = usage.alerts.open;
  return compactHtml(
    html`<h1>${view.title}</h1>
      <p class="hint">
        ${usage.agency.name} (${usage.agency.code}) · keadaan per ${formatDate(usage.periods.today)}
        (WIB). Semua angka dihitung dari jejak audit, bukan dari data kependudukan.
      </p>
      ${view.actions ?? ''}
      <dl class="figures" id="angka">
        ${figure('Verifikasi hari ini', n(usage.lookupsToday), 'today')}
        ${figure('Verifikasi bulan ini', n(usage.lookupsMonth), 'month')}
        ${figure('Kuota terpakai hari ini', quotaText(quota), 'quota-today')}
        ${figure('Kuota terpakai bulan ini', n(quota.month), 'quota-month')}
        ${figure('Peringatan belum selesai', n(openAlerts), 'open-alerts', openAlerts > 0 ? 'bad' : undefined)}
      </dl>
      <p class="hint">
        Kuota menghitung setiap verifikasi yang lolos login dan pemeriksaan format NIK.
        ${
          typeof quota.limit === 'number'
            ? `Batas ${n(quota.limit)} per hari sampai lulus PoC; kuota habis pada ${n(quota.daysAtLimit)} hari bulan ini.`
            : ''
        }
      </p>
      <section class="card" aria-labelledby="per-hari">
        <h2 id="per-hari">Verifikasi per hari (${USAGE_DAYS} hari terakhir, WIB)</h2>
        ${chart(view.charts.perDay)}
        <details>
          <summary>Tabel per hari</summary>
          ${table({
            id: 'tabel-hari',
            rows: usage.perDay,
            empty: '',
            columns: [
              { header: 'Tanggal', rowHeader: true, cell: (row) => formatDate(row.day) },
              { header: 'Verifikasi', className: 'num', cell: (row) => n(row.lookups) },
            ],
          })}
        </details>
      </section>
      <section class="card" aria-labelledby="per-operator">
        <h2 id="per-operator">Per operator (${USAGE_DAYS} hari terakhir)</h2>
        ${table({
          id: 'tabel-operator',
          rows: usage.perOperator,
          empty: `Belum ada verifikasi dalam ${USAGE_DAYS} hari terakhir.`,
          rowAttributes: (row) => ({ 'data-operator': row.userId ?? '' }),
          columns: [
            { header: 'User ID', rowHeader: true, cell: (row) => row.userId ?? '—' },
            { header: 'Nama', cell: (row) => row.displayName ?? '—' },
            { header: 'Verifikasi', className: 'num', cell: (row) => n(row.lookups) },
            { header: 'Ditemukan', className: 'num', cell: (row) => n(row.found) },
            { header: 'Tidak ditemukan', className: 'num', cell: (row) => n(row.notFound) },
            { header: 'Ditolak', className: 'num', cell: (row) => n(row.refused) },
            { header: 'Terakhir (WIB)', cell: (row) => wibDateTime(row.lastAt).slice(0, 16) },
          ],
        })}
      </section>
      ${channelsSection(usage)}
      <section class="card" aria-labelledby="respons">
        <h2 id="respons">Respons (${USAGE_DAYS} hari terakhir)</h2>
        ${responsesTable(usage.responses, 'tabel-respons')}
      </section>
      ${view.charts.perHour ? hoursSection(usage.perHour, view.charts.perHour, 'instansi ini') : ''}
      ${alertsSection(usage, view.alertLinks)}
      ${lookupsSection(usage, view.list, view.basePath, view.values)}`,
  );
}

/** Dukcapil's view of every agency. */
export function allUsageBody(usage: AllAgenciesUsage, charts: { perHour: string }): Html {
  return compactHtml(
    html`<h1>Penggunaan Seluruh Instansi</h1>
      <p class="hint">
        Keadaan per ${formatDate(usage.periods.today)} (WIB); bulan ini sejak
        ${formatDate(usage.periods.monthFrom)}. Semua angka dihitung dari jejak audit dan pencatat
        kuota, bukan dari data kependudukan.
      </p>
      <dl class="figures" id="angka">
        ${figure('Verifikasi hari ini', n(usage.totals.lookupsToday), 'today')}
        ${figure('Verifikasi bulan ini', n(usage.totals.lookupsMonth), 'month')}
        ${figure(
          'Peringatan belum selesai',
          n(usage.totals.openAlerts),
          'open-alerts',
          usage.totals.openAlerts > 0 ? 'bad' : undefined,
        )}
      </dl>
      <section class="card" aria-labelledby="per-instansi">
        <h2 id="per-instansi">Per instansi</h2>
        ${table({
          id: 'tabel-instansi',
          rows: usage.agencies,
          empty: 'Belum ada instansi.',
          rowAttributes: (row) => ({
            'data-agency': row.agency.code,
            class: row.openAlerts > 0 ? 'bad' : undefined,
          }),
          columns: [
            {
              header: 'Instansi',
              rowHeader: true,
              cell: (row) =>
                html`<a href="${agencyUsagePath(row.agency.id)}">${row.agency.code}</a>
                  <span class="hint">${row.agency.name}</span>`,
            },
            { header: 'Verifikasi hari ini', className: 'num', cell: (row) => n(row.lookupsToday) },
            {
              header: 'Verifikasi bulan ini',
              className: 'num',
              cell: (row) => n(row.lookupsMonth),
            },
            { header: 'Kuota hari ini', className: 'num', cell: (row) => quotaText(row.quota) },
            { header: 'Kuota bulan ini', className: 'num', cell: (row) => n(row.quota.month) },
            {
              header: 'Peringatan belum selesai',
              className: 'num',
              cell: (row) =>
                row.openAlerts > 0 ? html`<strong>${n(row.openAlerts)}</strong>` : '0',
            },
          ],
        })}
      </section>
      ${hoursSection(usage.perHour, charts.perHour, 'seluruh instansi')}
      <section class="card" aria-labelledby="respons">
        <h2 id="respons">Respons seluruh instansi (${USAGE_DAYS} hari terakhir)</h2>
        ${responsesTable(usage.responses, 'tabel-respons')}
      </section>
      <section class="card" aria-labelledby="riwayat-per-petugas">
        <h2 id="riwayat-per-petugas">Permintaan riwayat akses penduduk per petugas Dukcapil</h2>
        <p class="hint">
          Setiap permintaan penduduk atas riwayat akses datanya dicatat di jejak audit tersegel.
        </p>
        ${table({
          id: 'tabel-riwayat-per-petugas',
          rows: usage.historyRequests,
          empty: 'Belum ada permintaan riwayat akses bulan ini.',
          rowAttributes: (row) => ({ 'data-user': row.userId }),
          columns: [
            {
              header: 'Petugas',
              rowHeader: true,
              cell: (row) => html`${row.userId} <span class="hint">${row.name}</span>`,
            },
            { header: 'Hari ini', className: 'num', cell: (row) => n(row.today) },
            { header: 'Bulan ini', className: 'num', cell: (row) => n(row.month) },
          ],
        })}
      </section>`,
  );
}

/** The overview's compact summary: today's lookups and open alerts per agency. */
export function usageSummarySection(summary: UsageSummary): Html {
  return html`<section class="card" aria-labelledby="penggunaan-hari-ini">
    <h2 id="penggunaan-hari-ini">Penggunaan hari ini</h2>
    <dl class="tiles">
      <div class="tile">
        <dt><a href="${ALL_USAGE_PATH}">Verifikasi hari ini</a></dt>
        <dd data-figure="usage-today">${summary.totals.lookupsToday}</dd>
      </div>
      <div class="tile">
        <dt><a href="${ALERTS}">Peringatan belum selesai</a></dt>
        <dd data-figure="open-alerts">${summary.totals.openAlerts}</dd>
      </div>
    </dl>
    ${table({
      id: 'ringkasan-penggunaan',
      rows: summary.agencies.slice(0, 10),
      empty: 'Belum ada verifikasi hari ini dan tidak ada peringatan yang belum selesai.',
      rowAttributes: (row) => ({ 'data-agency': row.agency.code }),
      columns: [
        {
          header: 'Instansi',
          cell: (row) => html`<a href="${agencyUsagePath(row.agency.id)}">${row.agency.code}</a>`,
        },
        { header: 'Verifikasi hari ini', className: 'num', cell: (row) => n(row.lookupsToday) },
        {
          header: 'Peringatan belum selesai',
          className: 'num',
          cell: (row) => (row.openAlerts > 0 ? html`<strong>${n(row.openAlerts)}</strong>` : '0'),
        },
      ],
    })}
    <p><a href="${ALL_USAGE_PATH}">Lihat penggunaan seluruh instansi »</a></p>
  </section>`;
}

export { dayLabel, hourLabel };
