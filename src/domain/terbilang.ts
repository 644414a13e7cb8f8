import { DAY_NAMES, MONTH_NAMES } from './indonesian-dates.js';
/**
 * Numbers and dates in Indonesian words, as official letters write them ("Pada hari ini
 * Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam").
 */

const UNITS = [
  'nol',
  'satu',
  'dua',
  'tiga',
  'empat',
  'lima',
  'enam',
  'tujuh',
  'delapan',
  'sembilan',
  'sepuluh',
  'sebelas',
];

/** A whole number 0–999,999,999 in words ("dua ribu dua puluh enam"). */
export function terbilang(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999_999) {
    throw new RangeError(`terbilang: ${n} di luar 0–999.999.999`);
  }
  if (n < 12) return UNITS[n]!;
  if (n < 20) return `${UNITS[n - 10]} belas`;
  if (n < 100) return joined(`${UNITS[Math.floor(n / 10)]} puluh`, n % 10);
  if (n < 200) return joined('seratus', n - 100);
  if (n < 1000) return joined(`${UNITS[Math.floor(n / 100)]} ratus`, n % 100);
  if (n < 2000) return joined('seribu', n - 1000);
  if (n < 1_000_000) return joined(`${terbilang(Math.floor(n / 1000))} ribu`, n % 1000);
  return joined(`${terbilang(Math.floor(n / 1_000_000))} juta`, n % 1_000_000);
}

function joined(head: string, rest: number): string {
  return rest === 0 ? head : `${head} ${terbilang(rest)}`;
}

function parts(isoDate: string): { year: number; month: number; day: number; weekday: number } {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday };
}

/** 2026-11-24 → "Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam" */
export function dateInWords(isoDate: string): string {
  const { year, month, day, weekday } = parts(isoDate);
  return (
    `${DAY_NAMES[weekday]} tanggal ${terbilang(day)} bulan ${MONTH_NAMES[month - 1]} ` +
    `tahun ${terbilang(year)}`
  );
}
