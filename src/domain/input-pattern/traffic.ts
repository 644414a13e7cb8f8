import { composeNik, type NikSex } from '../nik.js';
import {
  detectPatterns,
  type ObservedLookup,
  type PatternFinding,
  type ServiceHours,
} from './detector.js';
import { DEFAULT_PATTERN_SETTINGS, type PatternSettings } from './settings.js';

/**
 * Labelled lookup traffic for the input-pattern detector: ordinary counter days, which must
 * raise nothing, and one generator per attack, which must be caught. Seeded, so every test,
 * the server-level tests and the bench replay the same lookups. NIKs are valid in structure:
 * real district codes, real birth dates (women's day + 40), serials 0001–9999.
 */

// --- a small seeded PRNG -------------------------------------------------------------------

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A new array, the items in random order. */
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32: 32 bits of state, good enough for traffic and fast. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}

// --- regions, dates, NIKs ------------------------------------------------------------------

const range = (from: number, to: number, prefix: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);

/** The 18 districts (kecamatan) of Kabupaten Purbalingga, 33.03.01–33.03.18 (wilayah.csv). */
export const PURBALINGGA_DISTRICTS: readonly string[] = range(1, 18, '3303');
/** Districts of the neighbouring Banyumas (33.02.01–27) and Banjarnegara (33.04.01–20). */
export const NEIGHBOUR_DISTRICTS: readonly string[] = [
  ...range(1, 27, '3302'),
  ...range(1, 20, '3304'),
];

/** The agency hours the migration gives by default: Monday–Saturday 07:00–17:00 WIB. */
export const DEFAULT_SERVICE_HOURS: ServiceHours = {
  start: '07:00',
  end: '17:00',
  days: [1, 2, 3, 4, 5, 6],
};

const DAY_MS = 86_400_000;
const WIB_OFFSET_MS = 7 * 3_600_000;

/** The instant of a WIB date and clock time: wibInstant('2026-03-02', '08:00'). */
export function wibInstant(day: string, clock: string): Date {
  return new Date(
    Date.parse(`${day}T${clock.length === 5 ? `${clock}:00` : clock}Z`) - WIB_OFFSET_MS,
  );
}

const isoDate = (at: number) => new Date(at).toISOString().slice(0, 10);

/** A birth date `ageDays` before the WIB day of `on`, as YYYY-MM-DD. */
function birthDateBefore(on: Date, ageDays: number): string {
  return isoDate(Date.parse(isoDate(on.getTime() + WIB_OFFSET_MS)) - ageDays * DAY_MS);
}

/** Serials as the register has them: most people are the first few born on a date in a district. */
function typicalSerial(random: Random): number {
  return Math.min(9999, 1 + Math.floor(-Math.log(1 - random.next()) * 2));
}

const sexOf = (random: Random): NikSex => (random.chance(0.5) ? 'PEREMPUAN' : 'LAKI-LAKI');

function randomNik(random: Random, districts: readonly string[], on: Date, ageDays: number) {
  return composeNik(
    random.pick(districts),
    birthDateBefore(on, ageDays),
    sexOf(random),
    typicalSerial(random),
  );
}

// --- lookups -------------------------------------------------------------------------------

interface Draft {
  readonly at: number;
  readonly userId: number;
  readonly nik: string | null;
  readonly responseCode: string;
}

function finish(drafts: Draft[], firstAuditId: number): ObservedLookup[] {
  return drafts
    .map((draft, order) => ({ draft, order }))
    .sort((a, b) => a.draft.at - b.draft.at || a.order - b.order)
    .map(({ draft }, i) => ({
      auditId: firstAuditId + i,
      at: new Date(draft.at),
      userId: draft.userId,
      nik: draft.nik,
      responseCode: draft.responseCode,
    }));
}

/** Several labelled sequences as one agency's traffic: in time order, audit ids renumbered. */
export function mergeTraffic(
  sequences: readonly (readonly ObservedLookup[])[],
  firstAuditId = 1,
): ObservedLookup[] {
  return finish(
    sequences.flat().map((lookup) => ({ ...lookup, at: lookup.at.getTime() })),
    firstAuditId,
  );
}

// --- an ordinary counter day ---------------------------------------------------------------

/**
 * DINKES: a puskesmas or hospital registration counter. Most patients live in its own
 * district, a fifth are children and infants, mothers bring their children, some come back
 * later in the day. DPMPTSP: the permit office. Adult applicants from the whole regency and
 * some from neighbouring regencies (not in Purbalingga's register: TIDAK_DITEMUKAN).
 */
export type CounterProfile = 'DINKES' | 'DPMPTSP';

