import { describe, expect, it } from 'vitest';
import { type Moment, planClock } from '../../demo/clock-plan';
import { domainTimeAt, resolveClockAt, workflowTimeAt } from '../../workflows/clock';

const START = '2026-01-12T07:00:00.000Z';
const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

const moments: Moment[] = [
  { atMs: at(START), holdMs: 800, speedup: 3_600 },
  { atMs: at('2026-04-10T06:00:00.000Z'), holdMs: 1_200, speedup: 600 },
  // An action whose deadline is the same evening: closer than its slow span.
  { atMs: at('2026-10-27T08:00:00.000Z'), holdMs: 700, speedup: 3_600 },
  { atMs: at('2026-10-27T08:20:00.000Z'), holdMs: 1_200, speedup: 600 },
  // Two timers a millisecond apart share one hold.
  { atMs: at('2026-12-15T22:59:59.999Z'), holdMs: 1_200, speedup: 600 },
  { atMs: at('2026-12-15T23:00:00.000Z'), holdMs: 1_200, speedup: 600 },
];

describe('planClock', () => {
  const plan = planClock(START, moments, 10_000_000, 60_000);
  const clock = resolveClockAt(plan.clock, 0);
  const wallAt = (ms: number) => workflowTimeAt(clock, ms);

  it('stays at the last moment speed after it, so a run behind its plan does not race ahead', () => {
    const last = at('2026-12-15T22:59:59.999Z');
    const wall = wallAt(last);
    // An hour of wall time late: 600 domain hours at the hold's speed, not years at the fast one.
    expect(domainTimeAt(clock, wall + HOUR) - last).toBeCloseTo(600 * HOUR, -3);
  });

  it('leaves at least each moment its hold in wall time before the next one', () => {
    expect(plan.moments).toBe(5);
    const points = [moments[0], moments[1], moments[2], moments[3], moments[4]] as Moment[];
    for (const [i, point] of points.slice(0, -1).entries()) {
      const next = points[i + 1] as Moment;
      expect(wallAt(next.atMs) - wallAt(point.atMs)).toBeGreaterThanOrEqual(point.holdMs - 1);
    }
  });

  it('runs at most the hold speed right after a moment and fast through the quiet months', () => {
    const speedAfter = (ms: number) => {
      const w = wallAt(ms);
      return domainTimeAt(clock, w + 100) - domainTimeAt(clock, w);
    };
    expect(speedAfter(at('2026-04-10T06:00:00.000Z')) / 100).toBeCloseTo(600);
    // 20 minutes of domain time in the 700 ms hold: slower than 3 600× so the hold still lasts.
    expect(speedAfter(at('2026-10-27T08:00:00.000Z')) / 100).toBeCloseTo((20 * 60_000) / 700);
    expect(speedAfter(at('2026-06-01T00:00:00.000Z')) / 100).toBeCloseTo(10_000_000);
  });

  it('spends about the holds plus the fast stretches, far less than a uniform clock would', () => {
    const holds = 800 + 1_200 + 700 + 1_200 + 1_200;
    expect(plan.plannedWallMs).toBeGreaterThan(holds);
    expect(plan.plannedWallMs).toBeLessThan(holds + (340 * 24 * HOUR) / 10_000_000 + 100);
  });

  it('starts at the first moment with its hold speed, so the cycle start is slow too', () => {
    expect(plan.clock.startAt).toBe(START);
    expect(plan.clock.speedup).toBe(3_600);
  });
});
