import type { LookupWindow, NikHalves } from './lookup-window.js';

/** Days since 1970-01-01 of a civil date (proleptic Gregorian), without a Date object. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * The parts of each NIK of a window, read once into typed arrays that are reused from one
 * lookup to the next: the detector runs inline on every lookup, so it reads each NIK's digits
 * as two numbers (from the compact window's bytes or a NIK's characters: lookup-window.ts)
 * and keeps no per-lookup objects. Not exported from the folder.
 */
export class WindowFeatures {
  length = 0;
  /** 1 when the entry holds a 16-digit NIK. */
  valid = new Uint8Array(0);
  /** The 6-digit region code. */
  region = new Int32Array(0);
  /** DDMMYY as written in the NIK (women's day + 40): the serials count within one of these. */
  rawDate = new Int32Array(0);
  /** The birth date as days since 1970, the same for men and women. */
  birthDay = new Int32Array(0);
  serial = new Int32Array(0);
  /** The NIK as a number in two halves of 8 digits (16 digits do not fit a double exactly). */
  high = new Int32Array(0);
  low = new Int32Array(0);
  private readonly halves: NikHalves = { high: 0, low: 0 };

  /**
   * Reads `count` entries of `window` from `offset`. `pivotYear` (0–99) fixes the century of
   * a two-digit birth year: up to it 20YY, above it 19YY.
   */
  load(window: LookupWindow, offset: number, count: number, pivotYear: number): void {
    if (this.valid.length < count) this.grow(count);
    this.length = count;
    const halves = this.halves;
    for (let k = 0; k < count; k++) {
      if (!window.nikHalves(offset + k, halves)) {
        this.valid[k] = 0;
        continue;
      }
      const { high, low } = halves;
      this.valid[k] = 1;
      this.high[k] = high;
      this.low[k] = low;
      this.region[k] = Math.floor(high / 100);
      const rawDay = high % 100;
      const month = Math.floor(low / 1_000_000);
      const yy = Math.floor(low / 10_000) % 100;
      this.rawDate[k] = rawDay * 10_000 + month * 100 + yy;
      const day = rawDay > 40 ? rawDay - 40 : rawDay;
      this.birthDay[k] = daysFromCivil(yy <= pivotYear ? 2000 + yy : 1900 + yy, month, day);
      this.serial[k] = low % 10_000;
    }
  }

  /** Whether entries a and b hold the same NIK (both valid). */
  sameNik(a: number, b: number): boolean {
    return this.high[a] === this.high[b] && this.low[a] === this.low[b];
  }

  /** NIK(b) − NIK(a), exact while the two differ by less than 2^53 (any two NIKs of a province). */
  difference(a: number, b: number): number {
    return (this.high[b]! - this.high[a]!) * 1e8 + (this.low[b]! - this.low[a]!);
  }

  private grow(count: number): void {
    this.valid = new Uint8Array(count);
    this.region = new Int32Array(count);
    this.rawDate = new Int32Array(count);
    this.birthDay = new Int32Array(count);
    this.serial = new Int32Array(count);
    this.high = new Int32Array(count);
    this.low = new Int32Array(count);
  }
}
