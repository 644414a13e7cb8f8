import { wibDay } from './time.js';

/**
 * NIK (Nomor Induk Kependudukan): 16 digits — province (2), regency (2), district (2),
 * birth date DDMMYY with 40 added to the day for women, serial (4, 0001–9999).
 */
export type Nik = string & { readonly __brand: 'Nik' };

export type NikSex = 'LAKI-LAKI' | 'PEREMPUAN';

export interface ParsedNik {
  readonly nik: Nik;
  readonly provinceCode: string;
  /** The six-digit district code under which the NIK was issued (it may since have changed). */
  readonly districtCode: string;
  readonly sex: NikSex;
  /** YYYY-MM-DD; the century is the most recent one that does not put the date in the future. */
  readonly birthDate: string;
  readonly serial: number;
}

export type NikProblem =
  'PANJANG' | 'BUKAN_ANGKA' | 'PROVINSI' | 'WILAYAH' | 'TANGGAL_LAHIR' | 'NOMOR_URUT';

export const NIK_PROBLEM_TEXT: Readonly<Record<NikProblem, string>> = {
  PANJANG: 'NIK harus terdiri dari 16 digit',
  BUKAN_ANGKA: 'NIK hanya boleh berisi angka 0–9',
  PROVINSI: 'Kode provinsi pada NIK tidak dikenal',
  WILAYAH: 'Kode kabupaten/kota atau kecamatan pada NIK tidak boleh 00',
  TANGGAL_LAHIR: 'Tanggal lahir pada NIK bukan tanggal yang sah',
  NOMOR_URUT: 'Nomor urut pada NIK harus 0001–9999',
};

export type NikResult =
  | { readonly ok: true; readonly value: ParsedNik }
  | { readonly ok: false; readonly problem: NikProblem; readonly reason: string };

/** The 38 province codes of Kepmendagri 300.2.2-2138/2025 (reference/wilayah.csv). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set(
  (
    '11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 ' +
    '71 72 73 74 75 76 81 82 91 92 93 94 95 96'
  ).split(' '),
);

const fail = (problem: NikProblem): NikResult => ({
  ok: false,
  problem,
  reason: NIK_PROBLEM_TEXT[problem],
});

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * Parses a NIK exactly as typed: no trimming, no separators. `today` fixes the century of
 * the two-digit birth year.
 */
export function parseNik(input: string, today: Date): NikResult {
  if (input.length !== 16) return fail(/^\d*$/.test(input) ? 'PANJANG' : 'BUKAN_ANGKA');
  if (!/^\d{16}$/.test(input)) return fail('BUKAN_ANGKA');

  const provinceCode = input.slice(0, 2);
  if (!PROVINCE_CODES.has(provinceCode)) return fail('PROVINSI');
  if (input.slice(2, 4) === '00' || input.slice(4, 6) === '00') return fail('WILAYAH');

  const rawDay = Number(input.slice(6, 8));
  const month = Number(input.slice(8, 10));
  const yy = Number(input.slice(10, 12));
  const female = rawDay > 40;
  const day = female ? rawDay - 40 : rawDay;
  // The most recent century that does not put the birth date after today (WIB).
  const todayIso = wibDay(today);
  const recent = `${2000 + yy}-${pad(month, 2)}-${pad(day, 2)}`;
  const year = recent <= todayIso ? 2000 + yy : 1900 + yy;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('TANGGAL_LAHIR');
  }

  const serial = Number(input.slice(12, 16));
  if (serial === 0) return fail('NOMOR_URUT');

  return {
    ok: true,
    value: {
      nik: input as Nik,
      provinceCode,
      districtCode: input.slice(0, 6),
      sex: female ? 'PEREMPUAN' : 'LAKI-LAKI',
      birthDate: `${year}-${pad(month, 2)}-${pad(day, 2)}`,
      serial,
    },
  };
}

/** Builds the NIK of a person: the inverse of parseNik, used by the registry generator. */
export function composeNik(
  districtCode: string,
  birthDate: string,
  sex: NikSex,
  serial: number,
): Nik {
  const [year, month, day] = birthDate.split('-');
  const dd = Number(day) + (sex === 'PEREMPUAN' ? 40 : 0);
  return `${districtCode}${pad(dd, 2)}${month}${year!.slice(2)}${pad(serial, 4)}` as Nik;
}