export interface CounterDayOptions {
  readonly profile: CounterProfile;
  /** The agency's operators (user ids); each serves one applicant at a time. */
  readonly agencyUsers: readonly number[];
  /** Applicants arriving per hour (a Poisson process). */
  readonly perHour: number;
  readonly seed: number;
  /** The WIB date; default Monday 2 March 2026. */
  readonly day?: string;
  /** When the counter opens (WIB); default 07:30 (DINKES) or 08:00 (DPMPTSP). */
  readonly open?: string;
  /** How long applicants are taken; default 8 hours. The queue is then served to its end. */
  readonly hours?: number;
  /** The puskesmas' own district; default 330305 (Kecamatan Purbalingga). */
  readonly homeDistrict?: string;
  readonly firstAuditId?: number;
}

export function normalCounterDay(options: CounterDayOptions): ObservedLookup[] {
  const random = seededRandom(options.seed);
  const dinkes = options.profile === 'DINKES';
  const day = options.day ?? '2026-03-02';
  const opensAt = wibInstant(day, options.open ?? (dinkes ? '07:30' : '08:00')).getTime();
  const closesAt = opensAt + (options.hours ?? 8) * 3_600_000;
  const home = options.homeDistrict ?? '330305';
  const today = new Date(opensAt);
  const freeAt = new Map(options.agencyUsers.map((userId) => [userId, opensAt]));
  const servedToday: string[] = [];
  const drafts: Draft[] = [];

  const person = (): { nik: string; registered: boolean } => {
    if (servedToday.length > 0 && random.chance(0.04)) {
      return { nik: random.pick(servedToday), registered: true }; // comes back later
    }
    const outsider = random.chance(dinkes ? 0.04 : 0.12);
    const districts = outsider
      ? NEIGHBOUR_DISTRICTS
      : dinkes && random.chance(0.6)
        ? [home]
        : PURBALINGGA_DISTRICTS;
    const roll = random.next();
    const ageDays = dinkes
      ? roll < 0.15
        ? random.int(20, 730)
        : roll < 0.35
          ? random.int(730, 18 * 365)
          : roll < 0.85
            ? random.int(18 * 365, 60 * 365)
            : random.int(60 * 365, 90 * 365)
      : random.int(20 * 365, 70 * 365);
    return { nik: randomNik(random, districts, today, ageDays), registered: !outsider };
  };
  const answer = (registered: boolean) =>
    !registered
      ? 'TIDAK_DITEMUKAN'
      : random.chance(0.02)
        ? 'TIDAK_DITEMUKAN' // not recorded yet, or moved away
        : random.chance(0.01)
          ? 'NON_AKTIF'
          : 'DITEMUKAN';

  let arrival = opensAt;
  for (;;) {
    arrival += Math.round((-Math.log(1 - random.next()) * 3_600_000) / options.perHour);
    if (arrival >= closesAt) break;
    // the operator free first takes the next number
    let userId = options.agencyUsers[0]!;
    for (const [candidate, free] of freeAt) if (free < freeAt.get(userId)!) userId = candidate;
    let at = Math.max(arrival, freeAt.get(userId)!) + random.int(20_000, 60_000);
    const party = 1 + (random.chance(dinkes ? 0.12 : 0.05) ? random.int(1, dinkes ? 3 : 1) : 0);
    for (let member = 0; member < party; member++) {
      if (member > 0) at += random.int(25_000, 70_000);
      const { nik, registered } = person();
      if (random.chance(0.03)) {
        // a mistyped NIK first, then typed again
        drafts.push({ at, userId, nik: null, responseCode: 'FORMAT_SALAH' });
        at += random.int(12_000, 25_000);
      }
      drafts.push({ at, userId, nik, responseCode: answer(registered) });
      servedToday.push(nik);
      if (random.chance(0.02)) {
        at += random.int(15_000, 40_000); // looked up again to check
        drafts.push({ at, userId, nik, responseCode: answer(registered) });
      }
    }
    freeAt.set(userId, at + random.int(40_000, 120_000));
  }
  return finish(drafts, options.firstAuditId ?? 1);
}

// --- attacks -------------------------------------------------------------------------------

export interface AttackOptions {
  readonly seed?: number;
  /** How many lookups; default 20. */
  readonly count?: number;
  readonly userId?: number;
  /** The first lookup; default Monday 2 March 2026, 09:00 WIB. */
  readonly start?: Date;
  /** Mean seconds between lookups; default 45 (counter pace: nothing rapid). */
  readonly intervalSeconds?: number;
  /** Share of lookups that find someone; default 0.8. */
  readonly foundShare?: number;
  readonly firstAuditId?: number;
}

const ATTACK_START = wibInstant('2026-03-02', '09:00');

