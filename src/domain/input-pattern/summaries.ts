import { DAY_NAMES } from '../indonesian-dates.js';
import { maskNik } from '../nik-mask.js';
import { WIB_OFFSET_MS } from '../time.js';
import type { ObservedLookup, PatternScope, ServiceHours } from './detector.js';

/**
 * The one-sentence summaries of findings, in Bahasa Indonesia, for Dukcapil's alerts and the
 * agency head. NIKs appear only masked (region and serial, never the birth date), as the
 * audit page shows them.
 */

function by(scope: PatternScope, users: number): string {
  return scope === 'PENGGUNA'
    ? 'oleh pengguna yang sama'
    : `oleh ${users} pengguna dari instansi yang sama`;
}

function firstToLast(lookups: readonly ObservedLookup[]): string {
  return `${maskNik(lookups[0]?.nik ?? null)} s.d. ${maskNik(lookups.at(-1)?.nik ?? null)}`;
}

function regionOf(lookup: ObservedLookup | undefined): string {
  return lookup?.nik?.slice(0, 6) ?? '—';
}

export function honeytokenSummary(lookup: ObservedLookup): string {
  return (
    `Pencarian NIK jebakan (honeytoken) ${maskNik(lookup.nik)} yang ditanam Dukcapil ` +
    'dan tidak dimiliki oleh penduduk mana pun.'
  );
}

/** 07:00 → 07.00 (Indonesian clock notation). */
function clockText(clock: string): string {
  return `${clock.slice(0, 2)}.${clock.slice(3, 5)}`;
}

function dayName(isoDay: number): string {
  return DAY_NAMES[isoDay % 7] ?? String(isoDay);
}

function daysText(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 0) return 'tanpa hari layanan';
  if (sorted.length === 7) return 'setiap hari';
  const contiguous = sorted.every((day, i) => i === 0 || day === sorted[i - 1]! + 1);
  if (contiguous && sorted.length >= 3) {
    return `${dayName(sorted[0]!)}–${dayName(sorted.at(-1)!)}`;
  }
  return sorted.map(dayName).join(', ');
}

export function outOfHoursSummary(at: Date, hours: ServiceHours): string {
  const wib = new Date(at.getTime() + WIB_OFFSET_MS);
  const isoDay = wib.getUTCDay() === 0 ? 7 : wib.getUTCDay();
  const time = clockText(wib.toISOString().slice(11, 16));
  const open =
    hours.start === null || hours.end === null
      ? '24 jam'
      : `pukul ${clockText(hours.start)}–${clockText(hours.end)} WIB`;
  return (
    `Pencarian pada hari ${dayName(isoDay)} pukul ${time} WIB, di luar jam layanan instansi ` +
    `(${daysText(hours.days)}, ${open}).`
  );
}

export function sequentialSerialsSummary(
  lookups: readonly ObservedLookup[],
  up: boolean,
  scope: PatternScope,
  users: number,
): string {
  return (
    `${lookups.length} NIK dengan nomor urut ${up ? 'naik' : 'turun'} berturut-turut pada ` +
    `wilayah ${regionOf(lookups[0])} dan tanggal lahir yang sama dicari ${by(scope, users)}: ` +
    `${firstToLast(lookups)}.`
  );
}

export function consecutiveDatesSummary(
  lookups: readonly ObservedLookup[],
  up: boolean,
  scope: PatternScope,
  users: number,
): string {
  return (
    `${lookups.length} NIK wilayah ${regionOf(lookups[0])} dengan tanggal lahir berurutan ` +
    `(${up ? 'maju' : 'mundur'} hari demi hari) dicari ${by(scope, users)}.`
  );
}

export function progressionSummary(
  lookups: readonly ObservedLookup[],
  scope: PatternScope,
  users: number,
): string {
  return (
    `${lookups.length} NIK berturut-turut dengan selisih nomor yang tetap (deret aritmetika) ` +
    `dicari ${by(scope, users)}: ${firstToLast(lookups)}.`
  );
}

export function sameBirthDateSummary(
  lookups: readonly ObservedLookup[],
  scope: PatternScope,
  users: number,
): string {
  const regions = new Set(lookups.map(regionOf));
  const where =
    regions.size === 1
      ? `pada wilayah ${regionOf(lookups[0])} (sapuan satu kecamatan)`
      : `pada ${regions.size} wilayah berbeda (sapuan kode wilayah)`;
  return (
    `${lookups.length} NIK berbeda dengan tanggal lahir yang sama ${where} ` +
    `dicari ${by(scope, users)}.`
  );
}

export function sortedSummary(
  lookups: readonly ObservedLookup[],
  ascending: boolean,
  scope: PatternScope,
  users: number,
): string {
  return (
    `${lookups.length} NIK berbeda berturut-turut dicari dalam urutan nomor NIK ` +
    `${ascending ? 'naik' : 'turun'}, seperti mengerjakan daftar yang diurutkan, ` +
    `${by(scope, users)}: ${firstToLast(lookups)}.`
  );
}

export function burstSummary(
  count: number,
  seconds: number,
  scope: PatternScope,
  users: number,
): string {
  return (
    `${count} pencarian dalam ${seconds} detik ${by(scope, users)}, lebih cepat daripada ` +
    'pengetikan NIK di loket.'
  );
}

export function rateSummary(
  count: number,
  seconds: number,
  limit: number,
  scope: PatternScope,
  users: number,
): string {
  return (
    `${count} pencarian dalam ${seconds} detik ${by(scope, users)}, melebihi ${limit} ` +
    `pencarian per ${seconds} detik yang dapat dilayani di loket.`
  );
}

export function guessingSummary(
  failed: number,
  answered: number,
  scope: PatternScope,
  users: number,
): string {
  const share = Math.round((failed / answered) * 100);
  return (
    `${failed} dari ${answered} pencarian terakhir ${by(scope, users)} tidak menemukan data ` +
    `(${share}%: NIK tidak terdaftar atau tidak sesuai format), tanda NIK yang ditebak.`
  );
}
