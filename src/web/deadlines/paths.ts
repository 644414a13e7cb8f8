/** Where the deadline pages live: the head's own, Dukcapil's overview and the calendar. */
export const AGENCY_BASE = '/instansi/tenggat';
export const DUKCAPIL_BASE = '/dukcapil/tenggat';
export const CALENDAR_PATH = `${DUKCAPIL_BASE}/libur`;

export function agencyPagePath(code: string): string {
  return `${DUKCAPIL_BASE}/instansi/${encodeURIComponent(code)}`;
}