/** Lookups of the given NIKs by one user, at counter pace with some jitter. */
function paced(niks: readonly string[], options: AttackOptions, random: Random): ObservedLookup[] {
  const interval = (options.intervalSeconds ?? 45) * 1000;
  const jitter = Math.floor(interval / 4);
  let at = (options.start ?? ATTACK_START).getTime();
  const drafts = niks.map((nik, i) => {
    if (i > 0) at += interval + (jitter > 0 ? random.int(-jitter, jitter) : 0);
    const found = random.chance(options.foundShare ?? 0.8);
    return {
      at,
      userId: options.userId ?? 1,
      nik,
      responseCode: found ? 'DITEMUKAN' : 'TIDAK_DITEMUKAN',
    };
  });
  return finish(drafts, options.firstAuditId ?? 1);
}

const countOf = (options: AttackOptions) => options.count ?? 20;

export interface SweepOptions extends AttackOptions {
  readonly district?: string;
  /** YYYY-MM-DD; default 1990-05-12. */
  readonly birthDate?: string;
  readonly sex?: NikSex;
  readonly firstSerial?: number;
}

/** Serials counting up by 1 within one district and birth date: 0001, 0002, … */
export function ascendingSerials(options: SweepOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const first = options.firstSerial ?? 1;
  const niks = Array.from({ length: countOf(options) }, (_, i) =>
    composeNik(
      options.district ?? '330305',
      options.birthDate ?? '1990-05-12',
      options.sex ?? 'LAKI-LAKI',
      first + i,
    ),
  );
  return paced(niks, options, random);
}

/** Serials counting down by 1 within one district and birth date. */
export function descendingSerials(options: SweepOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const first = options.firstSerial ?? 40;
  const niks = Array.from({ length: countOf(options) }, (_, i) =>
    composeNik(
      options.district ?? '330307',
      options.birthDate ?? '1985-11-03',
      options.sex ?? 'PEREMPUAN',
      first - i,
    ),
  );
  return paced(niks, options, random);
}

/** One district, birth dates day after day (serial 0001): everyone born in a period. */
export function consecutiveBirthDates(options: SweepOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const first = Date.parse(options.birthDate ?? '1978-06-26');
  const niks = Array.from({ length: countOf(options) }, (_, i) =>
    composeNik(
      options.district ?? '330309',
      isoDate(first + i * DAY_MS),
      options.sex ?? 'LAKI-LAKI',
      options.firstSerial ?? 1,
    ),
  );
  return paced(niks, options, random);
}

/**
 * A sweep of one district: the people of one district born on one date, men and women, in
 * no particular order (serials 6 or more apart, so that it is no run of serials).
 */
export function districtSweep(options: SweepOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const serials = random.shuffle(Array.from({ length: countOf(options) }, (_, i) => 1 + 6 * i));
  const niks = serials.map((serial) =>
    composeNik(
      options.district ?? '330305',
      options.birthDate ?? '2001-08-17',
      sexOf(random),
      serial,
    ),
  );
  return paced(niks, options, random);
}

/** One birth date tried across the districts of the regency and their low serials. */
export function oneBirthDateAcrossSerials(options: SweepOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const seen = new Set<string>();
  const niks: string[] = [];
  while (niks.length < countOf(options)) {
    const nik = composeNik(
      random.pick(PURBALINGGA_DISTRICTS),
      options.birthDate ?? '1995-02-09',
      sexOf(random),
      random.int(1, 9),
    );
    if (!seen.has(nik)) niks.push(nik);
    seen.add(nik);
  }
  return paced(niks, options, random);
}

/**
 * NIKs whose numbers differ by one constant: by default a month, a year and 3 serials
 * (+1 010 003), so no part of the NIK stays put but the progression is plain. At most 12.
 */
export function arithmeticProgression(options: SweepOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const count = Math.min(12, countOf(options));
  const niks = Array.from({ length: count }, (_, i) => {
    const year = 1980 + i;
    const month = String(1 + i).padStart(2, '0');
    return composeNik(options.district ?? '330311', `${year}-${month}-15`, 'LAKI-LAKI', 2 + 3 * i);
  });
  return paced(niks, options, random);
}

/** A list of unrelated applicants' NIKs (the whole regency), worked through sorted by NIK. */
export function sortedList(
  options: AttackOptions & { descending?: boolean } = {},
): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const on = options.start ?? ATTACK_START;
  const niks = new Set<string>();
  while (niks.size < countOf(options)) {
    niks.add(randomNik(random, PURBALINGGA_DISTRICTS, on, random.int(18 * 365, 80 * 365)));
  }
  const sorted = [...niks].sort();
  return paced(options.descending === true ? sorted.reverse() : sorted, options, random);
}

/** Unrelated NIKs of the regency, as a counter would see them (for rapid and guessing). */
function unrelatedNiks(random: Random, count: number, on: Date): string[] {
  return Array.from({ length: count }, () =>
    randomNik(random, PURBALINGGA_DISTRICTS, on, random.int(1, 85 * 365)),
  );
}

