import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CycleClock,
  domainTimeAt,
  type ResolvedClock,
  resolveClockAt,
  workflowMsUntil,
  workflowTimeAt,
} from '../../workflows/clock';

const START = '2026-01-12T08:00:00+01:00';
const startMs = Date.parse(START);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Anchor: domain START at workflow 1 000 000; 10× until +1 h, 100× until +2 h, 1× after. */
const stepped = () =>
  resolveClockAt(
    {
      startAt: START,
      speedup: 10,
      segments: [
        { from: new Date(startMs + HOUR).toISOString(), speedup: 100 },
        { from: new Date(startMs + 2 * HOUR).toISOString(), speedup: 1 },
      ],
    },
    1_000_000,
  );

describe('linear clock (no segments)', () => {
  const linear: ResolvedClock = { anchorDomainMs: startMs, anchorWorkflowMs: 5_000, speedup: 250_000 };

  it('resolves to the three fields recorded histories carry, and no segments', () => {
    expect(resolveClockAt({ startAt: START, speedup: 250_000 }, 5_000)).toStrictEqual(linear);
    expect(resolveClockAt({ startAt: START, speedup: 250_000, segments: [] }, 5_000)).toStrictEqual(linear);
    expect(resolveClockAt({}, 42)).toStrictEqual({ anchorDomainMs: 42, anchorWorkflowMs: 42, speedup: 1 });
  });

  it('maps with the original formula, bit for bit', () => {
    for (const w of [5_000, 5_001, 77_777, 123_456_789]) {
      expect(domainTimeAt(linear, w)).toBe(linear.anchorDomainMs + (w - linear.anchorWorkflowMs) * 250_000);
      const target = startMs + 17 * DAY + 12_345;
      expect(workflowMsUntil(linear, w, target)).toBe(
        Math.ceil((target - (linear.anchorDomainMs + (w - linear.anchorWorkflowMs) * 250_000)) / 250_000),
      );
    }
  });

  it('rejects a speedup that is not positive', () => {
    expect(() => resolveClockAt({ speedup: 0 }, 0)).toThrow(/positive/);
  });
});

