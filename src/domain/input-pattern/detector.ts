import { DEFAULT_PATTERN_SETTINGS, type PatternSettings } from './settings.js';
import {
  burstSummary,
  consecutiveDatesSummary,
  guessingSummary,
  honeytokenSummary,
  outOfHoursSummary,
  progressionSummary,
  rateSummary,
  sameBirthDateSummary,
  sequentialSerialsSummary,
  sortedSummary,
} from './summaries.js';
import { WindowFeatures } from './window-features.js';
import { asWindow, type LookupWindow, type ObservedLookup } from './lookup-window.js';
import { DAY_MS, WIB_OFFSET_MS } from '../time.js';

export type { LookupWindow, ObservedLookup } from './lookup-window.js';

/**
 * The input-pattern detector (issue 9 §2; SPEC §2, Juknis II.E.1: input "tidak boleh …
 * berurutan, berpola, dan dalam waktu yang berdekatan"). Pure: it reads the user's and the
 * agency's most recent lookups (windows a server process keeps from the audit trail,
 * services/lookup/pattern-windows.ts) and says which patterns the new lookup completes or
 * continues. It runs inline
 * on every lookup: one pass or a few over at most `windowSize` entries, nothing allocated
 * unless something is found.
 */

export type PatternKind =
  'BERURUTAN' | 'BERPOLA' | 'BERDEKATAN' | 'TIDAK_DITEMUKAN' | 'DI_LUAR_JAM' | 'HONEYTOKEN';

export type PatternScope = 'PENGGUNA' | 'INSTANSI';

/** 'HH:MM' (or 'HH:MM:SS') in WIB; start and end null: around the clock. ISO days 1..7. */
export interface ServiceHours {
  readonly start: string | null;
  readonly end: string | null;
  readonly days: readonly number[];
}

export interface PatternFinding {
  readonly kind: PatternKind;
  readonly scope: PatternScope;
  /** One sentence in Bahasa Indonesia; NIKs only masked (maskNik). */
  readonly summary: string;
  /** The lookups that make the pattern, oldest first. */
  readonly evidence: readonly ObservedLookup[];
}

export interface PatternInput {
  /** The user's recent lookups, oldest first, ending with the new one. */
  readonly userWindow: readonly ObservedLookup[] | LookupWindow;
  /** The agency's recent lookups (all its users), oldest first, ending with the new one. */
  readonly agencyWindow: readonly ObservedLookup[] | LookupWindow;
  readonly serviceHours: ServiceHours;
  /** The new lookup's NIK is a planted honeytoken. */
  readonly isHoneytoken: boolean;
  readonly settings?: PatternSettings;
}

/** Answers that say something of the NIK typed; refusals (quota, hold, login) do not. */
const ANSWERED = new Set([
  'DITEMUKAN',
  'MENINGGAL',
  'GANDA',
  'NON_AKTIF',
  'TIDAK_DITEMUKAN',
  'FORMAT_SALAH',
]);
const FOUND_NO_ONE = new Set(['TIDAK_DITEMUKAN', 'FORMAT_SALAH']);

// Scratch space reused by every call (the detector is synchronous, so never shared).
const userFeatures = new WindowFeatures();
const agencyFeatures = new WindowFeatures();
let chainUp = new Int32Array(32);
let chainDown = new Int32Array(32);
let sequence = new Int32Array(32);