/** A script: unrelated NIKs one to two seconds apart. */
export function rapidBurst(options: AttackOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const niks = unrelatedNiks(random, countOf(options), options.start ?? ATTACK_START);
  return paced(niks, { intervalSeconds: 1.5, ...options }, random);
}

/** Steadily faster than a counter: unrelated NIKs every 6 seconds, 10 a minute. */
export function steadyRapid(options: AttackOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const niks = unrelatedNiks(random, countOf(options), options.start ?? ATTACK_START);
  return paced(niks, { intervalSeconds: 6, ...options }, random);
}

/** One NIK sent again and again, two seconds apart (the reloaded result page of issue 9). */
export function repeatedNik(options: AttackOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const [nik] = unrelatedNiks(random, 1, options.start ?? ATTACK_START);
  return paced(
    Array<string>(countOf(options)).fill(nik!),
    { intervalSeconds: 2, foundShare: 1, ...options },
    random,
  );
}

/**
 * Made-up NIKs, valid in structure, to see which exist: most find no one. Some typed
 * numbers fail the format check (an impossible date), logged without a NIK.
 */
export function guessing(options: AttackOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const niks = Array.from({ length: countOf(options) }, () =>
    composeNik(
      random.pick(PURBALINGGA_DISTRICTS),
      birthDateBefore(options.start ?? ATTACK_START, random.int(1, 85 * 365)),
      sexOf(random),
      random.int(1, 9999),
    ),
  );
  const lookups = paced(niks, { foundShare: 0.1, ...options }, random);
  return lookups.map((lookup) =>
    lookup.responseCode === 'TIDAK_DITEMUKAN' && random.chance(0.15)
      ? { ...lookup, nik: null, responseCode: 'FORMAT_SALAH' }
      : lookup,
  );
}

/** Ordinary-looking lookups in the evening, after the counter has closed (default 19:30 WIB). */
export function outOfHours(options: AttackOptions = {}): ObservedLookup[] {
  const random = seededRandom(options.seed ?? 1);
  const start = options.start ?? wibInstant('2026-03-02', '19:30');
  const niks = unrelatedNiks(random, countOf(options), start);
  return paced(niks, { ...options, start }, random);
}

/**
 * One sweep of ascending serials split over three operators of one agency, taking turns:
 * each operator's own lookups step by 3 and look calm (one a minute); together they count
 * up by 1, one every 20 seconds.
 */
export function splitSweep(
  options: SweepOptions & { users?: readonly number[] } = {},
): ObservedLookup[] {
  const users = options.users ?? [1, 2, 3];
  const sweep = ascendingSerials({ intervalSeconds: 20, ...options });
  return sweep.map((lookup, i) => ({ ...lookup, userId: users[i % users.length]! }));
}

// --- replay --------------------------------------------------------------------------------

export interface ReplayOptions {
  readonly serviceHours?: ServiceHours;
  readonly honeytokens?: ReadonlySet<string>;
  readonly settings?: PatternSettings;
}

export interface ReplayStep {
  readonly lookup: ObservedLookup;
  readonly findings: PatternFinding[];
}

/**
 * Runs the detector on one agency's traffic lookup by lookup, with the windows a server
 * process would hold: the user's and the agency's last `windowSize`.
 */
export function replay(
  traffic: readonly ObservedLookup[],
  options: ReplayOptions = {},
): ReplayStep[] {
  const settings = options.settings ?? DEFAULT_PATTERN_SETTINGS;
  const size = settings.windowSize;
  const byUser = new Map<number, ObservedLookup[]>();
  return traffic.map((lookup, i) => {
    const mine = byUser.get(lookup.userId) ?? [];
    mine.push(lookup);
    byUser.set(lookup.userId, mine);
    const findings = detectPatterns({
      userWindow: mine.slice(-size),
      agencyWindow: traffic.slice(Math.max(0, i + 1 - size), i + 1),
      serviceHours: options.serviceHours ?? DEFAULT_SERVICE_HOURS,
      isHoneytoken: lookup.nik !== null && (options.honeytokens?.has(lookup.nik) ?? false),
      settings,
    });
    return { lookup, findings };
  });
}

/** The 1-based position of the first lookup with a finding of `kind` (and scope), or null. */
export function detectedAt(
  steps: readonly ReplayStep[],
  kind: PatternFinding['kind'],
  scope?: PatternFinding['scope'],
): number | null {
  const index = steps.findIndex((step) =>
    step.findings.some(
      (finding) => finding.kind === kind && (scope === undefined || finding.scope === scope),
    ),
  );
  return index === -1 ? null : index + 1;
}
