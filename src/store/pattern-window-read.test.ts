import { describe, expect, it } from 'vitest';
import { detectPatterns, type ObservedLookup } from '../domain/input-pattern/detector.js';
import {
  arithmeticProgression,
  ascendingSerials,
  consecutiveBirthDates,
  DEFAULT_SERVICE_HOURS,
  descendingSerials,
  districtSweep,
  guessing,
  mergeTraffic,
  normalCounterDay,
  oneBirthDateAcrossSerials,
  outOfHours,
  rapidBurst,
  repeatedNik,
  sortedList,
  splitSweep,
  steadyRapid,
} from '../domain/input-pattern/traffic.js';
import {
  compactWindow,
  decodeWindow,
  RESPONSE_CODES,
  WINDOW_ENTRIES,
  windowEntry,
} from './pattern-window.js';

/**
 * The detector reads the compact windows in place (compactWindow), making
 * objects only of evidence. It must judge them exactly as it judges the same lookups held as
 * objects: every lookup of labelled traffic (attacks of every kind, ordinary counter days,
 * agencies of several operators) is judged both ways on the window that ends with it.
 */

/** One entry as a server process appends it (store/pattern-window.ts windowEntry). */
const entryBytes = (lookup: ObservedLookup): Buffer =>
  windowEntry({ ...lookup, atMs: lookup.at.getTime() });

/** What a window keeps of a lookup: a NIK only when it is one, a code of its list or LAIN. */
const kept = (lookup: ObservedLookup): ObservedLookup => ({
  ...lookup,
  nik: lookup.nik !== null && /^\d{16}$/.test(lookup.nik) ? lookup.nik : null,
  responseCode: (RESPONSE_CODES as readonly string[]).includes(lookup.responseCode)
    ? lookup.responseCode
    : 'LAIN',
});

const traffic: Record<string, ObservedLookup[]> = {
  ascendingSerials: ascendingSerials({ count: 40 }),
  descendingSerials: descendingSerials({ count: 25 }),
  consecutiveBirthDates: consecutiveBirthDates({ count: 25 }),
  districtSweep: districtSweep({ count: 25 }),
  oneBirthDateAcrossSerials: oneBirthDateAcrossSerials({ count: 25 }),
  arithmeticProgression: arithmeticProgression({ count: 25 }),
  sortedList: sortedList({ count: 25 }),
  rapidBurst: rapidBurst({ count: 40 }),
  steadyRapid: steadyRapid({ count: 40 }),
  repeatedNik: repeatedNik({ count: 40 }),
  guessing: guessing({ count: 40 }),
  outOfHours: outOfHours({ count: 10 }),
  splitSweep: splitSweep({ count: 40 }),
  agencyBurst: rapidBurst({ count: 40 }).map((lookup, i) => ({ ...lookup, userId: 1 + (i % 3) })),
  dinkesDay: normalCounterDay({ profile: 'DINKES', agencyUsers: [1, 2, 3], perHour: 60, seed: 7 }),
  sweepInADay: mergeTraffic([
    normalCounterDay({ profile: 'DPMPTSP', agencyUsers: [4, 5], perHour: 40, seed: 3 }),
    ascendingSerials({ count: 30, userId: 5, intervalSeconds: 20 }),
  ]),
};

describe('the detector on compact windows', () => {
  it('judges every lookup exactly as on the same lookups held as objects', () => {
    const kinds = new Set<string>();
    for (const [name, lookups] of Object.entries(traffic)) {
      const entries = lookups.map(kept);
      for (let i = 0; i < entries.length; i++) {
        const agency = entries.slice(Math.max(0, i + 1 - WINDOW_ENTRIES), i + 1);
        const own = entries
          .slice(0, i + 1)
          .filter((lookup) => lookup.userId === entries[i]!.userId)
          .slice(-WINDOW_ENTRIES);
        const bytes = (window: ObservedLookup[]) => Buffer.concat(window.map(entryBytes));
        expect(decodeWindow(bytes(own)), name).toEqual(own);
        const input = { serviceHours: DEFAULT_SERVICE_HOURS, isHoneytoken: i === 3 };
        const fromObjects = detectPatterns({ ...input, userWindow: own, agencyWindow: agency });
        const inPlace = detectPatterns({
          ...input,
          userWindow: compactWindow(bytes(own)),
          agencyWindow: compactWindow(bytes(agency)),
        });
        expect(inPlace, `${name}, lookup ${i}`).toEqual(fromObjects);
        for (const finding of inPlace) kinds.add(`${finding.kind} ${finding.scope}`);
      }
    }
    // The traffic raised findings of every kind the windows carry, for users and agencies.
    expect([...kinds].sort()).toEqual([
      'BERDEKATAN INSTANSI',
      'BERDEKATAN PENGGUNA',
      'BERPOLA PENGGUNA',
      'BERURUTAN INSTANSI',
      'BERURUTAN PENGGUNA',
      'DI_LUAR_JAM PENGGUNA',
      'HONEYTOKEN PENGGUNA',
      'TIDAK_DITEMUKAN PENGGUNA',
    ]);
  });

  it('reads an empty or absent window as no lookups', () => {
    expect(compactWindow(null).length).toBe(0);
    expect(compactWindow(new Uint8Array(0)).length).toBe(0);
    expect(
      detectPatterns({
        userWindow: compactWindow(null),
        agencyWindow: compactWindow(undefined),
        serviceHours: DEFAULT_SERVICE_HOURS,
        isHoneytoken: false,
      }),
    ).toEqual([]);
  });
});
