import { DEADLINE_STATUS_LABELS, deadlineSubject } from '../../domain/deadlines.js';
import type { DukcapilOverview } from '../../services/overview/dukcapil-overview.js';
import { ENDING_SOON_DAYS } from '../../services/overview/dukcapil-overview.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';

function tile(href: string, label: string, value: number, note: Html | string = ''): Html {
  return html`<div class="tile">
    <dt><a href="${href}">${label}</a></dt>
    <dd data-figure="${href}">${value}</dd>
    ${note ? html`<dd class="hint">${note}</dd>` : ''}
  </div>`;
}

/**
 * Dukcapil's home: today's usage (lookups and open alerts per agency, issue 9), agencies,
 * agreements, users, requests and deadlines at a glance.
 */
export function overviewBody(view: DukcapilOverview, usage: Html | '' = ''): Html {
  const c = view.counts;
  return html`<h1>Ringkasan</h1>
    <p class="hint">Keadaan per ${formatDate(view.today)} (WIB).</p>
    ${usage}
    <section class="card">
      <h2>Instansi dan PKS</h2>
      <dl class="tiles">
        ${tile('/dukcapil/instansi', 'Instansi aktif', c.agencies_active, `${c.agencies_inactive} tidak aktif`)}
        ${tile('/dukcapil/instansi', 'PKS berlaku', c.agreements_in_force, `${c.agreements_draft} draf`)}
        ${tile(
          '/dukcapil/instansi',
          `PKS berakhir dalam ${ENDING_SOON_DAYS} hari`,
          c.agreements_ending_soon,
        )}
      </dl>
    </section>
    <section class="card">
      <h2>Pengguna</h2>
      <dl class="tiles">
        ${tile('/dukcapil/pengguna', 'Aktif', c.users_active)}
        ${tile(
          '/dukcapil/pengguna',
          'Belum dapat mengakses data',
          c.users_missing_document,
          'operator tanpa NDA / kepala tanpa SPTJM',
        )}
        ${tile('/dukcapil/pengguna', 'Ditahan', c.users_held)}
        ${tile('/dukcapil/pengguna', 'Terkunci', c.users_locked)}
        ${tile('/dukcapil/pengguna', 'Non aktif', c.users_inactive)}
      </dl>
    </section>
    <section class="card">
      <h2>Permohonan</h2>
      <dl class="tiles">
        ${tile('/dukcapil/permohonan', 'Dalam proses', c.requests_open)}
        ${tile('/dukcapil/permohonan', 'Menunggu ditanggapi', c.requests_waiting)}
      </dl>
    </section>
    <section class="card">
      <h2>Laporan semester instansi</h2>
      <dl class="tiles">
        ${tile('/dukcapil/tenggat?jenis=LAPORAN_SEMESTER&status=SEGERA', 'Segera jatuh tempo', view.reportsDue)}
        ${tile('/dukcapil/tenggat?jenis=LAPORAN_SEMESTER&status=TERLAMBAT', 'Terlambat', view.reportsLate)}
        ${tile('/dukcapil/laporan?status=BELUM', 'Belum dievaluasi', view.reportsUnevaluated)}
      </dl>
    </section>
    <section class="card">
      <h2>Tenggat</h2>
      <dl class="tiles">
        ${tile('/dukcapil/tenggat', 'Terlambat', view.deadlinesOverdue)}
        ${tile('/dukcapil/tenggat', 'Segera jatuh tempo', view.deadlinesSoon)}
      </dl>
      ${table({
        rows: view.pressing,
        empty: 'Tidak ada tenggat yang terlambat atau segera jatuh tempo.',
        columns: [
          { header: 'Instansi', cell: (d) => d.agency.code },
          { header: 'Kewajiban', cell: (d) => deadlineSubject(d) },
          { header: 'Batas waktu', cell: (d) => formatDate(d.dueOn) },
          { header: 'Keadaan', cell: (d) => DEADLINE_STATUS_LABELS[d.status] },
        ],
      })}
    </section>`;
}
