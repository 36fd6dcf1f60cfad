import { describe, expect, it } from 'vitest';
import { taskWaits } from '../../soak/index';

describe("the soak's waits for tasks to be given out", () => {
  it('gives count, median, 95th percentile, longest and how many came after ten minutes', () => {
    const waits = [...Array.from({ length: 18 }, (_, i) => i * 1_000), 11 * 60_000, 14 * 60_000];
    expect(taskWaits(waits)).toEqual({
      count: 20,
      overTenMinutes: 2,
      p50Ms: 10_000,
      p95Ms: 14 * 60_000,
      maxMs: 14 * 60_000,
    });
    expect(taskWaits([])).toEqual({ count: 0, overTenMinutes: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 });
  });
});
