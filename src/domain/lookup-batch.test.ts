import { describe, expect, it } from 'vitest';
import { defaultFlights } from './lookup-batch.js';

describe('lookup batches running at once by default', () => {
  it('are a quarter of the connections, at least one and at most four', () => {
    expect([1, 3, 4, 8, 12, 16, 64].map(defaultFlights)).toEqual([1, 1, 1, 2, 3, 4, 4]);
  });
});
