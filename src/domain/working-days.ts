/**
 * Working days in Indonesia: Monday to Friday, less the national holidays (libur nasional)
 * and collective leave (cuti bersama) of a calendar. Most holidays move every year (Islamic,
 * Chinese, Hindu and Buddhist calendars) and cuti bersama is set yearly by a joint decree of
 * three ministers (SKB 3 Menteri), so the calendar is data Dukcapil maintains, never code.
 * Dates are ISO days (YYYY-MM-DD) without time or zone.
 */

export type IsoDate = string;

export const HOLIDAY_KINDS = ['LIBUR_NASIONAL', 'CUTI_BERSAMA'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export const HOLIDAY_KIND_LABELS: Readonly<Record<HolidayKind, string>> = {
  LIBUR_NASIONAL: 'Libur nasional',
  CUTI_BERSAMA: 'Cuti bersama',
};

export interface Holiday {
  readonly date: IsoDate;
  readonly name: string;
  readonly kind: HolidayKind;
}

export interface HolidayCalendar {
  /** The holiday on that day, if any. */
  holidayOn(date: IsoDate): Holiday | undefined;
  /** Whether the calendar holds any day of that year beyond the holidays fixed by date. */
  hasMovingHolidays(year: number): boolean;
}

/**
 * The national holidays whose date never moves (1 January, 1 May, 1 June, 17 August,
 * 25 December). Every other holiday and all cuti bersama must come from the year's decree.
 */
export const FIXED_HOLIDAYS: readonly { readonly monthDay: string; readonly name: string }[] = [
  { monthDay: '01-01', name: 'Tahun Baru Masehi' },
  { monthDay: '05-01', name: 'Hari Buruh Internasional' },
  { monthDay: '06-01', name: 'Hari Lahir Pancasila' },
  { monthDay: '08-17', name: 'Hari Kemerdekaan Republik Indonesia' },
  { monthDay: '12-25', name: 'Hari Raya Natal' },
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real calendar day written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function toUtc(date: IsoDate): Date {
  if (!isIsoDate(date)) throw new Error(`bukan tanggal YYYY-MM-DD: ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/**
 * `months` calendar months later (or earlier when negative), on the same day of the month,
 * or on the month's last day when it is shorter: 31 August − 2 months = 30 June,
 * 31 August + 6 months = 28 (or 29) February, 31 December − 2 months = 31 October.
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const d = toUtc(date);
  const monthIndex = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay))));
}

export function isWeekend(date: IsoDate): boolean {
  const weekday = toUtc(date).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function isWorkingDay(date: IsoDate, calendar: HolidayCalendar): boolean {
  return !isWeekend(date) && calendar.holidayOn(date) === undefined;
}

export interface WorkingDaysResult {
  /** The n-th working day after the start. */
  readonly date: IsoDate;
  /** Holidays on weekdays that were passed over on the way (weekends are not listed). */
  readonly skipped: readonly Holiday[];
}

/**
 * The n-th working day after `date`: day 1 is the first working day after it, whatever
 * `date` itself is. n ≥ 1.
 */
export function workingDaysAfter(
  date: IsoDate,
  n: number,
  calendar: HolidayCalendar,
): WorkingDaysResult {
  if (!Number.isInteger(n) || n < 1) throw new Error(`jumlah hari kerja harus ≥ 1: ${n}`);
  const skipped: Holiday[] = [];
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isWeekend(day)) continue;
    const holiday = calendar.holidayOn(day);
    if (holiday) {
      skipped.push(holiday);
      continue;
    }
    counted++;
  }
  return { date: day, skipped };
}

export function addWorkingDays(date: IsoDate, n: number, calendar: HolidayCalendar): IsoDate {
  return workingDaysAfter(date, n, calendar).date;
}

/** A calendar over a list of holidays (one per day: a later entry for the same day wins). */
export function holidayCalendar(holidays: readonly Holiday[]): HolidayCalendar {
  const byDate = new Map<IsoDate, Holiday>();
  const movingYears = new Set<number>();
  const fixed = new Set(FIXED_HOLIDAYS.map((h) => h.monthDay));
  for (const holiday of holidays) {
    byDate.set(holiday.date, holiday);
    if (!fixed.has(holiday.date.slice(5))) movingYears.add(Number(holiday.date.slice(0, 4)));
  }
  return {
    holidayOn: (date) => byDate.get(date),
    hasMovingHolidays: (year) => movingYears.has(year),
  };
}

/** The fixed-date holidays of the given years, as the seed ships them. */
export function fixedHolidays(fromYear: number, toYear: number): Holiday[] {
  const list: Holiday[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (const h of FIXED_HOLIDAYS) {
      list.push({ date: `${year}-${h.monthDay}`, name: h.name, kind: 'LIBUR_NASIONAL' });
    }
  }
  return list;
}

export function isHolidayKind(value: string): value is HolidayKind {
  return (HOLIDAY_KINDS as readonly string[]).includes(value);
}

/** Problems with a calendar entry, in Bahasa Indonesia. Years outside 2000–2100 are typos. */
export function holidayProblems(input: { date: string; name: string; kind: string }): string[] {
  const problems: string[] = [];
  if (!isIsoDate(input.date)) problems.push('Tanggal harus tanggal yang sah, YYYY-MM-DD');
  else if (input.date < '2000-01-01' || input.date > '2100-12-31') {
    problems.push('Tanggal harus antara tahun 2000 dan 2100');
  }
  const name = input.name.trim();
  if (name.length < 3 || name.length > 200) problems.push('Nama hari libur 3–200 karakter');
  if (!isHolidayKind(input.kind)) problems.push('Jenis harus LIBUR_NASIONAL atau CUTI_BERSAMA');
  return problems;
}
