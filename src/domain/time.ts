/** Asia/Jakarta (WIB) is UTC+7 all year: no daylight saving, so a fixed offset is exact. */
export const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The WIB day last asked for and the instants it spans: every lookup asks for its day (the
 * quota's), and a day's lookups then skip the Date and ISO text.
 */
let lastDay = { from: Number.NaN, day: '' };

/** The calendar day in WIB of an instant, as YYYY-MM-DD. */
export function wibDay(at: Date): string {
  const ms = at.getTime();
  const into = ms - lastDay.from;
  if (into >= 0 && into < DAY_MS) return lastDay.day;
  const day = new Date(ms + WIB_OFFSET_MS).toISOString().slice(0, 10);
  lastDay = { from: Math.floor((ms + WIB_OFFSET_MS) / DAY_MS) * DAY_MS - WIB_OFFSET_MS, day };
  return day;
}

/** An instant as WIB date and time, YYYY-MM-DD HH:MM:SS. */
export function wibDateTime(at: Date): string {
  return new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The instant a WIB day (YYYY-MM-DD) begins. */
export function wibDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

/** A source of the current time; tests pass a fixed one. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