export function detectPatterns(input: PatternInput): PatternFinding[] {
  const settings = input.settings ?? DEFAULT_PATTERN_SETTINGS;
  const user = asWindow(input.userWindow);
  const agency = asWindow(input.agencyWindow);
  const newest = user.length > 0 ? user : agency;
  if (newest.length === 0) return [];
  const latest = newest.lookup(newest.length - 1);
  const findings: PatternFinding[] = [];

  if (input.isHoneytoken) {
    findings.push({
      kind: 'HONEYTOKEN',
      scope: 'PENGGUNA',
      summary: honeytokenSummary(latest),
      evidence: [latest],
    });
  }
  if (outsideServiceHours(latest.at, input.serviceHours, settings.afterHoursGraceMinutes)) {
    findings.push({
      kind: 'DI_LUAR_JAM',
      scope: 'PENGGUNA',
      summary: outOfHoursSummary(latest.at, input.serviceHours),
      evidence: [latest],
    });
  }

  const wibYear = new Date(latest.at.getTime() + WIB_OFFSET_MS).getUTCFullYear();
  const needed = Math.max(user.length, agency.length);
  if (chainUp.length < needed) {
    chainUp = new Int32Array(needed);
    chainDown = new Int32Array(needed);
    sequence = new Int32Array(needed);
  }
  analyseWindow(user, user.length, 'PENGGUNA', userFeatures, settings, wibYear % 100, findings);
  analyseWindow(
    agency,
    endAt(agency, latest),
    'INSTANSI',
    agencyFeatures,
    settings,
    wibYear % 100,
    findings,
  );
  return findings;
}

/**
 * Where the agency's window ends for the new lookup (just after it): a lookup of another
 * process that committed in between may come after it in the audit trail, and the new lookup
 * is the one judged.
 */
function endAt(window: LookupWindow, latest: ObservedLookup): number {
  for (let k = window.length - 1; k >= 0; k--) {
    if (window.auditId(k) === latest.auditId) return k + 1;
  }
  return window.length;
}

