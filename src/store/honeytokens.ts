import { sql } from 'kysely';
import type { Resident } from '../domain/resident.js';
import type { Executor } from './db.js';
import { insertResident } from './residents.js';

/**
 * Honeytokens (migration 012): valid-format NIKs of made-up residents that Dukcapil plants in
 * the register and no real applicant holds. Each is a row of `resident` (so that a lookup of
 * it answers like any other) and a row of `honeytoken` (so that the lookup holds the user).
 */

/**
 * The highest serial in use under a NIK's first 12 digits (district, birth date and sex), in
 * the register or among the honeytokens; 0 when none.
 */
export async function highestSerial(db: Executor, prefix: string): Promise<number> {
  const low = `${prefix}0000`;
  const high = `${prefix}9999`;
  const result = await sql<{ nik: string | null }>`
    SELECT greatest(
      (SELECT max(nik) FROM resident WHERE nik BETWEEN ${low} AND ${high}),
      (SELECT max(nik) FROM honeytoken WHERE nik BETWEEN ${low} AND ${high})) AS nik`.execute(db);
  const nik = result.rows[0]?.nik;
  return nik ? Number(nik.slice(12)) : 0;
}

/** Whether a NIK is in the register or already a honeytoken. */
export async function nikTaken(db: Executor, nik: string): Promise<boolean> {
  const result = await sql<{ taken: boolean }>`
    SELECT EXISTS (SELECT 1 FROM resident WHERE nik = ${nik})
        OR EXISTS (SELECT 1 FROM honeytoken WHERE nik = ${nik}) AS taken`.execute(db);
  return result.rows[0]?.taken === true;
}

/** Plants one: the made-up resident and its honeytoken row (call it in one transaction). */
export async function insertHoneytoken(
  db: Executor,
  input: { resident: Resident; plantedAt: Date; note: string | null },
): Promise<void> {
  await insertResident(db, input.resident);
  await db
    .insertInto('honeytoken')
    .values({ nik: input.resident.nik, planted_at: input.plantedAt, note: input.note })
    .execute();
}

/** Every honeytoken, oldest first, and whether its made-up resident is still in the register. */
export async function listHoneytokenRows(db: Executor) {
  return db
    .selectFrom('honeytoken as h')
    .leftJoin('resident as r', 'r.nik', 'h.nik')
    .select(['h.nik', 'h.planted_at', 'h.note', sql<boolean>`r.nik IS NOT NULL`.as('in_register')])
    .orderBy('h.planted_at')
    .orderBy('h.nik')
    .execute();
}

/** Whether a NIK is a planted honeytoken. */
export async function isHoneytoken(db: Executor, nik: string): Promise<boolean> {
  const row = await db
    .selectFrom('honeytoken')
    .select('nik')
    .where('nik', '=', nik)
    .executeTakeFirst();
  return row !== undefined;
}
