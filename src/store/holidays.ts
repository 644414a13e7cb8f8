import { sql } from 'kysely';
import type { Holiday, HolidayKind } from '../domain/working-days.js';
import type { Executor } from './db.js';

function toHoliday(row: { day: string; name: string; kind: string }): Holiday {
  return { date: row.day, name: row.name, kind: row.kind as HolidayKind };
}

/** Every holiday on record, oldest first: a few dozen a year, read whole. */
export async function allHolidays(db: Executor): Promise<Holiday[]> {
  const rows = await db
    .selectFrom('holiday')
    .select(['day', 'name', 'kind'])
    .orderBy('day')
    .execute();
  return rows.map(toHoliday);
}

export async function holidaysOfYear(db: Executor, year: number): Promise<Holiday[]> {
  const rows = await db
    .selectFrom('holiday')
    .select(['day', 'name', 'kind'])
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  return rows.map(toHoliday);
}

/** The years the calendar holds, newest first. */
export async function holidayYears(db: Executor): Promise<number[]> {
  const result = await sql<{ year: number }>`
    SELECT DISTINCT extract(year FROM day)::int AS year FROM holiday ORDER BY year DESC`.execute(
    db,
  );
  return result.rows.map((r) => Number(r.year));
}

export async function findHoliday(db: Executor, day: string): Promise<Holiday | undefined> {
  const row = await db
    .selectFrom('holiday')
    .select(['day', 'name', 'kind'])
    .where('day', '=', day)
    .executeTakeFirst();
  return row ? toHoliday(row) : undefined;
}

/**
 * Adds the day or replaces its name and kind; says which. Locks the day's row so that two
 * admins entering the same day are told apart.
 */
export async function putHoliday(
  db: Executor,
  holiday: Holiday,
): Promise<'ADDED' | 'UPDATED' | 'UNCHANGED'> {
  const before = await db
    .selectFrom('holiday')
    .select(['name', 'kind'])
    .where('day', '=', holiday.date)
    .forUpdate()
    .executeTakeFirst();
  if (before && before.name === holiday.name && before.kind === holiday.kind) return 'UNCHANGED';
  await db
    .insertInto('holiday')
    .values({ day: holiday.date, name: holiday.name, kind: holiday.kind })
    .onConflict((oc) => oc.column('day').doUpdateSet({ name: holiday.name, kind: holiday.kind }))
    .execute();
  return before ? 'UPDATED' : 'ADDED';
}

export async function deleteHoliday(db: Executor, day: string): Promise<Holiday | undefined> {
  const row = await db
    .deleteFrom('holiday')
    .where('day', '=', day)
    .returning(['day', 'name', 'kind'])
    .executeTakeFirst();
  return row ? toHoliday(row) : undefined;
}
