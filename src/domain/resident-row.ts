import { daysInMonth, parseNik } from './nik.js';
import {
  MARITAL_STATUSES,
  RESIDENT_STATUSES,
  SEXES,
  type MaritalStatus,
  type Resident,
} from './resident.js';
import type { ResidentStatus } from './responses.js';
import { wibDay } from './time.js';

/**
 * One record of the registry CSV (SPEC §8): the columns, the check of one record into a
 * Resident, and the inverse (a Resident as a CSV line). Pure: the reference data it needs
 * (known villages, the occupation list) is passed in, so the domain does no I/O.
 */
export const REGISTRY_COLUMNS = [
  'nik',
  'nama_lengkap',
  'jenis_kelamin',
  'tempat_lahir',
  'tanggal_lahir',
  'status_perkawinan',
  'jenis_pekerjaan',
  'alamat',
  'kode_desa',
  'rt',
  'rw',
  'status',
] as const;
export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number];
export const REGISTRY_HEADER = REGISTRY_COLUMNS.join(',');

export interface ResidentRowRules {
  /** Whether a 10-digit village code names a known village (Kemendagri reference data). */
  readonly isKnownVillage: (kodeDesa: string) => boolean;
  /** The occupation names of the register, uppercase as the register writes them. */
  readonly occupations: ReadonlySet<string>;
  /** "Today": no one is born after it, and it fixes the century of the NIK's birth year. */
  readonly today: Date;
}

export type ResidentRowResult =
  | { readonly ok: true; readonly resident: Resident }
  | { readonly ok: false; readonly reasons: readonly string[] };

/** The lengths allowed by the CHECK constraints of table `resident` (001_init.sql). */
export const MAX_LENGTH = { nama_lengkap: 200, tempat_lahir: 100, alamat: 300 } as const;

/** Birth dates before this year are taken as typing errors rather than very old people. */
export const EARLIEST_BIRTH_YEAR = 1850;

const SEX_SET: ReadonlySet<string> = new Set(SEXES);
const MARITAL_SET: ReadonlySet<string> = new Set(MARITAL_STATUSES);
const STATUS_SET: ReadonlySet<string> = new Set(RESIDENT_STATUSES);

