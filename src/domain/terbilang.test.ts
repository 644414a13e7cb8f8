import { describe, expect, it } from 'vitest';
import { formatDate } from './indonesian-dates.js';
import { dateInWords, terbilang } from './terbilang.js';

describe('terbilang', () => {
  it.each([
    [0, 'nol'],
    [1, 'satu'],
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [12, 'dua belas'],
    [19, 'sembilan belas'],
    [20, 'dua puluh'],
    [24, 'dua puluh empat'],
    [31, 'tiga puluh satu'],
    [100, 'seratus'],
    [111, 'seratus sebelas'],
    [250, 'dua ratus lima puluh'],
    [1000, 'seribu'],
    [1945, 'seribu sembilan ratus empat puluh lima'],
    [2000, 'dua ribu'],
    [2026, 'dua ribu dua puluh enam'],
    [11_000, 'sebelas ribu'],
    [100_000, 'seratus ribu'],
    [1_000_000, 'satu juta'],
  ])('%i → %s', (n, words) => {
    expect(terbilang(n)).toBe(words);
  });

  it('refuses what it cannot say', () => {
    expect(() => terbilang(-1)).toThrow(RangeError);
    expect(() => terbilang(1.5)).toThrow(RangeError);
  });
});

describe('dates in words', () => {
  it('writes the day out as a handover letter does', () => {
    expect(dateInWords('2026-11-24')).toBe(
      'Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam',
    );
    expect(dateInWords('2025-09-16')).toBe(
      'Selasa tanggal enam belas bulan September tahun dua ribu dua puluh lima',
    );
    expect(dateInWords('2027-01-01')).toBe(
      'Jumat tanggal satu bulan Januari tahun dua ribu dua puluh tujuh',
    );
  });

  it('writes the long date', () => {
    expect(formatDate('2026-11-04')).toBe('4 November 2026');
  });
});