describe('piecewise-linear clock', () => {
  it('places each segment on the workflow time line where the previous piece reaches it', () => {
    expect(stepped().segments).toStrictEqual([
      { fromDomainMs: startMs + HOUR, fromWorkflowMs: 1_000_000 + HOUR / 10, speedup: 100 },
      { fromDomainMs: startMs + 2 * HOUR, fromWorkflowMs: 1_000_000 + HOUR / 10 + HOUR / 100, speedup: 1 },
    ]);
  });

  it('runs each piece at its own speed and meets the boundaries exactly', () => {
    const clock = stepped();
    const [first, second] = clock.segments ?? [];
    if (!first || !second) throw new Error('two segments expected');
    expect(domainTimeAt(clock, 1_000_000)).toBe(startMs);
    expect(domainTimeAt(clock, 1_000_010)).toBe(startMs + 100);
    expect(domainTimeAt(clock, first.fromWorkflowMs)).toBe(startMs + HOUR);
    expect(domainTimeAt(clock, first.fromWorkflowMs + 10)).toBe(startMs + HOUR + 1_000);
    expect(domainTimeAt(clock, second.fromWorkflowMs)).toBe(startMs + 2 * HOUR);
    expect(domainTimeAt(clock, second.fromWorkflowMs + 10)).toBe(startMs + 2 * HOUR + 10);
    // Just before a boundary the earlier, slower piece still applies.
    expect(domainTimeAt(clock, first.fromWorkflowMs - 1)).toBe(startMs + HOUR - 10);
  });

  it('inverts to the first workflow millisecond that has reached a domain instant', () => {
    const clock = stepped();
    const targets = [0, 1, 9, 10, 11, HOUR - 1, HOUR, HOUR + 1, HOUR + 99, 2 * HOUR, 2 * HOUR + 1, 3 * HOUR];
    for (const offset of targets) {
      const domainMs = startMs + offset;
      const w = workflowTimeAt(clock, domainMs);
      expect(Number.isInteger(w)).toBe(true);
      expect(domainTimeAt(clock, w)).toBeGreaterThanOrEqual(domainMs);
      expect(domainTimeAt(clock, w - 1)).toBeLessThan(domainMs);
    }
    expect(workflowTimeAt(clock, startMs + HOUR)).toBe(1_000_000 + HOUR / 10);
    expect(workflowTimeAt(clock, startMs + 2 * HOUR + 5)).toBe(1_000_000 + HOUR / 10 + HOUR / 100 + 5);
  });

  it('keeps the inverse exact at demo speedups over real epoch times', () => {
    // Fractional speedups make the boundaries fall between milliseconds, the hard case for the inverse.
    const clock = resolveClockAt(
      {
        startAt: START,
        speedup: 3_600,
        segments: [
          { from: '2026-01-12T10:00:00.000Z', speedup: 12_345_678.9 },
          { from: '2026-04-10T06:00:00.000Z', speedup: 777.7 },
          { from: '2026-04-10T06:10:00.000Z', speedup: 9_876_543.21 },
        ],
      },
      1_767_000_000_123,
    );
    for (const at of ['2026-01-12T10:00:00.000Z', '2026-04-10T06:00:00.000Z', '2026-04-10T06:05:00.000Z']) {
      for (const delta of [-1, 0, 1]) {
        const domainMs = Date.parse(at) + delta;
        const w = workflowTimeAt(clock, domainMs);
        expect(domainTimeAt(clock, w)).toBeGreaterThanOrEqual(domainMs);
        expect(domainTimeAt(clock, w - 1)).toBeLessThan(domainMs);
      }
    }
  });

  it('is monotonic across its boundaries', () => {
    const clock = stepped();
    let previous = Number.NEGATIVE_INFINITY;
    for (let w = 999_990; w < 1_000_000 + HOUR / 10 + HOUR / 100 + 20; w += 7) {
      const d = domainTimeAt(clock, w);
      expect(d).toBeGreaterThan(previous);
      previous = d;
    }
  });

  it('counts the wait across pieces', () => {
    const clock = stepped();
    // From the anchor to 90 minutes: 60 min at 10× (360 000 ms) plus 30 min at 100× (18 000 ms).
    expect(workflowMsUntil(clock, 1_000_000, startMs + 1.5 * HOUR)).toBe(378_000);
    // Once reached, the wait is zero or negative.
    expect(workflowMsUntil(clock, 1_000_000 + 378_000, startMs + 1.5 * HOUR)).toBe(0);
    expect(workflowMsUntil(clock, 1_000_000 + 378_001, startMs + 1.5 * HOUR)).toBeLessThan(0);
  });

  it('rejects segments out of order, at or before the anchor, or with a bad speedup', () => {
    const at = (offset: number) => new Date(startMs + offset).toISOString();
    const resolve = (segments: { from: string; speedup: number }[]) =>
      resolveClockAt({ startAt: START, segments }, 0);
    expect(() => resolve([{ from: at(0), speedup: 2 }])).toThrow(/after/);
    expect(() =>
      resolve([
        { from: at(2 * HOUR), speedup: 2 },
        { from: at(HOUR), speedup: 3 },
      ]),
    ).toThrow(/after/);
    expect(() => resolve([{ from: at(HOUR), speedup: -1 }])).toThrow(/positive/);
    expect(() => resolve([{ from: 'not a date', speedup: 2 }])).toThrow(/instant/);
  });
});

describe('CycleClock in a workflow', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sets a timer that fires exactly at its domain instant, never before', () => {
    vi.useFakeTimers();
    const clock = new CycleClock(stepped());
    vi.setSystemTime(1_000_000);
    const reminder = startMs + HOUR + 30 * 60_000 + 7; // in the 100× piece, not on a whole workflow ms
    const wait = clock.msUntil(reminder);
    vi.setSystemTime(1_000_000 + wait);
    expect(clock.now()).toBeGreaterThanOrEqual(reminder);
    vi.setSystemTime(1_000_000 + wait - 1);
    expect(clock.now()).toBeLessThan(reminder);
  });

  it('waits at least one millisecond for an instant already past', () => {
    vi.useFakeTimers();
    vi.setSystemTime(2_000_000);
    expect(new CycleClock(stepped()).msUntil(startMs)).toBe(1);
  });
});
