import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeNik } from '../nik.js';
import {
  detectPatterns,
  type ObservedLookup,
  type PatternFinding,
  type PatternKind,
  type PatternScope,
  type ServiceHours,
} from './detector.js';
import { DEFAULT_PATTERN_SETTINGS } from './settings.js';
import {
  arithmeticProgression,
  ascendingSerials,
  consecutiveBirthDates,
  DEFAULT_SERVICE_HOURS,
  descendingSerials,
  districtSweep,
  guessing,
  mergeTraffic,
  NEIGHBOUR_DISTRICTS,
  normalCounterDay,
  oneBirthDateAcrossSerials,
  outOfHours,
  PURBALINGGA_DISTRICTS,
  rapidBurst,
  repeatedNik,
  replay,
  detectedAt,
  sortedList,
  splitSweep,
  steadyRapid,
  wibInstant,
  type CounterDayOptions,
  type ReplayStep,
} from './traffic.js';

const SEEDS = [1, 2, 3, 4, 5];

const findingsOf = (steps: readonly ReplayStep[]) =>
  steps.flatMap((step, i) =>
    step.findings.map((f) => `#${i + 1} ${f.kind}/${f.scope}: ${f.summary}`),
  );

/** The 1-based position of the first lookup that raised anything, and what it raised. */
function firstRaised(steps: readonly ReplayStep[]) {
  const index = steps.findIndex((step) => step.findings.length > 0);
  if (index === -1) return null;
  return {
    at: index + 1,
    kinds: [...new Set(steps[index]!.findings.map((f) => `${f.kind}/${f.scope}`))].sort(),
  };
}

describe('ordinary counter days raise nothing', () => {
  const days: { name: string; options: Omit<CounterDayOptions, 'seed'> }[] = [
    {
      name: 'puskesmas (DINKES), 60 an hour, 4 operators',
      options: { profile: 'DINKES', agencyUsers: [11, 12, 13, 14], perHour: 60 },
    },
    {
      name: 'puskesmas (DINKES), 60 an hour, 3 operators',
      options: { profile: 'DINKES', agencyUsers: [11, 12, 13], perHour: 60 },
    },
    {
      name: 'hospital (DINKES) by the regency border, 45 an hour, 3 operators',
      options: {
        profile: 'DINKES',
        agencyUsers: [31, 32, 33],
        perHour: 45,
        homeDistrict: '330302',
        open: '07:00',
      },
    },
    {
      name: 'permit office (DPMPTSP), 30 an hour, 3 operators',
      options: { profile: 'DPMPTSP', agencyUsers: [21, 22, 23], perHour: 30 },
    },
    {
      name: 'permit office (DPMPTSP), 60 an hour, 4 operators',
      options: { profile: 'DPMPTSP', agencyUsers: [21, 22, 23, 24], perHour: 60 },
    },
  ];

  describe.each(days)('$name', ({ options }) => {
    it.each(SEEDS)('seed %i: a full 8-hour day, not one finding', (seed) => {
      const day = normalCounterDay({ ...options, seed });
      // the day is what it claims: 8 hours of the queue, repeats and mistypes included
      const hours = (day.at(-1)!.at.getTime() - day[0]!.at.getTime()) / 3_600_000;
      expect(hours).toBeGreaterThan(7.5);
      expect(day.length).toBeGreaterThan(options.perHour * 7);
      expect(new Set(day.map((l) => l.userId))).toEqual(new Set(options.agencyUsers));
      expect(day.some((l) => l.responseCode === 'FORMAT_SALAH')).toBe(true);
      const niks = day.flatMap((l) => (l.nik === null ? [] : [l.nik]));
      expect(new Set(niks).size).toBeLessThan(niks.length); // someone came back

      expect(findingsOf(replay(day))).toEqual([]);
    });
  });
});

