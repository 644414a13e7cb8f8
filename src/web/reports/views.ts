import { ACCESS_METHODS } from '../../domain/agreement.js';
import { accessMethodLabel } from '../../domain/agreement-record.js';
import { formatDate, monthName } from '../../domain/indonesian-dates.js';
import { wibDateTime } from '../../domain/time.js';
import {
  CHECKPOINT_BASIS_LABELS,
  checkpointLine,
  periodLabel,
  USAGE_REPORT_KIND_LABELS,
  USAGE_REPORT_STATE_LABELS,
  type UsageReportKind,
  type UsageReportState,
} from '../../domain/usage-report.js';
import type { AgencyReports, ReportsDue } from '../../services/reports/lists.js';
import type { ReportView } from '../../services/reports/view.js';
import { confirmBox } from '../kit/confirm-box.js';
import {
  alert,
  dateField,
  errorSummary,
  field,
  fileField,
  form,
  select,
  textarea,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';

/** The head's usage report pages (issue 10 item 5): the list and one report. */

export const REPORTS_BASE = '/instansi/laporan';
export const reportPath = (id: number) => `${REPORTS_BASE}/${id}`;
/** A warning letter Dukcapil sent the agency after an evaluation (its PDF). */
export const warningLetterPath = (evaluationId: number) =>
  `${REPORTS_BASE}/surat-teguran/${evaluationId}`;

const nf = (n: number) => n.toLocaleString('id-ID');

const RESULTS: Readonly<Record<string, string>> = {
  narasi: 'Narasi laporan disimpan.',
  kirim:
    'Laporan dikirim: tercatat sebagai pemenuhan kewajiban dan dikirim ke surel Dukcapil bila layanan surel aktif.',
  pindaian: 'Pindaian laporan bertanda tangan dan berstempel dilampirkan.',
  batal: 'Draf laporan dibatalkan.',
};

function stateLabel(state: string): string {
  return USAGE_REPORT_STATE_LABELS[state as UsageReportState] ?? state;
}

/** The tile of reports due (the head's home and the list page). */
export function reportsDueTile(due: ReportsDue): Html {
  const first = due.items[0];
  return html`<dl class="tiles" id="laporan-jatuh-tempo">
    <div class="tile">
      <dt><a href="${REPORTS_BASE}">Laporan semester belum dikirim</a></dt>
      <dd data-figure="${REPORTS_BASE}">${due.items.length}</dd>
      <dd class="hint">
        ${
          first
            ? `${first.label}: jatuh tempo ${formatDate(first.dueOn)}${first.overdue ? ' (terlambat)' : ''}`
            : 'Tidak ada laporan yang harus dikirim.'
        }
      </dd>
    </div>
  </dl>`;
}

export function reportListBody(options: {
  readonly csrfToken: string;
  readonly view: AgencyReports;
  readonly due: ReportsDue;
  readonly state?: FormState;
  readonly problem?: string;
}): Html {
  const { view, state } = options;
  const agreements = view.agreements.map((a) => ({
    value: String(a.id),
    label: `${a.nomor_dukcapil} (${formatDate(a.signed_on)} s.d. ${formatDate(a.ends_on)})`,
  }));
  return html`<h1>Laporan penggunaan data</h1>
    <p class="hint">
      Laporan semester (Pasal 8 PKS, Juknis V) dan laporan sewaktu-waktu disusun Gerbang dari
      catatannya sendiri; Kepala Instansi memeriksa, melengkapi narasi, lalu mengirimnya.
    </p>
    ${reportsDueTile(options.due)}
    ${options.problem ? alert('bad', options.problem, { id: 'masalah' }) : ''}
    ${errorSummary(state?.errors)}
    <section class="card">
      <h2>Susun laporan</h2>
      ${
        agreements.length === 0
          ? html`<p class="empty">Instansi belum memiliki PKS yang dapat dilaporkan.</p>`
          : form({
              action: REPORTS_BASE,
              csrfToken: options.csrfToken,
              id: 'form-susun',
              novalidate: true,
              body: html`${select(
                  { name: 'pks', label: 'PKS', options: agreements, required: true },
                  state,
                )}
                ${select(
                  {
                    name: 'jenis',
                    label: 'Jenis laporan',
                    options: [
                      { value: 'SEMESTER', label: 'Laporan semester' },
                      { value: 'SEWAKTU_WAKTU', label: 'Laporan sewaktu-waktu (rentang tanggal)' },
                    ],
                    required: true,
                  },
                  state,
                )}
                ${field(
                  {
                    name: 'semester',
                    label: 'Semester',
                    hint: 'Untuk laporan semester, misalnya 2026-S1 (Januari–Juni) atau 2026-S2 (Juli–Desember).',
                    maxlength: 7,
                    value: options.due.items[0]?.period ?? '',
                  },
                  state,
                )}
                ${dateField({ name: 'dari', label: 'Dari tanggal (laporan sewaktu-waktu)' }, state)}
                ${dateField({ name: 'sampai', label: 'Sampai tanggal (laporan sewaktu-waktu)' }, state)}
                <button type="submit">Susun draf</button>`,
            })
      }
    </section>
    <section class="card">
      <h2>Laporan</h2>
      ${table({
        id: 'daftar-laporan',
        columns: [
          {
            header: 'Periode',
            rowHeader: true,
            cell: (r) =>
              html`<a href="${reportPath(r.id)}"
                >${periodLabel({ semester: r.semester as never, from: r.period_start, to: r.period_end })}</a
              >`,
          },
          { header: 'Jenis', cell: (r) => USAGE_REPORT_KIND_LABELS[r.kind as UsageReportKind] },
          { header: 'PKS', cell: (r) => r.nomor_dukcapil },
          { header: 'Versi', cell: (r) => r.version, className: 'num' },
          { header: 'Status', cell: (r) => stateLabel(r.state) },
          {
            header: 'Dikirim',
            cell: (r) => (r.submitted_at ? `${wibDateTime(r.submitted_at)} WIB` : '—'),
          },
          { header: 'Surel', cell: (r) => (r.mailed_at ? 'Terkirim' : '—') },
          { header: 'Pindaian', cell: (r) => (r.scan_document_id ? 'Ada' : '—') },
        ],
        rows: view.reports,
        empty: 'Belum ada laporan.',
        rowAttributes: (r) => ({ 'data-state': r.state }),
      })}
    </section>
    ${warningLettersSection(view.warningLetters)}`;
}

function warningLettersSection(letters: AgencyReports['warningLetters']): Html | '' {
  if (letters.length === 0) return '';
  return html`<section class="card">
    <h2>Surat teguran dari Dinas Dukcapil</h2>
    <p class="hint">
      Teguran atas hasil evaluasi Dinas Dukcapil; tindak lanjuti sebelum laporan berikutnya.
    </p>
    ${table({
      id: 'surat-teguran',
      columns: [
        {
          header: 'Nomor surat',
          rowHeader: true,
          cell: (l) =>
            html`<a href="${warningLetterPath(l.id)}">${l.warning_letter_number ?? '—'} (PDF)</a>`,
        },
        {
          header: 'Tanggal',
          cell: (l) => (l.warning_letter_on ? formatDate(l.warning_letter_on) : '—'),
        },
        { header: 'PKS', cell: (l) => l.nomor_dukcapil },
        {
          header: 'Periode evaluasi',
          cell: (l) => `${formatDate(l.period_start)} s.d. ${formatDate(l.period_end)}`,
        },
      ],
      rows: letters,
      empty: 'Tidak ada surat teguran.',
    })}
  </section>`;
}

function figuresSection(v: ReportView): Html {
  const f = v.figures;
  return html`<section class="card" id="angka">
    <h2>Angka laporan</h2>
    <p class="hint">
      ${
        v.report.state === 'DRAFT'
          ? `Dihitung ${wibDateTime(new Date(f.computedAt))} WIB; dihitung ulang dan dibekukan saat laporan dikirim.`
          : `Dibekukan saat dikirim (${wibDateTime(new Date(f.computedAt))} WIB).`
      }
    </p>
    <dl class="tiles">
      <div class="tile">
        <dt>Pencarian NIK</dt>
        <dd id="angka-total">${nf(f.lookups.total)}</dd>
      </div>
      <div class="tile">
        <dt>Ditemukan</dt>
        <dd>${nf(f.lookups.found)}</dd>
      </div>
      <div class="tile">
        <dt>Tidak ditemukan</dt>
        <dd>${nf(f.lookups.notFound)}</dd>
      </div>
      <div class="tile">
        <dt>Ditolak</dt>
        <dd>${nf(f.lookups.refused)}</dd>
      </div>
      <div class="tile">
        <dt>Data balikan terkirim</dt>
        <dd>${nf(f.returnData.returned)} / ${nf(f.returnData.accessed)} NIK</dd>
      </div>
      <div class="tile">
        <dt>Peringatan pola</dt>
        <dd>${nf(f.alerts.length)}</dd>
      </div>
    </dl>
    ${table({
      id: 'per-bulan',
      caption: 'Pencarian per bulan dan kanal',
      columns: [
        { header: 'Bulan', rowHeader: true, cell: (m) => monthName(m.month) },
        ...ACCESS_METHODS.map((channel) => ({
          header: accessMethodLabel(channel),
          className: 'num',
          cell: (m: { month: string }) =>
            nf(
              f.lookups.byMonthChannelResponse
                .filter((r) => r.month === m.month && r.channel === channel)
                .reduce((n, r) => n + r.lookups, 0),
            ),
        })),
        { header: 'Jumlah', className: 'num', cell: (m) => nf(m.lookups) },
      ],
      rows: f.lookups.byMonth,
      empty: '—',
    })}
    ${table({
      id: 'per-respons',
      caption: 'Pencarian per respons',
      columns: [
        { header: 'Respons', rowHeader: true, cell: (r) => r.label },
        { header: 'Jumlah', className: 'num', cell: (r) => nf(r.lookups) },
      ],
      rows: f.lookups.byResponse.filter((r) => r.lookups > 0),
      empty: 'Tidak ada pencarian dalam periode ini.',
    })}
    ${table({
      id: 'per-operator',
      caption: 'Pencarian per operator',
      columns: [
        { header: 'User ID', rowHeader: true, cell: (o) => o.userId ?? '(tanpa pengguna)' },
        { header: 'Nama', cell: (o) => o.displayName ?? '—' },
        { header: 'Jumlah', className: 'num', cell: (o) => nf(o.lookups) },
        { header: 'Ditemukan', className: 'num', cell: (o) => nf(o.found) },
        { header: 'Tidak ditemukan', className: 'num', cell: (o) => nf(o.notFound) },
        { header: 'Ditolak', className: 'num', cell: (o) => nf(o.refused) },
      ],
      rows: f.operators,
      empty: 'Tidak ada pencarian dalam periode ini.',
    })}
    ${table({
      id: 'pengguna',
      caption: 'Pengguna dan status NDA/SPTJM',
      columns: [
        { header: 'User ID', rowHeader: true, cell: (u) => u.userId },
        { header: 'Peran', cell: (u) => u.roleLabel },
        { header: 'Status', cell: (u) => u.statusLabel },
        {
          header: 'Dokumen',
          cell: (u) =>
            u.documents
              .map((d) => `${d.kind}: ${d.signedOn ? formatDate(d.signedOn) : 'belum ada'}`)
              .join('; ') || '—',
        },
      ],
      rows: f.users,
      empty: 'Tidak ada pengguna.',
    })}
    <p>
      Kuota: ${f.quota.limit === null ? 'tanpa batas' : `${nf(f.quota.limit)} NIK per hari`};
      ${nf(f.quota.hits)} hit dalam ${nf(f.quota.daysUsed)} hari; kuota habis
      ${nf(f.quota.daysAtLimit)} hari. Card reader terdaftar: ${nf(f.cardReaders.length)}. Kewajiban
      bertenggat dalam periode: ${f.deadlines.met} dipenuhi tepat waktu, ${f.deadlines.metLate}
      dipenuhi terlambat, ${f.deadlines.missed} terlewat.
    </p>
    <p class="hint">Tabel lengkap ada di lampiran PDF dan di XLSX.</p>
  </section>`;
}

export function reportBody(options: {
  readonly csrfToken: string;
  readonly view: ReportView;
  readonly result?: string | undefined;
  readonly state?: FormState;
  readonly problem?: string;
}): Html {
  const { view: v, state } = options;
  const r = v.report;
  const base = reportPath(r.id);
  const label = periodLabel({
    semester: r.semester as never,
    from: r.period_start,
    to: r.period_end,
  });
  const narrativeValues = state?.values ?? {
    nomorSurat: r.letter_number ?? '',
    kendala: r.obstacles ?? '',
    tindakLanjut: r.follow_up ?? '',
    perubahanPejabat: r.officials_changes ?? '',
    alasanKoreksi: r.correction_reason ?? '',
  };
  const narrativeState: FormState = { values: narrativeValues, errors: state?.errors ?? [] };
  const result = options.result ? RESULTS[options.result] : undefined;
  return html`<p><a href="${REPORTS_BASE}">← Semua laporan</a></p>
    <h1>${USAGE_REPORT_KIND_LABELS[r.kind as UsageReportKind]} — ${label}</h1>
    <p>
      PKS ${v.nomorDukcapil} · versi ${r.version} · status
      <strong id="status-laporan">${stateLabel(r.state)}</strong>
      ${r.submitted_at ? ` · dikirim ${wibDateTime(r.submitted_at)} WIB` : ''}
    </p>
    ${result ? alert('ok', result, { id: 'hasil' }) : ''}
    ${options.problem ? alert('bad', options.problem, { id: 'masalah' }) : ''}
    ${errorSummary(state?.errors)}
    <p>
      <a href="${base}/laporan.pdf">Unduh PDF${r.state === 'DRAFT' ? ' (pratinjau draf)' : ''}</a> ·
      <a href="${base}/laporan.xlsx">Unduh XLSX</a>
      ${v.scan ? html` · <a href="${base}/pindaian">Unduh pindaian (${v.scan.fileName})</a>` : ''}
    </p>
    ${
      v.checkpoint
        ? html`<section class="card" id="checkpoint">
            <h2>Checkpoint jejak audit pada akhir periode</h2>
            <p><code>${checkpointLine(v.checkpoint.size, v.checkpoint.rootHex)}</code></p>
            <p class="hint">
              ${CHECKPOINT_BASIS_LABELS[v.checkpoint.basis]}. Dukcapil memeriksanya dengan
              <code
                >gerbang audit verify --size ${v.checkpoint.size} --root
                ${v.checkpoint.rootHex}</code
              >.
            </p>
          </section>`
        : ''
    }
    ${
      r.state === 'DRAFT'
        ? html`<section class="card">
              <h2>Narasi</h2>
              ${form({
                action: `${base}/narasi`,
                csrfToken: options.csrfToken,
                id: 'form-narasi',
                novalidate: true,
                body: html`${field(
                    {
                      name: 'nomorSurat',
                      label: 'Nomor surat',
                      hint: 'Nomor dari agenda surat instansi; wajib sebelum laporan dikirim.',
                      maxlength: 100,
                    },
                    narrativeState,
                  )}
                  ${textarea({ name: 'kendala', label: 'Kendala', maxlength: 4000, rows: 4 }, narrativeState)}
                  ${textarea(
                    {
                      name: 'tindakLanjut',
                      label: 'Rencana tindak lanjut',
                      maxlength: 4000,
                      rows: 4,
                    },
                    narrativeState,
                  )}
                  ${textarea(
                    {
                      name: 'perubahanPejabat',
                      label: 'Perubahan pejabat atau struktur',
                      maxlength: 4000,
                      rows: 3,
                    },
                    narrativeState,
                  )}
                  ${
                    r.version > 1
                      ? textarea(
                          {
                            name: 'alasanKoreksi',
                            label: 'Alasan koreksi',
                            maxlength: 1000,
                            rows: 2,
                            required: true,
                          },
                          narrativeState,
                        )
                      : ''
                  } <button type="submit">Simpan narasi</button>`,
              })}
            </section>
            <section class="card">
              <h2>Kirim laporan</h2>
              ${form({
                action: `${base}/kirim`,
                csrfToken: options.csrfToken,
                id: 'form-kirim',
                body: html`${confirmBox(
                    'kirim',
                    'Saya telah memeriksa angka dan narasi laporan ini, dan menyatakan bertanggung jawab mutlak atas penggunaan data selama periode laporan.',
                  )} <button type="submit">Kirim laporan</button>`,
              })}
              ${form({
                action: `${base}/batal`,
                csrfToken: options.csrfToken,
                id: 'form-batal',
                body: html`<button type="submit" class="secondary">Batalkan draf</button>`,
              })}
            </section>`
        : ''
    }
    ${
      r.state === 'DIKIRIM'
        ? html`<section class="card">
              <h2>Pindaian bertanda tangan dan berstempel</h2>
              ${form({
                action: `${base}/pindaian`,
                csrfToken: options.csrfToken,
                id: 'form-pindaian',
                multipart: true,
                body: html`${fileField(
                    {
                      name: 'berkas',
                      label: v.scan ? 'Ganti pindaian' : 'Pindaian laporan',
                      hint: 'PDF, PNG atau JPEG, paling besar 5 MB.',
                      accept: 'application/pdf,image/png,image/jpeg',
                      required: true,
                    },
                    state,
                  )} <button type="submit">Lampirkan</button>`,
              })}
            </section>
            <section class="card">
              <h2>Koreksi laporan</h2>
              <p class="hint">
                Koreksi membuat versi baru dari laporan ini; versi ini tetap tersimpan dan ditandai
                diganti setelah koreksi dikirim.
              </p>
              ${form({
                action: REPORTS_BASE,
                csrfToken: options.csrfToken,
                id: 'form-koreksi',
                body: html`<input type="hidden" name="pks" value="${r.agreement_id}" />
                  <input type="hidden" name="jenis" value="${r.kind}" />
                  <input type="hidden" name="semester" value="${r.semester ?? ''}" />
                  <input type="hidden" name="dari" value="${r.period_start}" />
                  <input type="hidden" name="sampai" value="${r.period_end}" />
                  <input type="hidden" name="koreksi" value="ya" />
                  ${textarea({ name: 'alasanKoreksi', label: 'Alasan koreksi', maxlength: 1000, rows: 2, required: true })}
                  <button type="submit">Buka koreksi</button>`,
              })}
            </section>`
        : ''
    }
    ${figuresSection(v)}
    <section class="card">
      <h2>Riwayat</h2>
      ${table({
        id: 'riwayat',
        columns: [
          { header: 'Waktu (WIB)', rowHeader: true, cell: (e) => wibDateTime(e.at) },
          { header: 'Tindakan', cell: (e) => e.action.replaceAll('_', ' ').toLowerCase() },
          { header: 'Status', cell: (e) => stateLabel(e.state_after) },
          { header: 'Oleh', cell: (e) => e.actor_name ?? 'Sistem' },
          { header: 'Catatan', cell: (e) => e.note ?? '' },
        ],
        rows: v.history,
        empty: 'Belum ada riwayat.',
      })}
    </section>`;
}
