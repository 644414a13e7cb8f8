import { describe, expect, it } from 'vitest';
import { composeNik, parseNik, type NikProblem } from './nik.js';

const TODAY = new Date('2026-11-24T03:00:00Z');

describe('parseNik', () => {
  const valid: [string, string, 'LAKI-LAKI' | 'PEREMPUAN', string][] = [
    ['a man born 7 March 1990', '3303050703900001', 'LAKI-LAKI', '1990-03-07'],
    ['a woman: 40 added to the day', '3303054703900002', 'PEREMPUAN', '1990-03-07'],
    ['a woman born on the 31st', '3303057112850003', 'PEREMPUAN', '1985-12-31'],
    ['29 February of a leap year (2000)', '3303052902000001', 'LAKI-LAKI', '2000-02-29'],
    ['29 February of a leap year, woman (2024)', '3303056902240001', 'PEREMPUAN', '2024-02-29'],
    [
      'a two-digit year after this one is last century',
      '3303050101300001',
      'LAKI-LAKI',
      '1930-01-01',
    ],
    ['this year', '3303050101260001', 'LAKI-LAKI', '2026-01-01'],
    ['later this year is last century', '3303053112260001', 'LAKI-LAKI', '1926-12-31'],
    ['serial 9999', '3303050101909999', 'LAKI-LAKI', '1990-01-01'],
    ['a Papua province code of 2022', '9601010101900001', 'LAKI-LAKI', '1990-01-01'],
  ];
  it.each(valid)('accepts %s', (_label, input, sex, birthDate) => {
    const result = parseNik(input, TODAY);
    expect(result).toMatchObject({ ok: true, value: { nik: input, sex, birthDate } });
  });

  const invalid: [string, string, NikProblem][] = [
    ['15 digits', '330305070390001', 'PANJANG'],
    ['17 digits', '33030507039000011', 'PANJANG'],
    ['empty', '', 'PANJANG'],
    ['a letter', '33030507039O0001', 'BUKAN_ANGKA'],
    ['a space inside', '3303050703 00001', 'BUKAN_ANGKA'],
    ['a leading space', ' 330305070390001', 'BUKAN_ANGKA'],
    ['a trailing space after 16 digits', '3303050703900001 ', 'BUKAN_ANGKA'],
    ['full-width digits', '３３０３０５０７０３９００００１', 'BUKAN_ANGKA'],
    ['unknown province 00', '0003050703900001', 'PROVINSI'],
    ['unknown province 99', '9903050703900001', 'PROVINSI'],
    ['unknown province 20', '2003050703900001', 'PROVINSI'],
    ['regency 00', '3300050703900001', 'WILAYAH'],
    ['district 00', '3303000703900001', 'WILAYAH'],
    ['day 00', '3303050003900001', 'TANGGAL_LAHIR'],
    ['day 32', '3303053203900001', 'TANGGAL_LAHIR'],
    ['day 40 (a woman’s day 0)', '3303054003900001', 'TANGGAL_LAHIR'],
    ['day 72 (a woman’s day 32)', '3303057203900001', 'TANGGAL_LAHIR'],
    ['month 00', '3303050700900001', 'TANGGAL_LAHIR'],
    ['month 13', '3303050713900001', 'TANGGAL_LAHIR'],
    ['29 February of a common year', '3303052902230001', 'TANGGAL_LAHIR'],
    ['29 February of a common year, woman', '3303056902190001', 'TANGGAL_LAHIR'],
    ['31 April', '3303053104900001', 'TANGGAL_LAHIR'],
    ['serial 0000', '3303050703900000', 'NOMOR_URUT'],
  ];
  it.each(invalid)('refuses %s', (_label, input, problem) => {
    const result = parseNik(input, TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toBe(problem);
      expect(result.reason.length).toBeGreaterThan(10);
    }
  });

  it('reads 29 February 00 as 2000, a leap year, not 1900', () => {
    expect(parseNik('3303052902000001', TODAY)).toMatchObject({
      ok: true,
      value: { birthDate: '2000-02-29' },
    });
  });
});

describe('composeNik', () => {
  it('is the inverse of parseNik', () => {
    for (const [birthDate, sex] of [
      ['1990-03-07', 'LAKI-LAKI'],
      ['1985-12-31', 'PEREMPUAN'],
      ['2000-02-29', 'PEREMPUAN'],
    ] as const) {
      const nik = composeNik('330305', birthDate, sex, 42);
      expect(parseNik(nik, TODAY)).toMatchObject({
        ok: true,
        value: { districtCode: '330305', birthDate, sex, serial: 42 },
      });
    }
  });
});
