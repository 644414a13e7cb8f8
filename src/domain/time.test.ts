import { describe, expect, it } from 'vitest';
import { wibDay } from './time.js';

describe('wibDay', () => {
  it.each([
    ['2026-11-24T16:59:59.999Z', '2026-11-24'],
    ['2026-11-24T17:00:00.000Z', '2026-11-25'],
    ['2026-12-31T17:00:00.000Z', '2027-01-01'],
    ['2028-02-28T17:30:00.000Z', '2028-02-29'],
  ])('%s is WIB day %s', (instant, day) => {
    expect(wibDay(new Date(instant))).toBe(day);
  });

  it('gives each instant its own day when instants of several days alternate', () => {
    const instants = [
      '2026-11-24T16:59:59.999Z',
      '2026-11-24T17:00:00.000Z',
      '2026-11-24T00:00:00.000Z',
      '2026-11-23T16:59:59.999Z',
      '2026-11-24T16:59:59.999Z',
      '2026-11-25T16:59:59.999Z',
      '2026-11-25T17:00:00.000Z',
      '1969-12-31T17:00:00.000Z',
      '1969-12-31T16:59:59.999Z',
    ];
    for (const instant of [...instants, ...instants.reverse()]) {
      const at = new Date(instant);
      expect(wibDay(at), instant).toBe(
        new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10),
      );
    }
  });

  it('still refuses an invalid date', () => {
    expect(() => wibDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
