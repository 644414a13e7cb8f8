import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.js';
import { executeText, prepared } from './prepared-statements.js';

/**
 * A batch's parameters go as quoted literals (executeText). Written without pg.escapeLiteral
 * where nothing needs escaping, they must still be exactly what escapeLiteral writes for the
 * text the extended protocol would send.
 */
describe('the literals of a batch', () => {
  const one = (value: unknown) => executeText('lookup_batch', [[value]]);
  const escaped = (text: string) => `EXECUTE lookup_batch(${pg.escapeLiteral(text)})`;

  it('writes text, numbers and booleans as escapeLiteral does', () => {
    for (const text of [
      '',
      '3303010101900001',
      'Pelayanan BPJS',
      "O'Brien",
      'a\\b',
      "\\'",
      "''",
      'Rp 10.000 — ä 漢字 🙂',
      '127.0.0.1',
    ]) {
      expect(one(text), text).toBe(escaped(text));
    }
    expect(one(200)).toBe(escaped('200'));
    expect(one(true)).toBe(escaped('true'));
    expect(one(null)).toBe('EXECUTE lookup_batch(NULL)');
  });

  it('writes a bytea, a time and an array as escapeLiteral does', () => {
    const bytes = Buffer.from('00ff10abcdef', 'hex');
    expect(one(bytes)).toBe(escaped('\\x00ff10abcdef'));
    expect(one(new Uint8Array(bytes))).toBe(escaped('\\x00ff10abcdef'));
    // A view into a larger buffer: only its own bytes.
    expect(one(bytes.subarray(1, 3))).toBe(escaped('\\xff10'));
    const at = new Date('2026-12-07T01:02:03.456Z');
    expect(one(at)).toBe(escaped('2026-12-07T01:02:03.456Z'));
    expect(one(['NIK', 'NAMA_LENGKAP', 'a"b', 'c\\d'])).toBe(
      escaped('{"NIK","NAMA_LENGKAP","a\\"b","c\\\\d"}'),
    );
  });

  it('executes a statement without parameters without parentheses, one line per run', () => {
    expect(executeText('seal_state', [[]])).toBe('EXECUTE seal_state');
    expect(executeText('lookup_batch', [[1], [2]])).toBe(
      `EXECUTE lookup_batch('1');\nEXECUTE lookup_batch('2')`,
    );
  });
});

/** A marked statement without parameters runs prepared on both engines, more than once. */
describe('a prepared statement without parameters', () => {
  it('answers every time it is run', async () => {
    const t = await createTestDatabase();
    try {
      for (let i = 0; i < 3; i++) {
        const { rows } = await sql<{
          answer: number;
        }>`${prepared('uji_tanpa_parameter')} SELECT 42 AS answer`.execute(t.db);
        expect(rows).toEqual([{ answer: 42 }]);
      }
    } finally {
      await t.drop();
    }
  });
});

/**
 * The driver's result rows (pg patched by patches/pg+*.patch to build each result's empty row
 * as a plain object, for speed): every column an own property of a plain object, whatever its
 * name, as unpatched.
 */
describe('result rows', () => {
  it('holds every column as its own property, __proto__ and constructor included', async () => {
    const t = await createTestDatabase();
    try {
      const { rows } = await sql<Record<string, unknown>>`
        SELECT 1 AS "__proto__", 2 AS "constructor", '3303010101900001' AS nik`.execute(t.db);
      const row = rows[0]!;
      expect(Object.keys(row)).toEqual(['__proto__', 'constructor', 'nik']);
      expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(1);
      expect(row['constructor']).toBe(2);
      expect(row['nik']).toBe('3303010101900001');
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    } finally {
      await t.drop();
    }
  });
});
