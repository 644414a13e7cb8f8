import { DAY_NAMES, formatDate } from '../../domain/indonesian-dates.js';
import {
  FIXED_HOLIDAYS,
  HOLIDAY_KIND_LABELS,
  HOLIDAY_KINDS,
  type Holiday,
} from '../../domain/working-days.js';
import { HOLIDAY_CSV_HEADER, type HolidayYear } from '../../services/deadlines/holidays.js';
import { confirmBox } from '../kit/confirm-box.js';
import {
  dateField,
  errorSummary,
  field,
  fileField,
  form,
  select,
  type FieldError,
  type FormState,
} from '../kit/form-fields.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';
import { resultAlert } from './deadline-parts.js';
import { CALENDAR_PATH, DUKCAPIL_BASE } from './paths.js';

/** The calendar's form sent back with its problems: adding one day, or loading a CSV. */
export interface CalendarProblem {
  readonly form: 'tambah' | 'impor';
  readonly values: Readonly<Record<string, string>>;
  readonly errors: readonly FieldError[];
}

const FIELD_IDS: Readonly<Record<string, string>> = {
  tanggal: 'libur-tanggal',
  nama: 'libur-nama',
  jenis: 'libur-jenis',
  berkas: 'libur-berkas',
};

function weekday(iso: string): string {
  return DAY_NAMES[new Date(`${iso}T00:00:00Z`).getUTCDay()]!;
}

const FIXED_LIST = FIXED_HOLIDAYS.map((h) => h.name).join(', ');

/** The holiday calendar: every Dukcapil user reads it, the admin edits it. */
export function calendarBody(options: {
  view: HolidayYear;
  canManage: boolean;
  csrfToken: string;
  problem?: CalendarProblem | undefined;
  message?: string | undefined;
}): Html {
  const { view, problem } = options;
  const adding: FormState = problem?.form === 'tambah' ? problem : {};
  const loading: FormState = problem?.form === 'impor' ? problem : {};
  return html`<h1>Kalender Hari Libur ${view.year}</h1>
    <p><a href="${DUKCAPIL_BASE}">« Tenggat kewajiban instansi</a></p>
    ${errorSummary(problem?.errors, { ids: FIELD_IDS })} ${resultAlert(options.message)}
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
    ${table({
      id: 'hari-libur',
      rows: view.holidays,
      empty: `Belum ada hari libur tercatat untuk tahun ${view.year}.`,
      rowAttributes: (h: Holiday) => ({ 'data-date': h.date }),
      columns: [
        { header: 'Tanggal', cell: (h: Holiday) => formatDate(h.date) },
        { header: 'Hari', cell: (h: Holiday) => weekday(h.date) },
        { header: 'Nama', cell: (h: Holiday) => h.name },
        { header: 'Jenis', cell: (h: Holiday) => HOLIDAY_KIND_LABELS[h.kind] },
        ...(options.canManage
          ? [
              {
                header: 'Tindakan',
                cell: (h: Holiday) => html`<a href="${CALENDAR_PATH}/${h.date}/hapus">Hapus</a>`,
              },
            ]
          : []),
      ],
    })}
    ${
      options.canManage
        ? html`<h2>Tambah atau perbaiki hari libur</h2>
            ${form({
              action: CALENDAR_PATH,
              csrfToken: options.csrfToken,
              className: 'card',
              body: html`${dateField(
                  { name: 'tanggal', id: 'libur-tanggal', label: 'Tanggal', required: true },
                  adding,
                )}
                ${field(
                  { name: 'nama', id: 'libur-nama', label: 'Nama', required: true, maxlength: 200 },
                  adding,
                )}
                ${select(
                  {
                    name: 'jenis',
                    id: 'libur-jenis',
                    label: 'Jenis',
                    hint: 'Tanggal yang sudah tercatat diperbarui nama dan jenisnya.',
                    options: HOLIDAY_KINDS.map((kind) => ({
                      value: kind,
                      label: HOLIDAY_KIND_LABELS[kind],
                    })),
                  },
                  adding,
                )} <button type="submit">Simpan</button>`,
            })}
            <h2>Muat dari berkas CSV</h2>
            ${form({
              action: `${CALENDAR_PATH}/impor`,
              csrfToken: options.csrfToken,
              multipart: true,
              className: 'card',
              body: html`${fileField(
                  {
                    name: 'berkas',
                    id: 'libur-berkas',
                    label: 'Berkas CSV',
                    hint: html`Baris pertama <code>${HOLIDAY_CSV_HEADER}</code>; tanggal YYYY-MM-DD;
                      jenis LIBUR_NASIONAL atau CUTI_BERSAMA. Bila satu baris salah, tidak ada yang
                      disimpan.`,
                    accept: '.csv,text/csv',
                    required: true,
                  },
                  loading,
                )} <button type="submit">Muat</button>`,
            })}`
        : ''
    }`;
}

/** Confirmation before a day leaves the calendar (deadlines counted over it move). */
export function removeHolidayBody(options: {
  holiday: Holiday;
  csrfToken: string;
  state?: FormState;
}): Html {
  const h = options.holiday;
  const state = options.state ?? {};
  return html`<h1>Hapus hari libur</h1>
    ${errorSummary(state.errors, {
      ids: { konfirmasi: 'hapus-konfirmasi', alasan: 'hapus-konfirmasi-alasan' },
    })}
    <div class="card">
      <p>
        ${weekday(h.date)}, ${formatDate(h.date)} — <strong>${h.name}</strong>
        (${HOLIDAY_KIND_LABELS[h.kind]}) akan dihapus dari kalender. Batas waktu laporan semester
        yang dihitung melewati tanggal ini akan maju satu hari kerja.
      </p>
      ${form({
        action: `${CALENDAR_PATH}/${h.date}/hapus`,
        csrfToken: options.csrfToken,
        body: html`${confirmBox('hapus-konfirmasi', 'Saya yakin menghapus hari libur ini.', {
            reason: { label: 'Alasan (dicatat)', maxlength: 1000 },
            state,
          })} <button type="submit">Hapus</button>`,
      })}
      <p><a href="${CALENDAR_PATH}?tahun=${h.date.slice(0, 4)}">Batal</a></p>
    </div>`;
}