describe('every attack is detected, with its kind, within N lookups', () => {
  const attacks: {
    name: string;
    traffic: (seed: number) => ObservedLookup[];
    kind: PatternKind;
    scope: PatternScope;
    within: number;
  }[] = [
    {
      name: 'ascending serials',
      traffic: (seed) => ascendingSerials({ seed }),
      kind: 'BERURUTAN',
      scope: 'PENGGUNA',
      within: 4,
    },
    {
      name: 'descending serials',
      traffic: (seed) => descendingSerials({ seed }),
      kind: 'BERURUTAN',
      scope: 'PENGGUNA',
      within: 4,
    },
    {
      name: 'consecutive birth dates',
      traffic: (seed) => consecutiveBirthDates({ seed }),
      kind: 'BERURUTAN',
      scope: 'PENGGUNA',
      within: 4,
    },
    {
      name: 'ascending serials, every 3rd',
      traffic: (seed) => ascendingSerials({ seed }).filter((_, i) => i % 3 === 0),
      kind: 'BERURUTAN',
      scope: 'PENGGUNA',
      within: 4,
    },
    {
      name: 'district sweep (one district, one birth date)',
      traffic: (seed) => districtSweep({ seed }),
      kind: 'BERPOLA',
      scope: 'PENGGUNA',
      within: 5,
    },
    {
      name: 'one birth date across serials and districts',
      traffic: (seed) => oneBirthDateAcrossSerials({ seed }),
      kind: 'BERPOLA',
      scope: 'PENGGUNA',
      within: 5,
    },
    {
      name: 'arithmetic progression of the whole NIK',
      traffic: (seed) => arithmeticProgression({ seed }),
      kind: 'BERPOLA',
      scope: 'PENGGUNA',
      within: 4,
    },
    {
      name: 'list sorted by NIK',
      traffic: (seed) => sortedList({ seed }),
      kind: 'BERPOLA',
      scope: 'PENGGUNA',
      within: 12,
    },
    {
      name: 'list sorted by NIK, descending',
      traffic: (seed) => sortedList({ seed, descending: true }),
      kind: 'BERPOLA',
      scope: 'PENGGUNA',
      within: 12,
    },
    {
      name: 'rapid burst (1–2 s apart)',
      traffic: (seed) => rapidBurst({ seed }),
      kind: 'BERDEKATAN',
      scope: 'PENGGUNA',
      within: 5,
    },
    {
      name: 'steady rapid (10 a minute)',
      traffic: (seed) => steadyRapid({ seed }),
      kind: 'BERDEKATAN',
      scope: 'PENGGUNA',
      within: 9,
    },
    {
      name: 'one NIK again and again',
      traffic: (seed) => repeatedNik({ seed }),
      kind: 'BERDEKATAN',
      scope: 'PENGGUNA',
      within: 5,
    },
    {
      name: 'guessing (9 in 10 find no one)',
      traffic: (seed) => guessing({ seed }),
      kind: 'TIDAK_DITEMUKAN',
      scope: 'PENGGUNA',
      within: 16,
    },
    {
      name: 'out of hours (19:30 WIB)',
      traffic: (seed) => outOfHours({ seed }),
      kind: 'DI_LUAR_JAM',
      scope: 'PENGGUNA',
      within: 1,
    },
    {
      name: 'on Sunday within the hours',
      traffic: (seed) => outOfHours({ seed, start: wibInstant('2026-03-08', '10:00') }),
      kind: 'DI_LUAR_JAM',
      scope: 'PENGGUNA',
      within: 1,
    },
    {
      name: 'a sweep split across 3 operators',
      traffic: (seed) => splitSweep({ seed }),
      kind: 'BERURUTAN',
      scope: 'INSTANSI',
      within: 4,
    },
  ];

  describe.each(attacks)(
    '$name → $kind ($scope) by lookup $within',
    ({ traffic, kind, scope, within }) => {
      it.each(SEEDS)('seed %i', (seed) => {
        const steps = replay(traffic(seed));
        // nothing before, and by the N-th lookup this kind only
        const first = firstRaised(steps);
        expect(first?.at).toBeLessThanOrEqual(within);
        expect(first?.kinds).toEqual([`${kind}/${scope}`]);
        // it keeps being reported while the attack goes on (the caller keeps one open alert)
        for (const step of steps.slice(within)) {
          if (kind === 'TIDAK_DITEMUKAN' && step.lookup.responseCode === 'DITEMUKAN') continue;
          expect(step.findings.map((f) => f.kind)).toContain(kind);
        }
      });
    },
  );

  it('a split sweep is the agency’s finding first; each operator’s own run follows later', () => {
    const steps = replay(splitSweep({ count: 15 }));
    expect(steps.slice(0, 3).flatMap((s) => s.findings)).toEqual([]);
    const agency = steps[3]!.findings[0]!;
    expect(agency.evidence.map((l) => l.userId)).toEqual([1, 2, 3, 1]);
    expect(agency.summary).toContain('oleh 3 pengguna dari instansi yang sama');
    // operator 1 takes serials 1, 4, 7, 10: a run of its own at its 4th lookup (the 10th)
    const userFinding = steps.findIndex((s) => s.findings.some((f) => f.scope === 'PENGGUNA'));
    expect(userFinding + 1).toBe(10);
  });
});

