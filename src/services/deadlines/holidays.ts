import type { ActingParty } from '../../domain/actor.js';
import { parse } from 'csv-parse/sync';
import { can } from '../../domain/permissions.js';
import {
  holidayCalendar,
  holidayProblems,
  type Holiday,
  type HolidayKind,
} from '../../domain/working-days.js';
import { wibDay } from '../../domain/time.js';
import { recordAdminAction } from '../../store/admin-actions.js';
import {
  deleteHoliday,
  findHoliday,
  holidayYears,
  holidaysOfYear,
  putHoliday,
} from '../../store/holidays.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/**
 * Who changes the calendar: a Dukcapil admin, or the server's operator at the command line
 * (CLI_ACTOR: an admin's powers, recorded with no user).
 */
type CalendarEditor = Pick<ActingParty, 'id' | 'role'>;

function mustManage(editor: CalendarEditor): void {
  if (!can(editor.role, 'holiday.manage')) {
    throw new Refusal(
      'TIDAK_BERWENANG',
      'Hanya Admin Dukcapil yang dapat mengubah kalender hari libur',
    );
  }
}

export interface HolidayYear {
  readonly year: number;
  readonly holidays: readonly Holiday[];
  /** Years on record, newest first, for the year picker. */
  readonly years: readonly number[];
  /** false while the year holds only the holidays fixed by date (the decree not yet entered). */
  readonly hasMovingHolidays: boolean;
}

export async function holidaysForYear(deps: Deps, year: number | undefined): Promise<HolidayYear> {
  const shown =
    year !== undefined && Number.isInteger(year) && year >= 2000 && year <= 2100
      ? year
      : Number(wibDay(deps.clock()).slice(0, 4));
  const [holidays, years] = await Promise.all([
    holidaysOfYear(deps.db, shown),
    holidayYears(deps.db),
  ]);
  return {
    year: shown,
    holidays,
    years: years.includes(shown) ? years : [...years, shown].sort((a, b) => b - a),
    hasMovingHolidays: holidayCalendar(holidays).hasMovingHolidays(shown),
  };
}

function checkedHoliday(input: { date: string; name: string; kind: string }): Holiday {
  const entry = {
    date: input.date.trim(),
    name: input.name.trim().replace(/\s+/g, ' '),
    kind: input.kind.trim().toUpperCase().replace(/\s+/g, '_'),
  };
  const problems = holidayProblems(entry);
  if (problems.length > 0) throw new Refusal('DITOLAK', problems.join('; '));
  return { ...entry, kind: entry.kind as HolidayKind };
}

/** Adds a day off, or corrects the name and kind of one on record. */
export async function addHoliday(
  deps: Deps,
  editor: CalendarEditor,
  input: { date: string; name: string; kind: string },
): Promise<'ADDED' | 'UPDATED' | 'UNCHANGED'> {
  mustManage(editor);
  const holiday = checkedHoliday(input);
  return deps.db.transaction().execute(async (tx) => {
    const outcome = await putHoliday(tx, holiday);
    if (outcome !== 'UNCHANGED') {
      await recordAdminAction(tx, {
        at: deps.clock(),
        actorId: editor.id,
        agencyId: null,
        action: outcome === 'ADDED' ? 'LIBUR_DITAMBAH' : 'LIBUR_DIUBAH',
        target: holiday.date,
        detail: { name: holiday.name, kind: holiday.kind },
      });
    }
    return outcome;
  });
}

/** Takes a day off the calendar: every deadline counted over it moves a day earlier. */
export async function removeHoliday(
  deps: Deps,
  editor: CalendarEditor,
  input: { date: string; reason: string },
): Promise<Holiday> {
  mustManage(editor);
  const reason = input.reason.trim();
  if (reason.length < 5 || reason.length > 1000) {
    throw new Refusal('DITOLAK', 'Alasan penghapusan 5–1.000 karakter');
  }
  return deps.db.transaction().execute(async (tx) => {
    const removed = await deleteHoliday(tx, input.date);
    if (!removed)
      throw new Refusal(
        'TIDAK_DITEMUKAN',
        `Tanggal ${input.date} tidak ada di kalender hari libur`,
      );
    await recordAdminAction(tx, {
      at: deps.clock(),
      actorId: editor.id,
      agencyId: null,
      action: 'LIBUR_DIHAPUS',
      target: removed.date,
      reason,
      detail: { name: removed.name, kind: removed.kind },
    });
    return removed;
  });
}

export async function findHolidayOn(deps: Deps, date: string): Promise<Holiday | undefined> {
  return findHoliday(deps.db, date);
}

export interface ImportOutcome {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
}

export const HOLIDAY_CSV_HEADER = 'tanggal,nama,jenis';

/**
 * Imports a year's decree from CSV `tanggal,nama,jenis` (jenis LIBUR_NASIONAL or
 * CUTI_BERSAMA; "libur nasional" / "cuti bersama" are read the same). All or nothing: one
 * faulty line refuses the file, with every line's problem.
 */
export async function importHolidays(
  deps: Deps,
  editor: CalendarEditor,
  csvText: string,
  source: string,
): Promise<ImportOutcome> {
  mustManage(editor);
  let records: string[][];
  try {
    records = parse(csvText.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw new Refusal('DITOLAK', `Berkas CSV tidak dapat dibaca: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header || header.map((h) => h.toLowerCase()).join(',') !== HOLIDAY_CSV_HEADER) {
    throw new Refusal('DITOLAK', `Baris pertama berkas harus ${HOLIDAY_CSV_HEADER}`);
  }
  if (rows.length === 0) throw new Refusal('DITOLAK', 'Berkas tidak memuat hari libur');
  if (rows.length > 1000) throw new Refusal('DITOLAK', 'Paling banyak 1.000 hari libur per berkas');
  const problems: string[] = [];
  const holidays: Holiday[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const line = index + 2;
    if (row.length !== 3) {
      problems.push(`baris ${line}: harus 3 kolom (${HOLIDAY_CSV_HEADER})`);
      return;
    }
    try {
      const holiday = checkedHoliday({ date: row[0]!, name: row[1]!, kind: row[2]! });
      if (seen.has(holiday.date)) problems.push(`baris ${line}: tanggal ${holiday.date} berulang`);
      seen.add(holiday.date);
      holidays.push(holiday);
    } catch (error) {
      problems.push(`baris ${line}: ${(error as Error).message}`);
    }
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('; ');
    const more = problems.length > 20 ? `; dan ${problems.length - 20} masalah lain` : '';
    throw new Refusal('DITOLAK', `Berkas ditolak, tidak ada yang disimpan: ${shown}${more}`);
  }
  return deps.db.transaction().execute(async (tx) => {
    const outcome = { added: 0, updated: 0, unchanged: 0 };
    for (const holiday of holidays) {
      const result = await putHoliday(tx, holiday);
      if (result === 'ADDED') outcome.added++;
      else if (result === 'UPDATED') outcome.updated++;
      else outcome.unchanged++;
    }
    await recordAdminAction(tx, {
      at: deps.clock(),
      actorId: editor.id,
      agencyId: null,
      action: 'LIBUR_DIIMPOR',
      target: source.slice(0, 200) || 'CSV',
      detail: { ...outcome, dates: holidays.map((h) => h.date) },
    });
    return outcome;
  });
}
