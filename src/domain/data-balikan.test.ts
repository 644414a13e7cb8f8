import { describe, expect, it } from 'vitest';
import {
  checkDataBalikanRecord,
  dataBalikanSchemaProblems,
  sameFields,
  type DataBalikanSchema,
} from './data-balikan.js';

const now = new Date('2026-11-24T03:00:00Z');
const NIK = '3303054703900002';

const schema: DataBalikanSchema = {
  fields: [
    {
      key: 'nomor_kepesertaan_jkn',
      label: 'Nomor kepesertaan JKN',
      required: false,
      maxLength: 13,
      pattern: '[0-9]{13}',
      patternHint: 'berupa 13 digit angka',
    },
    { key: 'jenis', label: 'Jenis', required: true, maxLength: 20, options: ['NIB', 'IZIN'] },
  ],
  dueDays: 30,
};

describe('dataBalikanSchemaProblems', () => {
  it('accepts a sound schema', () => {
    expect(dataBalikanSchemaProblems(schema)).toEqual([]);
  });

  it.each([
    ['not an object', [], 'Skema data balikan harus berupa objek { fields, dueDays }'],
    [
      'no fields',
      { fields: [], dueDays: 30 },
      'Skema data balikan harus memiliki 1–30 kolom selain NIK',
    ],
    [
      'a field named nik',
      { fields: [{ key: 'nik', label: 'NIK', required: true, maxLength: 16 }], dueDays: 30 },
      'Kolom ke-1: kunci harus huruf kecil, angka atau garis bawah (2–50 karakter, bukan "nik")',
    ],
    [
      'a repeated key',
      {
        fields: [
          { key: 'nomor', label: 'Nomor', required: true, maxLength: 16 },
          { key: 'nomor', label: 'Nomor lagi', required: true, maxLength: 16 },
        ],
        dueDays: 30,
      },
      'Kolom ke-2: kunci "nomor" dipakai lebih dari sekali',
    ],
    [
      'a broken pattern',
      {
        fields: [{ key: 'nomor', label: 'Nomor', required: true, maxLength: 5, pattern: '[0-9' }],
        dueDays: 30,
      },
      'Kolom ke-1: pola "[0-9" bukan ekspresi reguler yang sah',
    ],
    [
      'empty options',
      {
        fields: [{ key: 'jenis', label: 'Jenis', required: true, maxLength: 5, options: [] }],
        dueDays: 30,
      },
      'Kolom ke-1: pilihan harus daftar teks yang tidak kosong',
    ],
    [
      'an unknown attribute',
      {
        fields: [{ key: 'nomor', label: 'Nomor', required: true, maxLength: 5, wajib: true }],
        dueDays: 30,
      },
      'Kolom ke-1: atribut "wajib" tidak dikenal',
    ],
    [
      'a due period out of range',
      { fields: [{ key: 'nomor', label: 'Nomor', required: true, maxLength: 5 }], dueDays: 0 },
      'Batas hari pengiriman data balikan harus bilangan bulat 1–365',
    ],
  ])('refuses %s', (_case, value, problem) => {
    expect(dataBalikanSchemaProblems(value)).toContain(problem);
  });
});

describe('checkDataBalikanRecord', () => {
  it('accepts digits sent as a number and an option in any case, trimmed', () => {
    expect(
      checkDataBalikanRecord(
        schema,
        Number(NIK),
        { nomor_kepesertaan_jkn: 1234567890123, jenis: ' izin ' },
        now,
      ),
    ).toEqual({
      ok: true,
      nik: NIK,
      fields: { nomor_kepesertaan_jkn: '1234567890123', jenis: 'IZIN' },
    });
  });

  it.each([
    ['a NIK of the wrong length', '330305', { jenis: 'NIB' }, /^NIK: /],
    [
      'a missing required field',
      NIK,
      { nomor_kepesertaan_jkn: '1234567890123' },
      /^Jenis wajib diisi$/,
    ],
    ['a value outside the list', NIK, { jenis: 'IMB' }, /^Jenis harus salah satu dari: NIB, IZIN$/],
    [
      'a value off the pattern',
      NIK,
      { jenis: 'NIB', nomor_kepesertaan_jkn: '12x' },
      /13 digit angka$/,
    ],
    [
      'a value too long',
      NIK,
      { jenis: 'NIB', nomor_kepesertaan_jkn: '12345678901234' },
      /paling banyak 13 karakter$/,
    ],
    ['an object for a value', NIK, { jenis: { a: 1 } }, /^Jenis harus berupa teks$/],
    ['an unknown field', NIK, { jenis: 'NIB', catatan: 'x' }, /^Kolom "catatan" tidak dikenal/],
  ])('refuses %s', (_case, nik, values, reason) => {
    const check = checkDataBalikanRecord(schema, nik, values, now);
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.reasons).toContainEqual(expect.stringMatching(reason));
  });

  it('refuses a control character hidden in free text', () => {
    const free: DataBalikanSchema = {
      fields: [{ key: 'catatan', label: 'Catatan', required: true, maxLength: 50 }],
      dueDays: 30,
    };
    const check = checkDataBalikanRecord(free, NIK, { catatan: 'a\u0007b' }, now);
    expect(check).toEqual({ ok: false, reasons: ['Catatan memuat karakter kendali'] });
  });
});

describe('sameFields', () => {
  it('ignores key order and sees any difference', () => {
    expect(sameFields({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameFields({ a: '1' }, { a: '1', b: '2' })).toBe(false);
    expect(sameFields({ a: '1' }, { a: '2' })).toBe(false);
  });
});
