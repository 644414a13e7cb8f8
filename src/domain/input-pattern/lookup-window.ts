/**
 * A window of lookups as the detector reads it: by position, oldest first. The detector runs
 * inline on every lookup and reads two windows of up to 30 entries, almost always finding
 * nothing; read by position, a window kept as compact bytes (store/pattern-window.ts) is read
 * in place, and an entry becomes an object only when it is evidence of a finding (decoding
 * both windows into objects, dates and NIK strings first was half of the policy's cost in
 * the server process, issue 9).
 */

export interface ObservedLookup {
  /** audit_log.id */
  readonly auditId: number;
  readonly at: Date;
  readonly userId: number;
  /** The 16-digit NIK when it passed the format check, else null. */
  readonly nik: string | null;
  /** DITEMUKAN, TIDAK_DITEMUKAN, FORMAT_SALAH, KUOTA_HABIS, … */
  readonly responseCode: string;
}

/** A NIK's first and last eight digits as two numbers (16 digits do not fit a double exactly). */
export interface NikHalves {
  high: number;
  low: number;
}

export interface LookupWindow {
  readonly length: number;
  auditId(k: number): number;
  /** The lookup's time, in ms since the epoch. */
  time(k: number): number;
  userId(k: number): number;
  responseCode(k: number): string;
  /** Writes the NIK's halves into `into`; false when the entry holds no 16-digit NIK. */
  nikHalves(k: number, into: NikHalves): boolean;
  /** The entry as an object (evidence of a finding). */
  lookup(k: number): ObservedLookup;
}

const DIGIT_0 = 48;

/** A NIK's halves read from its 16 characters; false when it is not 16 digits. */
export function nikTextHalves(nik: string | null, into: NikHalves): boolean {
  if (nik === null || nik.length !== 16) return false;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 16; i++) {
    const digit = nik.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) return false;
    if (i < 8) high = high * 10 + digit;
    else low = low * 10 + digit;
  }
  into.high = high;
  into.low = low;
  return true;
}

/** A window over lookups already held as objects (the resident-history requests, tests). */
export function arrayWindow(lookups: readonly ObservedLookup[]): LookupWindow {
  return {
    length: lookups.length,
    auditId: (k) => lookups[k]!.auditId,
    time: (k) => lookups[k]!.at.getTime(),
    userId: (k) => lookups[k]!.userId,
    responseCode: (k) => lookups[k]!.responseCode,
    nikHalves: (k, into) => nikTextHalves(lookups[k]!.nik, into),
    lookup: (k) => lookups[k]!,
  };
}

export const asWindow = (window: readonly ObservedLookup[] | LookupWindow): LookupWindow =>
  Array.isArray(window) ? arrayWindow(window) : (window as LookupWindow);
