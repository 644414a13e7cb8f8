import { DAY_NAMES, formatDate } from '../../domain/indonesian-dates.js';
import {
  DEADLINE_KIND_LABELS,
  DEADLINE_KINDS,
  DEADLINE_STATUS_LABELS,
  deadlineSubject,
  dueInWords,
  OFFICIALS_NOTICE_DAYS,
  type DeadlineStatus,
} from '../../domain/deadlines.js';
import { DOCUMENT_MAX_BYTES } from '../../domain/documents.js';
import {
  FIXED_HOLIDAYS,
  HOLIDAY_KIND_LABELS,
  HOLIDAY_KINDS,
  type Holiday,
} from '../../domain/working-days.js';
import type {
  AgencyDeadlines,
  DeadlinePage,
  DeadlineView,
  StatusCounts,
  StatusFilter,
} from '../../services/deadlines/deadlines.js';
import { HOLIDAY_CSV_HEADER, type HolidayYear } from '../../services/deadlines/holidays.js';
import { confirmBox } from '../kit/confirm-box.js';
import { html, type Html } from '../kit/html.js';

/*
 * Deadline pages (issue 3 item 6): the agency head's /instansi/tenggat, Dukcapil's overview
 * /dukcapil/tenggat with one page per agency, and the holiday calendar. Every status is
 * written out in words next to its colour. No JavaScript: forms are plain posts, the
 * upload forms carry a required confirmation box.
 */

export const AGENCY_BASE = '/instansi/tenggat';
export const DUKCAPIL_BASE = '/dukcapil/tenggat';
export const CALENDAR_PATH = `${DUKCAPIL_BASE}/libur`;

export function agencyPagePath(code: string): string {
  return `${DUKCAPIL_BASE}/instansi/${encodeURIComponent(code)}`;
}

const FLAG_CLASS: Readonly<Record<DeadlineStatus, string>> = {
  TERLAMBAT: 'flag bad',
  SEGERA: 'flag warn',
  AKAN_DATANG: 'flag',
  TERPENUHI: 'flag ok',
};

function weekday(iso: string): string {
  return DAY_NAMES[new Date(`${iso}T00:00:00Z`).getUTCDay()]!;
}

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

