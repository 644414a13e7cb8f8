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
});