describe('attacks hidden in an ordinary day', () => {
  const normal = (seed: number) =>
    normalCounterDay({ profile: 'DINKES', agencyUsers: [11, 12, 13, 14], perHour: 60, seed });
  const at10 = wibInstant('2026-03-02', '10:00');
  const cases: {
    name: string;
    attack: () => ObservedLookup[];
    kind: PatternKind;
    scope: PatternScope;
    within: number;
  }[] = [
    {
      name: 'an operator slips ascending serials between applicants',
      attack: () => ascendingSerials({ userId: 12, start: at10, intervalSeconds: 90, count: 8 }),
      kind: 'BERURUTAN',
      scope: 'PENGGUNA',
      within: 4,
    },
    {
      name: 'an operator slips consecutive birth dates between applicants',
      attack: () =>
        consecutiveBirthDates({ userId: 13, start: at10, intervalSeconds: 90, count: 8 }),
      kind: 'BERURUTAN',
      scope: 'PENGGUNA',
      within: 4,
    },
    {
      name: 'an operator sweeps one district and birth date between applicants',
      attack: () => districtSweep({ userId: 11, start: at10, intervalSeconds: 90, count: 8 }),
      kind: 'BERPOLA',
      scope: 'PENGGUNA',
      within: 5,
    },
    {
      name: 'three operators split a sweep while serving the queue',
      attack: () => splitSweep({ users: [11, 12, 13], start: at10, intervalSeconds: 40, count: 9 }),
      kind: 'BERURUTAN',
      scope: 'INSTANSI',
      within: 4,
    },
    {
      name: 'an operator runs a script in the middle of the morning',
      attack: () => rapidBurst({ userId: 14, start: at10, count: 8 }),
      kind: 'BERDEKATAN',
      scope: 'PENGGUNA',
      within: 5,
    },
    {
      name: 'an operator guesses NIKs between applicants',
      attack: () => guessing({ userId: 12, start: at10, count: 30 }),
      kind: 'TIDAK_DITEMUKAN',
      scope: 'PENGGUNA',
      within: 16,
    },
  ];

  describe.each(cases)('$name → $kind ($scope) within $within of its lookups', (c) => {
    it.each(SEEDS)('ordinary day seed %i', (seed) => {
      const attack = c.attack();
      const isAttack = new Set(attack.map((l) => `${l.at.getTime()}|${l.userId}|${l.nik}`));
      const steps = replay(mergeTraffic([normal(seed), attack]));
      const attackIndex = steps.map((s) =>
        isAttack.has(`${s.lookup.at.getTime()}|${s.lookup.userId}|${s.lookup.nik}`),
      );
      const first = steps.findIndex((s) => s.findings.length > 0);
      expect(first).toBeGreaterThan(-1);
      expect(attackIndex[first]).toBe(true); // nothing raised by the ordinary traffic around it
      const attackLookupsSoFar = attackIndex.slice(0, first + 1).filter(Boolean).length;
      expect(attackLookupsSoFar).toBeLessThanOrEqual(c.within);
      expect(steps[first]!.findings.map((f) => `${f.kind}/${f.scope}`)).toContain(
        `${c.kind}/${c.scope}`,
      );
    });
  });
});