/** Whether an instant falls outside the service hours (WIB), after-closing grace included. */
export function outsideServiceHours(at: Date, hours: ServiceHours, graceMinutes: number): boolean {
  const wib = at.getTime() + WIB_OFFSET_MS;
  const epochDay = Math.floor(wib / DAY_MS);
  const isoDay = ((((epochDay + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
  if (!hours.days.includes(isoDay)) return true;
  if (hours.start === null || hours.end === null) return false;
  const minute = (wib - epochDay * DAY_MS) / 60_000;
  return minute < clockMinutes(hours.start) || minute >= clockMinutes(hours.end) + graceMinutes;
}

/** 'HH:MM' or 'HH:MM:SS' → minutes after midnight. */
export function clockMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Looks at the entries of `whole` before `end` (at most the settings' window size of them). */
function analyseWindow(
  whole: LookupWindow,
  end: number,
  scope: PatternScope,
  features: WindowFeatures,
  settings: PatternSettings,
  pivotYear: number,
  findings: PatternFinding[],
): void {
  const count = Math.min(end, settings.windowSize);
  if (count === 0) return;
  const offset = end - count;
  features.load(whole, offset, count, pivotYear);
  const last = count - 1;
  const users = (indices: readonly number[]) =>
    scope === 'PENGGUNA' ? 1 : distinctUsers(whole, offset, indices);
  const report = (kind: PatternKind, indices: readonly number[], summary: string): boolean => {
    if (scope === 'INSTANSI' && users(indices) < settings.agencyMinUsers) return false;
    findings.push({ kind, scope, summary, evidence: pick(whole, offset, indices) });
    return true;
  };

  if (features.valid[last] === 1) {
    // BERURUTAN first: the same sweep is usually also a progression, one birth date and a
    // sorted list, and one finding of the most specific kind says it best.
    let sequential = false;
    const { sequentialMinRun: minRun } = settings;
    const serials = longestChain(features, true, settings.sequentialMaxSerialStep, minRun);
    if (serials !== null) {
      sequential = report(
        'BERURUTAN',
        serials.indices,
        sequentialSerialsSummary(
          pick(whole, offset, serials.indices),
          serials.up,
          scope,
          users(serials.indices),
        ),
      );
    }
    if (!sequential) {
      const dates = longestChain(features, false, settings.sequentialMaxDateStepDays, minRun);
      if (dates !== null) {
        sequential = report(
          'BERURUTAN',
          dates.indices,
          consecutiveDatesSummary(
            pick(whole, offset, dates.indices),
            dates.up,
            scope,
            users(dates.indices),
          ),
        );
      }
    }
    if (!sequential) findPatterned(whole, offset, features, settings, scope, report, users);
  }

  findRapid(whole, offset, count, settings, scope, report, users);
  findGuessing(whole, offset, count, settings, scope, report, users);
}

type Report = (kind: PatternKind, indices: readonly number[], summary: string) => boolean;
type Users = (indices: readonly number[]) => number;

function pick(whole: LookupWindow, offset: number, indices: readonly number[]) {
  return indices.map((k) => whole.lookup(offset + k));
}

function distinctUsers(whole: LookupWindow, offset: number, indices: readonly number[]): number {
  const seen: number[] = [];
  for (const k of indices) {
    const user = whole.userId(offset + k);
    if (!seen.includes(user)) seen.push(user);
  }
  return seen.length;
}

/**
 * The longest run, ending with the new lookup, of NIKs of its region (and, for serials, its
 * birth date as written) whose serials (or birth dates) go up — or down — by 1..maxStep at
 * each step, other lookups in between skipped: several operators' sweep interleaved with
 * their other applicants still makes a run. One backward pass per direction, taking the
 * most recent lookup that continues the run.
 */
function longestChain(
  features: WindowFeatures,
  bySerial: boolean,
  maxStep: number,
  minRun: number,
): { indices: number[]; up: boolean } | null {
  const up = chain(features, bySerial, maxStep, 1, chainUp);
  const down = chain(features, bySerial, maxStep, -1, chainDown);
  const length = Math.max(up, down);
  if (length < minRun) return null;
  return { indices: backwards(up >= down ? chainUp : chainDown, length), up: up >= down };
}

function chain(
  features: WindowFeatures,
  bySerial: boolean,
  maxStep: number,
  direction: 1 | -1,
  out: Int32Array,
): number {
  const { valid, region, rawDate } = features;
  const value = bySerial ? features.serial : features.birthDay;
  const last = features.length - 1;
  const lastRegion = region[last];
  const lastDate = rawDate[last];
  let current = value[last]!;
  let length = 0;
  out[length++] = last;
  for (let k = last - 1; k >= 0; k--) {
    if (valid[k] === 0 || region[k] !== lastRegion) continue;
    if (bySerial && rawDate[k] !== lastDate) continue;
    const step = (current - value[k]!) * direction;
    if (step >= 1 && step <= maxStep) {
      out[length++] = k;
      current = value[k]!;
    }
  }
  return length;
}

/** BERPOLA: a progression, one birth date across many NIKs, or a list sorted by NIK. */
function findPatterned(
  whole: LookupWindow,
  offset: number,
  features: WindowFeatures,
  settings: PatternSettings,
  scope: PatternScope,
  report: Report,
  users: Users,
): void {
  // The distinct NIKs of the window from the newest back, a NIK repeated right after
  // itself (looked up again) kept once.
  const last = features.length - 1;
  let length = 0;
  sequence[length++] = last;
  for (let k = last - 1; k >= 0; k--) {
    if (features.valid[k] === 0 || features.sameNik(k, sequence[length - 1]!)) continue;
    sequence[length++] = k;
  }

  if (length >= settings.progressionMinRun) {
    const step = features.difference(sequence[1]!, sequence[0]!);
    let run = 2;
    while (run < length && features.difference(sequence[run]!, sequence[run - 1]!) === step) run++;
    if (run >= settings.progressionMinRun) {
      const indices = backwards(sequence, run);
      const summary = progressionSummary(pick(whole, offset, indices), scope, users(indices));
      if (report('BERPOLA', indices, summary)) return;
    }
  }

  // newest first, so that a NIK looked up more than once counts by its latest lookup
  const sameDay: number[] = [];
  const day = features.birthDay[last];
  for (let k = last; k >= 0; k--) {
    if (features.valid[k] === 0 || features.birthDay[k] !== day) continue;
    if (!sameDay.some((j) => features.sameNik(j, k))) sameDay.push(k);
  }
  if (sameDay.length >= settings.sameBirthDateMinDistinct) {
    sameDay.reverse();
    const lookups = pick(whole, offset, sameDay);
    if (report('BERPOLA', sameDay, sameBirthDateSummary(lookups, scope, users(sameDay)))) return;
  }

  if (length >= settings.sortedMinRun) {
    const ascending = features.difference(sequence[1]!, sequence[0]!) > 0;
    let run = 2;
    const rising = (i: number) => features.difference(sequence[i]!, sequence[i - 1]!) > 0;
    while (run < length && rising(run) === ascending) run++;
    if (run >= settings.sortedMinRun) {
      const indices = backwards(sequence, run);
      report(
        'BERPOLA',
        indices,
        sortedSummary(pick(whole, offset, indices), ascending, scope, users(indices)),
      );
    }
  }
}

function backwards(newestFirst: Int32Array, length: number): number[] {
  const indices: number[] = [];
  for (let i = length - 1; i >= 0; i--) indices.push(newestFirst[i]!);
  return indices;
}

/** BERDEKATAN: a burst, or more lookups per minute than counters can serve. */
function findRapid(
  whole: LookupWindow,
  offset: number,
  count: number,
  settings: PatternSettings,
  scope: PatternScope,
  report: Report,
  users: Users,
): void {
  const perUser = scope === 'PENGGUNA';
  const burstCount = perUser ? settings.userBurstCount : settings.agencyBurstCount;
  const burstMs = (perUser ? settings.userBurstSeconds : settings.agencyBurstSeconds) * 1000;
  const rateCount = perUser ? settings.userRateCount : settings.agencyRateCount;
  const rateMs = (perUser ? settings.userRateSeconds : settings.agencyRateSeconds) * 1000;
  const newest = whole.time(offset + count - 1);
  let inBurst = 0;
  let inRate = 0;
  for (let k = count - 1; k >= 0; k--) {
    const age = newest - whole.time(offset + k);
    if (age <= burstMs) inBurst++;
    if (age <= rateMs) inRate++;
  }
  const within = (ms: number) => {
    const indices: number[] = [];
    for (let k = 0; k < count; k++) if (newest - whole.time(offset + k) <= ms) indices.push(k);
    return indices;
  };
  if (inBurst >= burstCount) {
    const indices = within(burstMs);
    const summary = burstSummary(indices.length, burstMs / 1000, scope, users(indices));
    if (report('BERDEKATAN', indices, summary)) return;
  }
  if (inRate >= rateCount) {
    const indices = within(rateMs);
    const seconds = rateMs / 1000;
    report(
      'BERDEKATAN',
      indices,
      rateSummary(indices.length, seconds, rateCount - 1, scope, users(indices)),
    );
  }
}

/** TIDAK_DITEMUKAN: most recent answers found no one (NIKs made up to see which exist). */
function findGuessing(
  whole: LookupWindow,
  offset: number,
  count: number,
  settings: PatternSettings,
  scope: PatternScope,
  report: Report,
  users: Users,
): void {
  if (!FOUND_NO_ONE.has(whole.responseCode(offset + count - 1))) return;
  let answered = 0;
  const failed: number[] = [];
  for (let k = count - 1; k >= 0 && answered < settings.notFoundSample; k--) {
    const code = whole.responseCode(offset + k);
    if (!ANSWERED.has(code)) continue;
    answered++;
    if (FOUND_NO_ONE.has(code)) failed.push(k);
  }
  if (answered < settings.notFoundMinSample || failed.length < settings.notFoundShare * answered)
    return;
  failed.reverse();
  report('TIDAK_DITEMUKAN', failed, guessingSummary(failed.length, answered, scope, users(failed)));
}
