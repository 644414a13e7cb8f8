import { formatDate } from '../../domain/indonesian-dates.js';
import {
  DEADLINE_KIND_LABELS,
  DEADLINE_STATUS_LABELS,
  deadlineSubject,
  dueInWords,
  OFFICIALS_NOTICE_DAYS,
  type DeadlineStatus,
} from '../../domain/deadlines.js';
import type { DeadlineView, StatusCounts } from '../../services/deadlines/compute-deadlines.js';
import { alert } from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table, type Column } from '../kit/table.js';
import { CALENDAR_PATH } from './paths.js';

/*
 * What the deadline pages share (issue 3 item 6): the table, the figures, the note on an
 * incomplete calendar and how deadlines are computed. Every status is written out in words
 * next to its colour.
 */

const FLAG_CLASS: Readonly<Record<DeadlineStatus, string>> = {
  TERLAMBAT: 'flag bad',
  SEGERA: 'flag warn',
  AKAN_DATANG: 'flag',
  TERPENUHI: 'flag ok',
};

function statusFlag(d: DeadlineView): Html {
  const words =
    d.status === 'TERPENUHI'
      ? d.fulfilment?.late
        ? 'Terpenuhi, terlambat'
        : 'Terpenuhi'
      : `${DEADLINE_STATUS_LABELS[d.status]} · ${dueInWords(d)}`;
  return html`<span class="${FLAG_CLASS[d.status]}" data-status="${d.status}">${words}</span>`;
}

function basisNote(d: DeadlineView): Html {
  const basis = d.basis;
  if (basis.kind !== 'LAPORAN_SEMESTER') return html``;
  const skipped = basis.skipped.length
    ? html`; hari libur yang dilewati:
      ${basis.skipped.map((h, i) => html`${i > 0 ? ', ' : ''}${formatDate(h.date)} (${h.name})`)}`
    : '';
  return html`<br /><span class="hint"
      >10 hari kerja setelah ${formatDate(basis.semesterEnd)}${skipped}</span
    >`;
}

function fulfilmentNote(d: DeadlineView, documentBase: string): Html {
  if (!d.fulfilment) return html``;
  const f = d.fulfilment;
  return html`Diterima ${formatDate(f.on)}${f.late ? ' (melewati batas waktu)' : ''} ·
  ${f.reference}${
    f.documentId !== null ? html` · <a href="${documentBase}/${f.documentId}">unduh berkas</a>` : ''
  }`;
}

/** The deadlines with their status in words; Dukcapil's lists name each row's agency. */
export function deadlineTable(options: {
  rows: readonly DeadlineView[];
  documentBase: string;
  withAgency: boolean;
  agencyLink?: (code: string) => string;
}): Html {
  const { agencyLink } = options;
  const agencyColumn: Column<DeadlineView> = {
    header: 'Instansi',
    cell: (d) =>
      agencyLink
        ? html`<a href="${agencyLink(d.agency.code)}">${d.agency.code}</a>`
        : d.agency.code,
  };
  const columns: Column<DeadlineView>[] = [
    ...(options.withAgency ? [agencyColumn] : []),
    {
      header: 'Kewajiban',
      rowHeader: true,
      cell: (d) =>
        html`${deadlineSubject(d)}${d.agreementNumber ? html`<br /><span class="hint">PKS ${d.agreementNumber}</span>` : ''}`,
    },
    { header: 'Batas waktu', cell: (d) => html`${formatDate(d.dueOn)}${basisNote(d)}` },
    { header: 'Status', cell: statusFlag },
    { header: 'Keterangan', cell: (d) => fulfilmentNote(d, options.documentBase) },
  ];
  return table({
    className: 'deadlines',
    columns,
    rows: options.rows,
    empty: 'Tidak ada tenggat yang sesuai.',
    // The key first: links and tests find a deadline's row by it.
    rowAttributes: (d) => ({
      'data-key': d.key,
      'data-status': d.status,
      class: d.status === 'TERLAMBAT' ? 'bad' : undefined,
    }),
  });
}