describe('rules in detail', () => {
  const start = wibInstant('2026-03-02', '09:00').getTime();
  const lookup = (
    i: number,
    nik: string | null,
    extra: Partial<ObservedLookup> = {},
  ): ObservedLookup => ({
    auditId: i + 1,
    at: new Date(start + i * 60_000),
    userId: 1,
    nik,
    responseCode: 'DITEMUKAN',
    ...extra,
  });
  const serial = (n: number, sex: 'LAKI-LAKI' | 'PEREMPUAN' = 'LAKI-LAKI') =>
    composeNik('330305', '1990-05-12', sex, n);
  const run = (niks: (string | null)[]) => replay(niks.map((nik, i) => lookup(i, nik)));

  it('twins and triplets (3 neighbouring serials) are no run; a 4th is', () => {
    expect(findingsOf(run([serial(1), serial(2), serial(3)]))).toEqual([]);
    expect(detectedKinds(run([serial(1), serial(2), serial(3), serial(4)]))).toEqual(['BERURUTAN']);
  });

  it('a NIK looked up again does not lengthen a run', () => {
    const steps = run([serial(1), serial(2), serial(2), serial(3), serial(3)]);
    expect(findingsOf(steps)).toEqual([]);
    expect(detectedKinds(run([serial(1), serial(2), serial(2), serial(3), serial(4)]))).toEqual([
      'BERURUTAN',
    ]);
  });

  it('serials of men and women are counted apart (the day is +40 for women)', () => {
    const mixed = [serial(1), serial(2, 'PEREMPUAN'), serial(3), serial(4, 'PEREMPUAN')];
    expect(findingsOf(run(mixed))).toEqual([]);
  });

  it('a mistyped NIK (no NIK recorded) in the middle does not break a run', () => {
    expect(detectedKinds(run([serial(1), serial(2), null, serial(3), serial(4)]))).toEqual([
      'BERURUTAN',
    ]);
  });

  it('the run’s evidence is its lookups, oldest first, ending with the new one', () => {
    const steps = run([
      serial(5),
      composeNik('330301', '1970-01-01', 'LAKI-LAKI', 1),
      serial(6),
      serial(7),
      serial(8),
    ]);
    const finding = steps[4]!.findings[0]!;
    expect(finding.evidence.map((l) => l.nik)).toEqual([
      serial(5),
      serial(6),
      serial(7),
      serial(8),
    ]);
    expect(finding.evidence.at(-1)).toBe(steps[4]!.lookup);
  });

  it('a larger step than sequentialMaxSerialStep is no run of serials', () => {
    const steps = run([serial(1), serial(7), serial(13)]);
    expect(findingsOf(steps)).toEqual([]);
  });

  it('consecutive birth dates across a month and a year end still run', () => {
    const dates = ['1999-12-30', '1999-12-31', '2000-01-01', '2000-01-02'];
    const steps = run(dates.map((d) => composeNik('330309', d, 'LAKI-LAKI', 1)));
    expect(detectedKinds(steps)).toEqual(['BERURUTAN']);
    expect(steps[3]!.findings[0]!.summary).toContain('tanggal lahir berurutan');
  });

  it('the thresholds come from the settings', () => {
    const settings = { ...DEFAULT_PATTERN_SETTINGS, sequentialMinRun: 6 };
    const steps = replay(ascendingSerials({ count: 8 }), { settings });
    expect(detectedAt(steps, 'BERURUTAN')).toBe(6);
  });

  it('looks at no more than windowSize lookups', () => {
    const settings = { ...DEFAULT_PATTERN_SETTINGS, windowSize: 3, sequentialMinRun: 3 };
    const other = composeNik('330301', '1970-01-01', 'LAKI-LAKI', 1);
    const window = [serial(1), serial(2), other, serial(3)].map((nik, i) => lookup(i, nik));
    const input = { serviceHours: DEFAULT_SERVICE_HOURS, isHoneytoken: false, settings };
    // 1, 2, 3 would be a run of 3, but 1 is outside the last 3
    expect(detectPatterns({ ...input, userWindow: window, agencyWindow: window })).toEqual([]);
    const wider = { ...settings, windowSize: 4 };
    const findings = detectPatterns({
      ...input,
      settings: wider,
      userWindow: window,
      agencyWindow: window,
    });
    expect(kindsOf(findings)).toEqual(['BERURUTAN']);
  });

  it('one user’s pattern is not reported again for the agency', () => {
    const steps = replay(ascendingSerials({ count: 10 }));
    expect(steps.flatMap((s) => s.findings).every((f) => f.scope === 'PENGGUNA')).toBe(true);
  });

  it('judges the new lookup even when another user’s lookup came after it in the agency’s window', () => {
    const sweep = splitSweep({ count: 4 });
    const later: ObservedLookup = {
      ...lookup(9, composeNik('330301', '1970-01-01', 'LAKI-LAKI', 1)),
      auditId: 99,
      userId: 7,
    };
    const findings = detectPatterns({
      userWindow: [sweep[3]!],
      agencyWindow: [...sweep, later],
      serviceHours: DEFAULT_SERVICE_HOURS,
      isHoneytoken: false,
    });
    expect(findings.map((f) => `${f.kind}/${f.scope}`)).toEqual(['BERURUTAN/INSTANSI']);
    expect(findings[0]!.evidence.at(-1)).toBe(sweep[3]);
  });

  it('empty windows raise nothing', () => {
    expect(
      detectPatterns({
        userWindow: [],
        agencyWindow: [],
        serviceHours: DEFAULT_SERVICE_HOURS,
        isHoneytoken: true,
      }),
    ).toEqual([]);
  });

  it('a honeytoken is a finding at once, whatever else', () => {
    const first = lookup(0, composeNik('330312', '1966-03-04', 'PEREMPUAN', 3));
    const findings = detectPatterns({
      userWindow: [first],
      agencyWindow: [first],
      serviceHours: DEFAULT_SERVICE_HOURS,
      isHoneytoken: true,
    });
    expect(findings).toEqual([
      {
        kind: 'HONEYTOKEN',
        scope: 'PENGGUNA',
        summary:
          'Pencarian NIK jebakan (honeytoken) 330312••••••0003 yang ditanam Dukcapil dan tidak dimiliki oleh penduduk mana pun.',
        evidence: [first],
      },
    ]);
    const steps = replay([first], { honeytokens: new Set([first.nik!]) });
    expect(kindsOf(steps[0]!.findings)).toEqual(['HONEYTOKEN']);
  });

  const minSample = DEFAULT_PATTERN_SETTINGS.notFoundMinSample;

  it(`guessing needs a sample: ${minSample - 1} misses in a row are not yet enough, the ${minSample}th is`, () => {
    const misses = Array.from({ length: minSample }, (_, i) =>
      lookup(
        i,
        composeNik(
          PURBALINGGA_DISTRICTS[(i * 7) % 18]!,
          `${1950 + 3 * i}-0${1 + (i % 9)}-1${i % 9}`,
          'LAKI-LAKI',
          1 + ((i * i) % 13),
        ),
        { responseCode: 'TIDAK_DITEMUKAN' },
      ),
    );
    expect(firstRaised(replay(misses))).toEqual({
      at: minSample,
      kinds: ['TIDAK_DITEMUKAN/PENGGUNA'],
    });
  });

  it('quota and hold refusals are no answers: they neither count as misses nor dilute them', () => {
    const codes = ['TIDAK_DITEMUKAN', 'KUOTA_HABIS', 'AKSES_DITAHAN', 'FORMAT_SALAH'];
    const lookups = Array.from({ length: 2 * minSample + 2 }, (_, i) =>
      lookup(i, null, { responseCode: codes[i % 4]! }),
    );
    const steps = replay(lookups);
    // answers are the 1st, 4th, 5th, 8th, 9th … lookups: the 15th answer is the 29th lookup
    const answers = lookups.flatMap((l, i) => (/^(TIDAK|FORMAT)/.test(l.responseCode) ? [i] : []));
    expect(firstRaised(steps)).toEqual({
      at: answers[minSample - 1]! + 1,
      kinds: ['TIDAK_DITEMUKAN/PENGGUNA'],
    });
    expect(steps[answers[minSample - 1]!]!.findings[0]!.summary).toContain(
      `${minSample} dari ${minSample} pencarian terakhir`,
    );
  });

  it('a found NIK does not continue guessing', () => {
    const lookups = Array.from({ length: minSample + 1 }, (_, i) =>
      lookup(i, null, { responseCode: i === minSample ? 'DITEMUKAN' : 'FORMAT_SALAH' }),
    );
    const steps = replay(lookups);
    expect(kindsOf(steps[minSample - 1]!.findings)).toEqual(['TIDAK_DITEMUKAN']);
    expect(steps[minSample]!.findings).toEqual([]);
  });
});