export function deadlineTable(options: {
  rows: readonly DeadlineView[];
  documentBase: string;
  withAgency: boolean;
  agencyLink?: (code: string) => string;
  caption?: string;
}): Html {
  if (options.rows.length === 0) {
    return html`<p class="card">Tidak ada tenggat yang sesuai.</p>`;
  }
  return html`<table class="deadlines">
    ${
      options.caption
        ? html`<caption>
            ${options.caption}
          </caption>`
        : ''
    }
    <thead>
      <tr>
        ${options.withAgency ? html`<th scope="col">Instansi</th>` : ''}
        <th scope="col">Kewajiban</th>
        <th scope="col">Batas waktu</th>
        <th scope="col">Status</th>
        <th scope="col">Keterangan</th>
      </tr>
    </thead>
    <tbody>
      ${options.rows.map(
        (d) =>
          html`<tr
            data-key="${d.key}"
            data-status="${d.status}"
            class="${d.status === 'TERLAMBAT' ? 'bad' : ''}"
          >
            ${
              options.withAgency
                ? html`<td>
                    ${
                      options.agencyLink
                        ? html`<a href="${options.agencyLink(d.agency.code)}">${d.agency.code}</a>`
                        : d.agency.code
                    }
                  </td>`
                : ''
            }
            <th scope="row">
              ${deadlineSubject(d)}${d.agreementNumber ? html`<br /><span class="hint">PKS ${d.agreementNumber}</span>` : ''}
            </th>
            <td>${formatDate(d.dueOn)}${basisNote(d)}</td>
            <td>${statusFlag(d)}</td>
            <td>${fulfilmentNote(d, options.documentBase)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function figures(counts: StatusCounts): Html {
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

function calendarGapNote(years: readonly number[], canManage: boolean): Html {
  if (years.length === 0) return html``;
  return html`<div class="alert warn" id="kalender-belum-lengkap">
    Kalender hari libur ${years.join(', ')} baru memuat hari libur bertanggal tetap. Batas waktu
    laporan semester pada tahun tersebut dapat bergeser setelah libur nasional lainnya dan cuti
    bersama dari SKB 3 Menteri
    dimasukkan${
      canManage ? html` di <a href="${CALENDAR_PATH}">kalender hari libur</a>` : ' oleh Dukcapil'
    }.
  </div>`;
}

function howComputed(): Html {
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

const MAX_MB = DOCUMENT_MAX_BYTES / 1024 / 1024;

function fileInput(id: string, label: string, required: boolean): Html {
  return html`<label for="${id}">${label}</label>
    <input
      type="file"
      id="${id}"
      name="berkas"
      accept="application/pdf,image/png,image/jpeg"
      ${required ? 'required' : ''}
    />
    <p class="hint">PDF, PNG atau JPEG, paling besar ${MAX_MB} MB.</p>`;
}

function problemAlert(problem: string | undefined): Html {
  return problem ? html`<div class="alert bad" role="alert">${problem}</div>` : html``;
}

export type FormName = 'iso' | 'laporan' | 'pejabat' | `pemberitahuan-${number}` | 'surel';

export interface FormState {
  readonly form: FormName;
  readonly problem: string;
  readonly values: Readonly<Record<string, string>>;
}

function stateFor(state: FormState | undefined, form: FormName) {
  return state?.form === form
    ? { problem: state.problem, values: state.values, open: true }
    : { problem: undefined, values: {} as Readonly<Record<string, string>>, open: false };
}

function fulfilmentForms(options: {
  base: string;
  csrfToken: string;
  view: AgencyDeadlines;
  asDukcapil: boolean;
  state: FormState | undefined;
}): Html {
  const { base, csrfToken, view, asDukcapil } = options;
  const iso = stateFor(options.state, 'iso');
  const report = stateFor(options.state, 'laporan');
  const change = stateFor(options.state, 'pejabat');
  const confirmText = asDukcapil
    ? 'Saya telah memeriksa bahwa isian dan berkas ini sesuai dengan dokumen yang diterima dari instansi.'
    : 'Saya menyatakan isian dan berkas ini benar dan sah.';
  const agreementForms = view.agreement
    ? html`<details class="card" id="form-iso" ${iso.open ? 'open' : ''}>
          <summary>Unggah sertifikat ISO/IEC 27001</summary>
          ${problemAlert(iso.problem)}
          <form method="post" action="${base}/sertifikat-iso" enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value="${csrfToken}" />
            <label for="iso-nomor">Nomor sertifikat</label>
            <input
              type="text"
              id="iso-nomor"
              name="nomor"
              required
              maxlength="100"
              value="${iso.values.nomor ?? ''}"
            />
            <label for="iso-terbit">Tanggal terbit</label>
            <input
              type="date"
              id="iso-terbit"
              name="tanggalTerbit"
              required
              value="${iso.values.tanggalTerbit ?? ''}"
            />
            <label for="iso-berakhir">Berlaku sampai</label>
            <input
              type="date"
              id="iso-berakhir"
              name="tanggalBerakhir"
              required
              value="${iso.values.tanggalBerakhir ?? ''}"
            />
            ${fileInput('iso-berkas', 'Pindaian sertifikat', true)}
            ${confirmBox('iso-konfirmasi', confirmText)}
            <button type="submit">Unggah sertifikat</button>
          </form>
        </details>
        <details class="card" id="form-laporan" ${report.open ? 'open' : ''}>
          <summary>Kirim laporan semester</summary>
          ${problemAlert(report.problem)}
          ${
            view.agreement.reportablePeriods.length === 0
              ? html`<p>
                  Belum ada semester yang laporannya dapat dikirim: laporan dapat dikirim mulai
                  bulan terakhir semester (Juni atau Desember).
                </p>`
              : html`<form
                  method="post"
                  action="${base}/laporan-semester"
                  enctype="multipart/form-data"
                >
                  <input type="hidden" name="_csrf" value="${csrfToken}" />
                  <label for="laporan-periode">Periode</label>
                  <select id="laporan-periode" name="periode" required>
                    ${view.agreement.reportablePeriods.map(
                      (p) =>
                        html`<option
                          value="${p.period}"
                          ${report.values.periode === p.period ? 'selected' : ''}
                        >
                          ${p.label}
                        </option>`,
                    )}
                  </select>
                  ${fileInput('laporan-berkas', 'Berkas laporan', true)}
                  ${confirmBox('laporan-konfirmasi', confirmText)}
                  <button type="submit">Kirim laporan</button>
                </form>`
          }
        </details>`
    : html`<div class="alert warn">
        Instansi ini tidak memiliki PKS yang berlaku: sertifikat dan laporan semester tidak dapat
        dicatat.
      </div>`;
  const openChanges = view.openChanges.map((c) => {
    const form: FormName = `pemberitahuan-${c.id}`;
    const state = stateFor(options.state, form);
    return html`<details class="card" id="form-${form}" open>
      <summary>
        Surat pemberitahuan untuk perubahan ${formatDate(c.changedOn)} yang dicatat Dukcapil
      </summary>
      <p>${c.description}</p>
      ${problemAlert(state.problem)}
      <form method="post" action="${base}/perubahan-pejabat/${c.id}" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value="${csrfToken}" />
        ${fileInput(`pemberitahuan-${c.id}-berkas`, 'Pindaian surat pemberitahuan', true)}
        ${confirmBox(`pemberitahuan-${c.id}-konfirmasi`, confirmText)}
        <button type="submit">Kirim surat pemberitahuan</button>
      </form>
    </details>`;
  });
  return html`<h2 id="penuhi">Penuhi kewajiban</h2>
    ${agreementForms} ${openChanges}
    <details class="card" id="form-pejabat" ${change.open ? 'open' : ''}>
      <summary>
        ${asDukcapil ? 'Catat perubahan pejabat atau struktur' : 'Beritahukan perubahan pejabat atau struktur'}
      </summary>
      ${problemAlert(change.problem)}
      <p class="hint">
        Pemberitahuan wajib disampaikan paling lambat ${OFFICIALS_NOTICE_DAYS} hari setelah
        perubahan.
        ${
          asDukcapil
            ? 'Tanpa berkas, perubahan dicatat sebagai diketahui Dukcapil dan instansi wajib mengirim surat pemberitahuannya.'
            : ''
        }
      </p>
      <form method="post" action="${base}/perubahan-pejabat" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value="${csrfToken}" />
        <label for="pejabat-tanggal">Tanggal perubahan</label>
        <input
          type="date"
          id="pejabat-tanggal"
          name="tanggalPerubahan"
          required
          value="${change.values.tanggalPerubahan ?? ''}"
        />
        <label for="pejabat-uraian">Uraian perubahan</label>
        <textarea id="pejabat-uraian" name="uraian" required maxlength="1000" rows="3">
${change.values.uraian ?? ''}</textarea>
        ${fileInput(
          'pejabat-berkas',
          asDukcapil
            ? 'Pindaian surat pemberitahuan (bila sudah diterima)'
            : 'Pindaian surat pemberitahuan',
          !asDukcapil,
        )}
        ${confirmBox('pejabat-konfirmasi', confirmText)}
        <button type="submit">Simpan</button>
      </form>
    </details>`;
}

function reminderEmailForm(options: {
  csrfToken: string;
  email: string | null;
  state: FormState | undefined;
}): Html {
  const state = stateFor(options.state, 'surel');
  return html`<h2 id="surel">Pengingat lewat surel</h2>
    <div class="card">
      ${problemAlert(state.problem)}
      <p class="hint">
        Bila pengiriman surel diaktifkan Dukcapil, pengingat dikirim ke alamat instansi dan ke
        alamat Anda berikut. Kosongkan untuk berhenti menerima pengingat di alamat pribadi.
      </p>
      <form method="post" action="${AGENCY_BASE}/surel">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <label for="surel-alamat">Alamat surel Anda</label>
        <input
          type="email"
          id="surel-alamat"
          name="surel"
          maxlength="200"
          value="${state.values.surel ?? options.email ?? ''}"
        />
        <button type="submit">Simpan alamat</button>
      </form>
    </div>`;
}

const RESULT_MESSAGES: Readonly<Record<string, string>> = {
  iso: 'Sertifikat ISO/IEC 27001 telah dicatat.',
  laporan: 'Laporan semester telah diterima.',
  pejabat: 'Perubahan pejabat atau struktur telah dicatat.',
  pemberitahuan: 'Surat pemberitahuan perubahan telah diterima.',
  surel: 'Alamat surel pengingat telah disimpan.',
};

export function resultMessage(code: string | undefined): Html {
  const message = code ? RESULT_MESSAGES[code] : undefined;
  return message ? html`<div class="alert ok" role="status" id="hasil">${message}</div>` : html``;
}

/** One agency's deadlines: the head's own page, or Dukcapil's page of that agency. */
export function agencyDeadlinesBody(options: {
  base: string;
  documentBase: string;
  csrfToken: string;
  view: AgencyDeadlines;
  asDukcapil: boolean;
  canRecord: boolean;
  canManageCalendar: boolean;
  result?: string | undefined;
  state?: FormState | undefined;
  reminderEmail?: string | null;
}): Html {
  const { view } = options;
  const agreement = view.agreement;
  return html`<h1>
      Tenggat Kewajiban PKS${options.asDukcapil ? html` — ${view.agency.name}` : ''}
    </h1>
    ${options.asDukcapil ? html`<p><a href="${DUKCAPIL_BASE}">« Semua instansi</a></p>` : ''}
    ${resultMessage(options.result)}
    ${
      agreement
        ? html`<p>
            PKS nomor <strong>${agreement.nomorDukcapil}</strong>, ditandatangani
            ${formatDate(agreement.signedOn)}, berakhir ${formatDate(agreement.endsOn)}. Keadaan per
            ${formatDate(view.today)}.
          </p>`
        : html`<div class="alert warn">Instansi ini tidak memiliki PKS yang berlaku.</div>`
    }
    ${figures(view.counts)} ${calendarGapNote(view.calendarGaps, options.canManageCalendar)}
    ${deadlineTable({ rows: view.deadlines, documentBase: options.documentBase, withAgency: false })}
    ${
      options.canRecord
        ? fulfilmentForms({
            base: options.base,
            csrfToken: options.csrfToken,
            view,
            asDukcapil: options.asDukcapil,
            state: options.state,
          })
        : ''
    }
    ${
      options.reminderEmail !== undefined
        ? reminderEmailForm({
            csrfToken: options.csrfToken,
            email: options.reminderEmail,
            state: options.state,
          })
        : ''
    }
    ${howComputed()}`;
}

const STATUS_FILTER_LABELS: Readonly<Record<StatusFilter, string>> = {
  SEMUA: 'Semua status',
  BELUM_TERPENUHI: 'Belum terpenuhi',
  ...DEADLINE_STATUS_LABELS,
};

function filterQuery(filter: DeadlinePage['filter'], page: number): string {
  const params = new URLSearchParams();
  if (filter.status !== 'SEMUA') params.set('status', filter.status);
  if (filter.kind !== 'SEMUA') params.set('jenis', filter.kind);
  if (filter.agency) params.set('instansi', filter.agency);
  if (page > 1) params.set('halaman', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
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
    ${
      view.byAgency.length === 0
        ? html`<p class="card">Belum ada instansi dengan PKS yang berlaku.</p>`
        : html`<table id="per-instansi">
            <thead>
              <tr>
                <th scope="col">Instansi</th>
                <th scope="col" class="num">Terlambat</th>
                <th scope="col" class="num">Segera jatuh tempo</th>
                <th scope="col" class="num">Akan datang</th>
                <th scope="col" class="num">Terpenuhi</th>
              </tr>
            </thead>
            <tbody>
              ${view.byAgency.map(
                (row) =>
                  html`<tr class="${row.counts.TERLAMBAT > 0 ? 'bad' : ''}">
                    <th scope="row">
                      <a href="${agencyPagePath(row.agency.code)}">${row.agency.code}</a>
                      ${row.agency.name}
                    </th>
                    <td class="num">
                      ${
                        row.counts.TERLAMBAT > 0
                          ? html`<span class="flag bad">${row.counts.TERLAMBAT} terlambat</span>`
                          : '0'
                      }
                    </td>
                    <td class="num">${row.counts.SEGERA}</td>
                    <td class="num">${row.counts.AKAN_DATANG}</td>
                    <td class="num">${row.counts.TERPENUHI}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <h2>Daftar tenggat</h2>
    <form method="get" action="${DUKCAPIL_BASE}" class="filters card">
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          ${Object.entries(STATUS_FILTER_LABELS).map(
            ([value, label]) =>
              html`<option value="${value}" ${filter.status === value ? 'selected' : ''}>
                ${label}
              </option>`,
          )}
        </select>
      </div>
      <div>
        <label for="f-jenis">Kewajiban</label>
        <select id="f-jenis" name="jenis">
          <option value="SEMUA">Semua kewajiban</option>
          ${DEADLINE_KINDS.map(
            (kind) =>
              html`<option value="${kind}" ${filter.kind === kind ? 'selected' : ''}>
                ${DEADLINE_KIND_LABELS[kind]}
              </option>`,
          )}
        </select>
      </div>
      <div>
        <label for="f-instansi">Instansi</label>
        <select id="f-instansi" name="instansi">
          <option value="">Semua instansi</option>
          ${view.agencies.map(
            (a) =>
              html`<option value="${a.code}" ${filter.agency === a.code ? 'selected' : ''}>
                ${a.code}
              </option>`,
          )}
        </select>
      </div>
      <button type="submit">Tampilkan</button>
    </form>
    <p id="jumlah">${view.total} tenggat; halaman ${filter.page} dari ${view.pages}.</p>
    ${deadlineTable({
      rows: view.rows,
      documentBase: `${DUKCAPIL_BASE}/berkas`,
      withAgency: true,
      agencyLink: agencyPagePath,
    })}
    ${
      view.pages > 1
        ? html`<nav class="pager" aria-label="Halaman">
            ${
              filter.page > 1
                ? html`<a href="${DUKCAPIL_BASE}${filterQuery(filter, filter.page - 1)}"
                    >« Sebelumnya</a
                  >`
                : ''
            }
            <span>Halaman ${filter.page} dari ${view.pages}</span>
            ${
              filter.page < view.pages
                ? html`<a href="${DUKCAPIL_BASE}${filterQuery(filter, filter.page + 1)}"
                    >Berikutnya »</a
                  >`
                : ''
            }
          </nav>`
        : ''
    }
    ${howComputed()}`;
}

const FIXED_LIST = FIXED_HOLIDAYS.map((h) => h.name).join(', ');

/** The holiday calendar: every Dukcapil user reads it, the admin edits it. */
export function calendarBody(options: {
  view: HolidayYear;
  canManage: boolean;
  csrfToken: string;
  problem?: string | undefined;
  values?: Readonly<Record<string, string>>;
  message?: string | undefined;
}): Html {
  const { view } = options;
  const values = options.values ?? {};
  return html`<h1>Kalender Hari Libur ${view.year}</h1>
    <p><a href="${DUKCAPIL_BASE}">« Tenggat kewajiban instansi</a></p>
    ${options.message ? html`<div class="alert ok" role="status" id="hasil">${options.message}</div>` : ''}
    ${problemAlert(options.problem)}
    <div class="alert warn" id="catatan-kalender">
      Kalender ini menjadi dasar hitungan hari kerja (batas waktu laporan semester). Yang tersedia
      otomatis hanya hari libur bertanggal tetap (${FIXED_LIST}) tahun 2025–2028. Hari libur
      nasional lainnya berpindah tanggal setiap tahun dan cuti bersama ditetapkan setiap tahun:
      keduanya <strong>wajib dimasukkan setiap tahun</strong> sesuai Surat Keputusan Bersama (SKB) 3
      Menteri tentang hari libur nasional dan cuti bersama tahun itu.
      ${
        view.hasMovingHolidays
          ? ''
          : html`<br /><strong>Tahun ${view.year} baru memuat hari libur bertanggal tetap.</strong>`
      }
    </div>
    <nav class="tabs" aria-label="Tahun">
      ${view.years.map((year) =>
        year === view.year
          ? html`<strong>${year}</strong>`
          : html`<a href="${CALENDAR_PATH}?tahun=${year}">${year}</a>`,
      )}
      <a href="${CALENDAR_PATH}?tahun=${Math.max(...view.years) + 1}"
        >${Math.max(...view.years) + 1} »</a
      >
    </nav>
    ${
      view.holidays.length === 0
        ? html`<p class="card">Belum ada hari libur tercatat untuk tahun ${view.year}.</p>`
        : html`<table id="hari-libur">
            <thead>
              <tr>
                <th scope="col">Tanggal</th>
                <th scope="col">Hari</th>
                <th scope="col">Nama</th>
                <th scope="col">Jenis</th>
                ${options.canManage ? html`<th scope="col">Tindakan</th>` : ''}
              </tr>
            </thead>
            <tbody>
              ${view.holidays.map(
                (h: Holiday) =>
                  html`<tr data-date="${h.date}">
                    <td>${formatDate(h.date)}</td>
                    <td>${weekday(h.date)}</td>
                    <td>${h.name}</td>
                    <td>${HOLIDAY_KIND_LABELS[h.kind]}</td>
                    ${
                      options.canManage
                        ? html`<td><a href="${CALENDAR_PATH}/${h.date}/hapus">Hapus</a></td>`
                        : ''
                    }
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      options.canManage
        ? html`<h2>Tambah atau perbaiki hari libur</h2>
            <form method="post" action="${CALENDAR_PATH}" class="card">
              <input type="hidden" name="_csrf" value="${options.csrfToken}" />
              <label for="libur-tanggal">Tanggal</label>
              <input
                type="date"
                id="libur-tanggal"
                name="tanggal"
                required
                value="${values.tanggal ?? ''}"
              />
              <label for="libur-nama">Nama</label>
              <input
                type="text"
                id="libur-nama"
                name="nama"
                required
                maxlength="200"
                value="${values.nama ?? ''}"
              />
              <label for="libur-jenis">Jenis</label>
              <select id="libur-jenis" name="jenis">
                ${HOLIDAY_KINDS.map(
                  (kind) =>
                    html`<option value="${kind}" ${values.jenis === kind ? 'selected' : ''}>
                      ${HOLIDAY_KIND_LABELS[kind]}
                    </option>`,
                )}
              </select>
              <p class="hint">Tanggal yang sudah tercatat diperbarui nama dan jenisnya.</p>
              <button type="submit">Simpan</button>
            </form>
            <h2>Muat dari berkas CSV</h2>
            <form
              method="post"
              action="${CALENDAR_PATH}/impor"
              enctype="multipart/form-data"
              class="card"
            >
              <input type="hidden" name="_csrf" value="${options.csrfToken}" />
              <p class="hint">
                Baris pertama <code>${HOLIDAY_CSV_HEADER}</code>; tanggal YYYY-MM-DD; jenis
                LIBUR_NASIONAL atau CUTI_BERSAMA. Bila satu baris salah, tidak ada yang disimpan.
              </p>
              <label for="libur-berkas">Berkas CSV</label>
              <input type="file" id="libur-berkas" name="berkas" accept=".csv,text/csv" required />
              <button type="submit">Muat</button>
            </form>`
        : ''
    }`;
}

/** Confirmation before a day leaves the calendar (deadlines counted over it move). */
export function removeHolidayBody(options: {
  holiday: Holiday;
  csrfToken: string;
  problem?: string | undefined;
}): Html {
  const h = options.holiday;
  return html`<h1>Hapus hari libur</h1>
    ${problemAlert(options.problem)}
    <div class="card">
      <p>
        ${weekday(h.date)}, ${formatDate(h.date)} — <strong>${h.name}</strong>
        (${HOLIDAY_KIND_LABELS[h.kind]}) akan dihapus dari kalender. Batas waktu laporan semester
        yang dihitung melewati tanggal ini akan maju satu hari kerja.
      </p>
      <form method="post" action="${CALENDAR_PATH}/${h.date}/hapus">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <label for="hapus-alasan">Alasan (dicatat)</label>
        <input
          type="text"
          id="hapus-alasan"
          name="alasan"
          required
          minlength="5"
          maxlength="1000"
        />
        ${confirmBox('hapus-konfirmasi', 'Saya yakin menghapus hari libur ini.')}
        <button type="submit">Hapus</button>
      </form>
      <p><a href="${CALENDAR_PATH}?tahun=${h.date.slice(0, 4)}">Batal</a></p>
    </div>`;
}

export function notFoundBody(back: string, message: string): Html {
  return html`<h1>Tidak ditemukan</h1>
    <div class="alert bad">${message}</div>
    <p><a href="${back}">Kembali</a></p>`;
}

/** The reminder shown atop every page an agency head opens while something is pressing. */
export function reminderBanner(pressing: readonly DeadlineView[]): Html {
  const overdue = pressing.filter((d) => d.status === 'TERLAMBAT');
  const soon = pressing.filter((d) => d.status === 'SEGERA');
  const parts = [
    overdue.length > 0 ? `${overdue.length} kewajiban terlambat` : '',
    soon.length > 0 ? `${soon.length} kewajiban segera jatuh tempo` : '',
  ].filter(Boolean);
  return html`<div
    class="alert ${overdue.length > 0 ? 'bad' : 'warn'}"
    role="status"
    id="pengingat-tenggat"
  >
    <strong>Pengingat tenggat: ${parts.join(' dan ')}.</strong>
    <ul>
      ${pressing
        .slice(0, 3)
        .map(
          (d) =>
            html`<li>
              ${d.status === 'TERLAMBAT' ? 'Terlambat' : 'Segera'}: ${deadlineSubject(d)} — batas
              ${formatDate(d.dueOn)} (${dueInWords(d)})
            </li>`,
        )}
    </ul>
    <a href="${AGENCY_BASE}">Lihat dan penuhi kewajiban</a>
  </div>`;
}