export function figures(counts: StatusCounts): Html {
  return html`<dl class="figures" id="ringkasan-tenggat">
    <div class="${counts.TERLAMBAT > 0 ? 'bad' : ''}">
      <dt>Terlambat</dt>
      <dd data-figure="TERLAMBAT">${counts.TERLAMBAT}</dd>
    </div>
    <div>
      <dt>Segera jatuh tempo (≤ 30 hari)</dt>
      <dd data-figure="SEGERA">${counts.SEGERA}</dd>
    </div>
    <div>
      <dt>Akan datang</dt>
      <dd data-figure="AKAN_DATANG">${counts.AKAN_DATANG}</dd>
    </div>
    <div>
      <dt>Terpenuhi</dt>
      <dd data-figure="TERPENUHI">${counts.TERPENUHI}</dd>
    </div>
  </dl>`;
}

export function calendarGapNote(years: readonly number[], canManage: boolean): Html {
  if (years.length === 0) return html``;
  return alert(
    'warn',
    html`Kalender hari libur ${years.join(', ')} baru memuat hari libur bertanggal tetap. Batas
    waktu laporan semester pada tahun tersebut dapat bergeser setelah libur nasional lainnya dan
    cuti bersama dari SKB 3 Menteri
    dimasukkan${
      canManage ? html` di <a href="${CALENDAR_PATH}">kalender hari libur</a>` : ' oleh Dukcapil'
    }.`,
    { id: 'kalender-belum-lengkap' },
  );
}

export function howComputed(): Html {
  return html`<details class="card">
    <summary>Cara tenggat dihitung</summary>
    <dl class="terms">
      <dt>${DEADLINE_KIND_LABELS.PERPANJANGAN}</dt>
      <dd>
        Paling lambat 2 bulan sebelum PKS berakhir. Bila tanggal itu tidak ada pada bulannya (mis.
        31 Agustus − 2 bulan), dipakai hari terakhir bulan tersebut (30 Juni). Terpenuhi saat
        permohonan perpanjangan diajukan melalui menu Permohonan.
      </dd>
      <dt>${DEADLINE_KIND_LABELS.SERTIFIKAT_ISO}</dt>
      <dd>
        Paling lambat 6 bulan sejak PKS ditandatangani (aturan akhir bulan yang sama). Bila
        sertifikat berakhir sebelum PKS berakhir, sertifikat baru wajib diunggah paling lambat pada
        tanggal berakhirnya.
      </dd>
      <dt>${DEADLINE_KIND_LABELS.LAPORAN_SEMESTER}</dt>
      <dd>
        Paling lambat 10 hari kerja setelah 30 Juni (semester 1) dan 31 Desember (semester 2), untuk
        setiap semester yang dicakup PKS. Hari kerja: Senin–Jumat, kecuali libur nasional dan cuti
        bersama pada kalender hari libur. Laporan dapat dikirim mulai bulan terakhir semester.
      </dd>
      <dt>${DEADLINE_KIND_LABELS.PERUBAHAN_PEJABAT}</dt>
      <dd>
        Paling lambat ${OFFICIALS_NOTICE_DAYS} hari kalender setelah tanggal perubahan pejabat atau
        struktur instansi.
      </dd>
      <dt>Status</dt>
      <dd>
        Segera jatuh tempo: batas waktu dalam 30 hari. Terlambat: batas waktu telah lewat dan
        kewajiban belum dipenuhi. Pengingat surel dikirim 30, 7 dan 1 hari sebelum batas waktu serta
        sekali setelah terlambat.
      </dd>
    </dl>
  </details>`;
}

/** What a post just did, shown once on the page it sends the user back to. */
export function resultAlert(message: string | undefined): Html {
  return message ? alert('ok', message, { id: 'hasil' }) : html``;
}