describe('service hours (WIB)', () => {
  const hours: ServiceHours = { start: '07:00', end: '17:00', days: [1, 2, 3, 4, 5, 6] };
  const cases: [string, string, ServiceHours, boolean][] = [
    ['Monday 06:59', '2026-03-02 06:59', hours, true],
    ['Monday 07:00', '2026-03-02 07:00', hours, false],
    ['Monday 16:59', '2026-03-02 16:59', hours, false],
    ['Monday 17:14 (the queue before closing)', '2026-03-02 17:14', hours, false],
    ['Monday 17:15', '2026-03-02 17:15', hours, true],
    ['Saturday 10:00', '2026-03-07 10:00', hours, false],
    ['Sunday 10:00', '2026-03-08 10:00', hours, true],
    [
      'Monday 03:00, around the clock',
      '2026-03-02 03:00',
      { start: null, end: null, days: [1, 2, 3, 4, 5, 6, 7] },
      false,
    ],
    [
      'Sunday 03:00, around the clock on weekdays',
      '2026-03-08 03:00',
      { start: null, end: null, days: [1, 2, 3, 4, 5] },
      true,
    ],
    [
      'Monday 12:30, hours as PostgreSQL gives them',
      '2026-03-02 12:30',
      { start: '07:30:00', end: '12:00:00', days: [1] },
      true,
    ],
    [
      'Friday 11:00, Friday hours end at 11:00 + grace',
      '2026-03-06 11:00',
      { start: '07:30', end: '11:00', days: [5] },
      false,
    ],
  ];
  it.each(cases)('%s', (_, instant, serviceHours, outside) => {
    const [day, clock] = instant.split(' ');
    const only: ObservedLookup = {
      auditId: 1,
      at: wibInstant(day!, clock!),
      userId: 1,
      nik: composeNik('330305', '1990-05-12', 'LAKI-LAKI', 1),
      responseCode: 'DITEMUKAN',
    };
    const findings = detectPatterns({
      userWindow: [only],
      agencyWindow: [only],
      serviceHours,
      isHoneytoken: false,
    });
    expect(kindsOf(findings)).toEqual(outside ? ['DI_LUAR_JAM'] : []);
  });

  it('says when, and what the hours are', () => {
    const steps = replay(outOfHours({ count: 1, start: wibInstant('2026-03-08', '21:05') }));
    expect(steps[0]!.findings[0]!.summary).toBe(
      'Pencarian pada hari Minggu pukul 21.05 WIB, di luar jam layanan instansi (Senin–Sabtu, pukul 07.00–17.00 WIB).',
    );
  });
});

