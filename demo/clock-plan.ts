/**
 * Plans a piecewise-linear cycle clock (workflows/clock.ts) for the demo: after each moment that
 * matters it runs slowly for a while of wall time, and very fast through the quiet months between.
 *
 * The invariant that keeps the demo right on a busy machine: from each moment to the next there is
 * at least that moment's hold in wall time. An action therefore lands before the next reminder or
 * deadline as long as it takes less than its hold, and a timer's workflow records its event within
 * the hold's slow stretch, a few domain minutes after the instant at most.
 */
import { type ClockOptions, type ClockSegment, resolveClockAt, workflowTimeAt } from '../workflows/clock';

export interface Moment {
  /** Domain instant, epoch ms. */
  atMs: number;
  /** Wall (workflow) ms the clock stays slow after it, and the least until the next moment. */
  holdMs: number;
  /** The speedup during the hold (domain ms per wall ms). */
  speedup: number;
}

export interface ClockPlan {
  clock: Required<ClockOptions>;
  /** Wall ms from the cycle's start to the last moment, as planned. */
  plannedWallMs: number;
  /** Moments after merging those closer than mergeWithinMs. */
  moments: number;
}

interface Piece {
  fromMs: number;
  speedup: number;
}

/**
 * The clock from `startAt` over the moments: each hold at its speedup (slower where the next moment
 * comes sooner, so the hold still lasts), and `fastSpeedup` in between and after the last.
 */
export function planClock(
  startAt: string,
  moments: readonly Moment[],
  fastSpeedup: number,
  mergeWithinMs: number,
): ClockPlan {
  const startMs = Date.parse(startAt);
  const points = mergeMoments(
    moments.filter((m) => m.atMs >= startMs),
    mergeWithinMs,
  );
  const pieces: Piece[] = [];
  if (points[0]?.atMs !== startMs) pieces.push({ fromMs: startMs, speedup: fastSpeedup });
  for (const [i, point] of points.entries()) {
    const next = points[i + 1]?.atMs;
    // After the last moment the clock stays slow: a machine behind its plan would otherwise run domain
    // time on at the fast speed, and what it stored then was dated decades ahead (2081 and 2093 in a
    // 290-municipality soak that needed 1,714 s of a 1,136 s plan).
    if (next === undefined) {
      pieces.push({ fromMs: point.atMs, speedup: point.speedup });
      continue;
    }
    const slowUntil = point.atMs + Math.round(point.holdMs * point.speedup);
    if (next <= slowUntil) {
      pieces.push({ fromMs: point.atMs, speedup: (next - point.atMs) / point.holdMs });
    } else {
      pieces.push({ fromMs: point.atMs, speedup: point.speedup });
      pieces.push({ fromMs: slowUntil, speedup: fastSpeedup });
    }
  }
  const merged = pieces.filter((p, i) => i === 0 || p.speedup !== pieces[i - 1]?.speedup);
  const [first, ...rest] = merged;
  if (!first) throw new Error('clock plan: no moments after the start');
  const segments: ClockSegment[] = rest.map((p) => ({
    from: new Date(p.fromMs).toISOString(),
    speedup: p.speedup,
  }));
  const clock = { startAt, speedup: first.speedup, segments };
  const lastMs = points.at(-1)?.atMs ?? startMs;
  const plannedWallMs = workflowTimeAt(resolveClockAt(clock, 0), lastMs);
  return { clock, plannedWallMs, moments: points.length };
}

/** Sorted; a moment within `withinMs` of the one before joins it (longest hold, slowest speed). */
export function mergeMoments(moments: readonly Moment[], withinMs: number): Moment[] {
  const merged: Moment[] = [];
  for (const m of [...moments].sort((a, b) => a.atMs - b.atMs)) {
    const last = merged.at(-1);
    if (last && m.atMs - last.atMs < withinMs) {
      merged[merged.length - 1] = {
        atMs: last.atMs,
        holdMs: Math.max(last.holdMs, m.holdMs),
        speedup: Math.min(last.speedup, m.speedup),
      };
    } else merged.push({ ...m });
  }
  return merged;
}