// Letters of any script (names such as ZULAIKHA or ʼAISYAH), spaces and the punctuation
// the register uses in names: MUH. SOLEH, NUR'AINI, SITI-AMINAH, SUGENG, S.PD.
const NAME_PATTERN = /^[\p{L}\p{M} .,'`ʼ-]+$/u;
// What is left after whitespace runs are collapsed: NUL and the like, which PostgreSQL text
// refuses (NUL) or which no printed register holds.
// eslint-disable-next-line no-control-regex
const CONTROL_PATTERN = /[\u0000-\u001f\u007f]/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const RT_RW_PATTERN = /^\d{1,3}$/;
const VILLAGE_PATTERN = /^\d{10}$/;
const DOTTED_VILLAGE_PATTERN = /^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$/;

/** Trimmed, whitespace runs (a line break inside a quoted field too) made one space. */
function clean(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Length in characters as PostgreSQL's length() counts them (code points, not UTF-16 units). */
function characterLength(value: string, limit: number): number {
  // Code points never outnumber UTF-16 units: a string within the limit needs no count.
  if (value.length <= limit) return value.length;
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A low surrogate is the second half of one character above U+FFFF.
    if (unit >= 0xdc00 && unit <= 0xdfff) count--;
  }
  return count;
}

function oneOf(list: readonly string[]): string {
  return `harus salah satu dari ${list.join(', ')}`;
}

/**
 * Checks one CSV record (fields in the order of REGISTRY_COLUMNS) and returns the Resident
 * as the register keeps it — text trimmed and uppercase, RT/RW as three digits — or every
 * reason it is refused, each naming its column.
 *
 * A NIK whose birth date or sex differs from the row is accepted: a NIK keeps the data it
 * was first issued with, and a later correction of the birth date does not change it.
 */
export function validateResidentRow(
  fields: readonly string[],
  rules: ResidentRowRules,
): ResidentRowResult {
  if (fields.length !== REGISTRY_COLUMNS.length) {
    return {
      ok: false,
      reasons: [`jumlah kolom ${fields.length}, seharusnya ${REGISTRY_COLUMNS.length}`],
    };
  }
  const reasons: string[] = [];
  const refuse = (column: RegistryColumn, reason: string) =>
    reasons.push(`kolom ${column}: ${reason}`);
  const raw = (index: number) => fields[index] ?? '';

  const nik = raw(0).trim();
  if (nik === '') refuse('nik', 'wajib diisi');
  else {
    const parsed = parseNik(nik, rules.today);
    if (!parsed.ok) refuse('nik', parsed.reason);
  }

  const text = (column: RegistryColumn, index: number, max: number, pattern?: RegExp) => {
    const value = clean(raw(index)).toUpperCase();
    if (value === '') refuse(column, 'wajib diisi');
    else if (characterLength(value, max) > max) refuse(column, `paling panjang ${max} karakter`);
    else if (CONTROL_PATTERN.test(value)) {
      refuse(column, 'berisi karakter kendali yang tidak diperbolehkan');
    } else if (pattern && !pattern.test(value)) {
      refuse(column, 'hanya boleh berisi huruf, spasi, titik, koma, apostrof dan tanda hubung');
    }
    return value;
  };
  const choice = (column: RegistryColumn, index: number, allowed: ReadonlySet<string>) => {
    const value = clean(raw(index)).toUpperCase();
    if (value === '') refuse(column, 'wajib diisi');
    else if (!allowed.has(value)) refuse(column, oneOf([...allowed]));
    return value;
  };

  const namaLengkap = text('nama_lengkap', 1, MAX_LENGTH.nama_lengkap, NAME_PATTERN);
  const jenisKelamin = choice('jenis_kelamin', 2, SEX_SET);
  const tempatLahir = text('tempat_lahir', 3, MAX_LENGTH.tempat_lahir);
  const tanggalLahir = checkBirthDate(raw(4).trim(), rules.today, (reason) =>
    refuse('tanggal_lahir', reason),
  );
  const statusPerkawinan = choice('status_perkawinan', 5, MARITAL_SET);

  const jenisPekerjaan = clean(raw(6)).toUpperCase();
  if (jenisPekerjaan === '') refuse('jenis_pekerjaan', 'wajib diisi');
  else if (!rules.occupations.has(jenisPekerjaan)) {
    refuse('jenis_pekerjaan', `"${jenisPekerjaan}" tidak terdapat dalam daftar jenis pekerjaan`);
  }

  const alamat = text('alamat', 7, MAX_LENGTH.alamat);

  let kodeDesa = raw(8).trim();
  // The dotted form of the Kemendagri lists (33.03.05.2001) is the same code.
  const dotted = DOTTED_VILLAGE_PATTERN.exec(kodeDesa);
  if (dotted) kodeDesa = dotted.slice(1).join('');
  if (kodeDesa === '') refuse('kode_desa', 'wajib diisi');
  else if (!VILLAGE_PATTERN.test(kodeDesa)) {
    refuse('kode_desa', 'harus kode desa/kelurahan Kemendagri 10 digit angka');
  } else if (!rules.isKnownVillage(kodeDesa)) {
    refuse('kode_desa', `kode desa/kelurahan ${kodeDesa} tidak dikenal`);
  }

  const rt = neighbourhood('rt', raw(9).trim(), refuse);
  const rw = neighbourhood('rw', raw(10).trim(), refuse);
  const status = choice('status', 11, STATUS_SET);

  if (reasons.length > 0) return { ok: false, reasons };
  return {
    ok: true,
    resident: {
      nik,
      namaLengkap,
      jenisKelamin: jenisKelamin as Resident['jenisKelamin'],
      tempatLahir,
      tanggalLahir,
      statusPerkawinan: statusPerkawinan as MaritalStatus,
      jenisPekerjaan,
      alamat,
      kodeDesa,
      rt,
      rw,
      status: status as ResidentStatus,
    },
  };
}

// A load checks a million rows against the same "today": work its WIB day out once.
let lastToday = NaN;
let lastTodayWib = '';
function wibDayOf(today: Date): string {
  if (today.getTime() !== lastToday) {
    lastToday = today.getTime();
    lastTodayWib = wibDay(today);
  }
  return lastTodayWib;
}

function checkBirthDate(value: string, today: Date, refuse: (reason: string) => void): string {
  if (value === '') {
    refuse('wajib diisi');
    return value;
  }
  const match = DATE_PATTERN.exec(value);
  const [year, month, day] = match ? match.slice(1).map(Number) : [];
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  ) {
    refuse('bukan tanggal yang sah (YYYY-MM-DD)');
  } else if (year < EARLIEST_BIRTH_YEAR) {
    refuse(`tahun lahir sebelum ${EARLIEST_BIRTH_YEAR} tidak dapat diterima`);
  } else {
    // ISO dates compare as text; "today" is the calendar day in WIB, where the office is.
    const todayWib = wibDayOf(today);
    if (value > todayWib) refuse(`tidak boleh setelah hari ini (${todayWib})`);
  }
  return value;
}

function neighbourhood(
  column: 'rt' | 'rw',
  value: string,
  refuse: (column: RegistryColumn, reason: string) => void,
): string {
  if (value === '') refuse(column, 'wajib diisi');
  else if (!RT_RW_PATTERN.test(value)) refuse(column, 'harus angka 1–3 digit');
  return value.padStart(3, '0');
}

/** The fields of a Resident in the order of REGISTRY_COLUMNS. */
export function residentFields(resident: Resident): string[] {
  return [
    resident.nik,
    resident.namaLengkap,
    resident.jenisKelamin,
    resident.tempatLahir,
    resident.tanggalLahir,
    resident.statusPerkawinan,
    resident.jenisPekerjaan,
    resident.alamat,
    resident.kodeDesa,
    resident.rt,
    resident.rw,
    resident.status,
  ];
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV line (RFC 4180 quoting, no line ending) of a Resident. */
export function residentCsvLine(resident: Resident): string {
  return residentFields(resident)
    .map((field) => (NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field))
    .join(',');
}