describe('summaries', () => {
  const all = [
    ascendingSerials(),
    consecutiveBirthDates(),
    districtSweep(),
    oneBirthDateAcrossSerials(),
    arithmeticProgression(),
    sortedList(),
    rapidBurst(),
    guessing(),
    outOfHours({ count: 2 }),
    splitSweep(),
  ].flatMap((traffic) => replay(traffic, { honeytokens: new Set([traffic[0]!.nik ?? '']) }));
  const findings = all.flatMap((step) => step.findings);

  it('cover every kind', () => {
    expect(new Set(findings.map((f) => f.kind))).toEqual(
      new Set([
        'BERURUTAN',
        'BERPOLA',
        'BERDEKATAN',
        'TIDAK_DITEMUKAN',
        'DI_LUAR_JAM',
        'HONEYTOKEN',
      ]),
    );
  });

  it('never show a whole NIK, and end as a sentence', () => {
    for (const finding of findings) {
      expect(finding.summary).not.toMatch(/\d{7,}/);
      for (const lookup of finding.evidence)
        if (lookup.nik !== null) expect(finding.summary).not.toContain(lookup.nik.slice(6, 12));
      expect(finding.summary).toMatch(/^[A-Z0-9].*\.$/);
    }
  });

  it('hold evidence oldest first, ending with the new lookup', () => {
    for (const step of all) {
      for (const finding of step.findings) {
        expect(finding.evidence.at(-1)).toBe(step.lookup);
        const ids = finding.evidence.map((l) => l.auditId);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
    }
  });
});

describe('properties', () => {
  const region = fc.constantFrom(...PURBALINGGA_DISTRICTS, ...NEIGHBOUR_DISTRICTS);
  const birthDate = fc
    .date({
      min: new Date('1935-01-01T00:00:00Z'),
      max: new Date('2025-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const sex = fc.constantFrom('LAKI-LAKI' as const, 'PEREMPUAN' as const);
  // unrelated: drawn evenly (fast-check otherwise favours small and first values, which
  // makes neighbouring serials of one region and date — a sweep)
  const nik = fc.noBias(
    fc
      .tuple(region, birthDate, sex, fc.integer({ min: 1, max: 9999 }))
      .map(([r, d, s, n]) => composeNik(r, d, s, n)),
  );
  const start = wibInstant('2026-03-02', '08:00').getTime();

  /** Lookups of the NIKs by one user, `gaps` seconds apart. */
  const paced = (niks: readonly string[], gaps: readonly number[]) => {
    let at = start;
    return niks.map((n, i) => {
      if (i > 0) at += gaps[(i - 1) % gaps.length]! * 1000;
      return { auditId: i + 1, at: new Date(at), userId: 1, nik: n, responseCode: 'DITEMUKAN' };
    });
  };

  it('any order of unrelated NIKs at counter pace raises nothing', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(nik, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 40, max: 400 }), { minLength: 1, maxLength: 60 }),
        (niks, gaps) => {
          expect(findingsOf(replay(paced(niks, gaps)))).toEqual([]);
        },
      ),
    );
  });

  it('any monotone run of ≥ 4 serials (steps 1–5) in one region and birth date is BERURUTAN at its 4th, also among other lookups', () => {
    fc.assert(
      fc.property(
        region,
        birthDate,
        sex,
        fc.array(fc.integer({ min: 1, max: DEFAULT_PATTERN_SETTINGS.sequentialMaxSerialStep }), {
          minLength: 3,
          maxLength: 12,
        }),
        fc.boolean(),
        fc.array(fc.nat({ max: 3 }), { minLength: 13, maxLength: 13 }),
        fc.array(nik, { minLength: 40, maxLength: 40 }),
        (r, d, s, steps, up, noiseBefore, noise) => {
          let value = up ? 1 : 9999;
          const run = [composeNik(r, d, s, value)];
          for (const step of steps) {
            value += up ? step : -step;
            run.push(composeNik(r, d, s, value));
          }
          // unrelated lookups in between, none of the run's region and birth date
          const others = noise.filter(
            (n) => n.slice(0, 12) !== run[0]!.slice(0, 12) && !run.includes(n),
          );
          const niks: string[] = [];
          const isRun: boolean[] = [];
          run.forEach((n, i) => {
            for (let k = 0; k < noiseBefore[i]! && others.length > 0; k++) {
              niks.push(others.pop()!);
              isRun.push(false);
            }
            niks.push(n);
            isRun.push(true);
          });
          const stepsOut = replay(paced(niks, [90]));
          const fourth = isRun.map((r, i) => (r ? i : -1)).filter((i) => i >= 0)[3]!;
          stepsOut.forEach((step, i) => {
            const sequential = step.findings.some((f) => f.kind === 'BERURUTAN');
            expect(sequential).toBe(isRun[i]! && i >= fourth);
          });
        },
      ),
    );
  });

  it('gaps of 8 s or more are never BERDEKATAN; gaps of at most 7.5 s are, at the 9th lookup', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(nik, { minLength: 9, maxLength: 30 }),
        fc.array(fc.integer({ min: 8, max: 60 }), { minLength: 1 }),
        (niks, gaps) => {
          const kinds = replay(paced(niks, gaps)).flatMap((s) => kindsOf(s.findings));
          expect(kinds).not.toContain('BERDEKATAN');
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(nik, { minLength: 9, maxLength: 30 }),
        fc.array(fc.double({ min: 2.5, max: 7.5, noNaN: true }), { minLength: 1 }),
        (niks, gaps) => {
          const steps = replay(paced(niks, gaps));
          expect(
            steps.findIndex((s) => s.findings.some((f) => f.kind === 'BERDEKATAN')) + 1,
          ).toBeLessThanOrEqual(9);
        },
      ),
    );
  });
});

function kindsOf(findings: readonly PatternFinding[]): PatternKind[] {
  return findings.map((f) => f.kind);
}

function detectedKinds(steps: readonly ReplayStep[]): PatternKind[] {
  return kindsOf(steps.at(-1)!.findings);
}
