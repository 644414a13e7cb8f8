import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  addWorkingDays,
  fixedHolidays,
  holidayCalendar,
  isIsoDate,
  workingDaysAfter,
  type Holiday,
} from './working-days.js';

/*
 * Only the holidays fixed by date are real here (1 January, 17 August). The cuti bersama on
 * 2 January 2026 is an entry of this test's calendar, as Dukcapil would enter one from a
 * decree: the computation must skip whatever the calendar holds.
 */
const newYear2026: Holiday = {
  date: '2026-01-01',
  name: 'Tahun Baru Masehi',
  kind: 'LIBUR_NASIONAL',
};
const testLeave2026: Holiday = {
  date: '2026-01-02',
  name: 'Cuti bersama (entri kalender uji)',
  kind: 'CUTI_BERSAMA',
};
const newYear2027: Holiday = {
  date: '2027-01-01',
  name: 'Tahun Baru Masehi',
  kind: 'LIBUR_NASIONAL',
};
const newYear2028: Holiday = {
  date: '2028-01-01',
  name: 'Tahun Baru Masehi',
  kind: 'LIBUR_NASIONAL',
};
const independence2026: Holiday = {
  date: '2026-08-17',
  name: 'Hari Kemerdekaan Republik Indonesia',
  kind: 'LIBUR_NASIONAL',
};

describe('addWorkingDays: the 10th working day after the end of a semester', () => {
  const cases: {
    name: string;
    from: string;
    holidays: Holiday[];
    expected: string;
    skipped: string[];
  }[] = [
    {
      name: 'semester 2 2025 (Wed 31 Dec), no holidays in the calendar',
      from: '2025-12-31',
      holidays: [],
      expected: '2026-01-14',
      skipped: [],
    },
    {
      name: 'semester 2 2025, 1 January 2026 (Thursday) is a national holiday',
      from: '2025-12-31',
      holidays: [newYear2026],
      expected: '2026-01-15',
      skipped: ['2026-01-01'],
    },
    {
      name: 'semester 2 2025, the holiday and a cuti bersama the day after it',
      from: '2025-12-31',
      holidays: [newYear2026, testLeave2026],
      expected: '2026-01-16',
      skipped: ['2026-01-01', '2026-01-02'],
    },
    {
      name: 'semester 1 2026 (Tue 30 June), no holidays in July',
      from: '2026-06-30',
      holidays: [newYear2026, independence2026],
      expected: '2026-07-14',
      skipped: [],
    },
    {
      name: 'semester 2 2026 (Thu 31 Dec), 1 January 2027 is a Friday holiday',
      from: '2026-12-31',
      holidays: [newYear2027],
      expected: '2027-01-15',
      skipped: ['2027-01-01'],
    },
    {
      name: 'semester 2 2027 (Fri 31 Dec), 1 January 2028 falls on a Saturday: nothing extra skipped',
      from: '2027-12-31',
      holidays: [newYear2028],
      expected: '2028-01-14',
      skipped: [],
    },
    {
      name: 'semester 1 2028 (Fri 30 June), the weekend is not counted',
      from: '2028-06-30',
      holidays: [],
      expected: '2028-07-14',
      skipped: [],
    },
  ];
  it.each(cases)('$name → $expected', ({ from, holidays, expected, skipped }) => {
    const calendar = holidayCalendar(holidays);
    const result = workingDaysAfter(from, 10, calendar);
    expect(result.date).toBe(expected);
    expect(result.skipped.map((h) => h.date)).toEqual(skipped);
    expect(addWorkingDays(from, 10, calendar)).toBe(expected);
  });

  it('counts from the day after the start, even when the start is a holiday or a weekend', () => {
    const calendar = holidayCalendar([independence2026]);
    // Friday 14 August 2026 → Monday 17 August is Independence Day → Tuesday 18 August.
    expect(addWorkingDays('2026-08-14', 1, calendar)).toBe('2026-08-18');
    expect(addWorkingDays('2026-08-17', 1, calendar)).toBe('2026-08-18');
    // Saturday 15 August → day 1 is Tuesday 18 August.
    expect(addWorkingDays('2026-08-15', 1, calendar)).toBe('2026-08-18');
  });

  it('refuses a count below one', () => {
    expect(() => addWorkingDays('2026-06-30', 0, holidayCalendar([]))).toThrow();
  });
});

describe('addMonthsClamped', () => {
  const cases: [string, number, string][] = [
    ['2027-09-16', -2, '2027-07-16'],
    ['2025-12-31', -2, '2025-10-31'],
    ['2026-04-30', -2, '2026-02-28'],
    ['2028-04-30', -2, '2028-02-29'],
    ['2026-08-31', -2, '2026-06-30'],
    ['2026-01-31', -2, '2025-11-30'],
    ['2025-09-16', 6, '2026-03-16'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-03-31', 6, '2026-09-30'],
    ['2025-07-31', 6, '2026-01-31'],
  ];
  it.each(cases)('%s %+d months → %s', (from, months, expected) => {
    expect(addMonthsClamped(from, months)).toBe(expected);
  });
});

describe('the calendar', () => {
  it('knows a year has only its fixed-date holidays until the decree is entered', () => {
    const seed = holidayCalendar(fixedHolidays(2025, 2028));
    expect(seed.holidayOn('2027-08-17')?.name).toBe('Hari Kemerdekaan Republik Indonesia');
    expect(seed.holidayOn('2027-08-18')).toBeUndefined();
    expect(seed.hasMovingHolidays(2026)).toBe(false);
    const entered = holidayCalendar([...fixedHolidays(2025, 2028), testLeave2026]);
    expect(entered.hasMovingHolidays(2026)).toBe(true);
    expect(entered.hasMovingHolidays(2027)).toBe(false);
  });

  it('seeds five fixed-date holidays a year', () => {
    const seed = fixedHolidays(2025, 2028);
    expect(seed).toHaveLength(20);
    expect(seed.map((h) => h.date).filter((d) => d.startsWith('2026'))).toEqual([
      '2026-01-01',
      '2026-05-01',
      '2026-06-01',
      '2026-08-17',
      '2026-12-25',
    ]);
  });

  it.each([
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['26-01-01', false],
    ['2026-01-01', true],
  ])('isIsoDate(%s) = %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});
