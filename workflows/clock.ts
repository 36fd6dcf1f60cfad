/**
 * The cycle clock: domain time (the dates of the calendar, `occurredAt` of events) as a mapping of
 * workflow time. In production it is the identity. A test anchors it at the cycle's real start, since
 * Temporal's clock only moves forward from today; the demo also speeds it up so a 2.5-year cycle runs
 * in a minute. Resolved once when the cycle starts and handed to every child, so all agree.
 *
 * Without segments the mapping is linear: domain = anchorDomain + (workflow − anchorWorkflow) × speedup.
 * With segments it is piecewise linear (each segment sets the speedup from a domain instant on), so
 * the demo can run slowly where people act and timers fire, and fast through the quiet months. Timers
 * use the inverse, so a reminder fires at exactly its domain instant whatever the speedup around it.
 */
import { type StepTime, UNPINNED } from './step-time';

export interface ClockSegment {
  /** Domain instant (ISO) from which this speedup applies; after the anchor, in ascending order. */
  from: string;
  /** Domain milliseconds per workflow millisecond from `from` on. */
  speedup: number;
}

export interface ClockOptions {
  /** Domain time at the moment the cycle workflow starts (default: the workflow's own time). */
  startAt?: string;
  /** Domain milliseconds per workflow millisecond (default 1); with segments, until the first one. */
  speedup?: number;
  /** Later speedups, each from a domain instant on (default none: linear). */
  segments?: ClockSegment[];
}

/** Where a segment starts, on both time lines, fixed at resolution so every workflow agrees. */
export interface ResolvedSegment {
  fromDomainMs: number;
  fromWorkflowMs: number;
  speedup: number;
}

export interface ResolvedClock {
  anchorDomainMs: number;
  anchorWorkflowMs: number;
  /** The speedup from the anchor on (until the first segment, if any). */
  speedup: number;
  /** Present only for piecewise-linear clocks; recorded histories of linear clocks have none. */
  segments?: ResolvedSegment[];
}

/** Call in workflow code only (reads the workflow's deterministic Date.now()). */
export function resolveClock(options: ClockOptions = {}): ResolvedClock {
  return resolveClockAt(options, Date.now());
}

/** The clock as it resolves when the cycle starts at workflow time `now` (pure: for planning and tests). */
export function resolveClockAt(options: ClockOptions, now: number): ResolvedClock {
  const speedup = options.speedup ?? 1;
  if (!(speedup > 0)) throw new Error('clock speedup must be positive');
  const resolved: ResolvedClock = {
    anchorDomainMs: options.startAt ? Date.parse(options.startAt) : now,
    anchorWorkflowMs: now,
    speedup,
  };
  if (options.segments && options.segments.length > 0)
    resolved.segments = resolveSegments(resolved, options.segments);
  return resolved;
}

/** Each segment's start on the workflow time line, walking the pieces from the anchor. */
function resolveSegments(anchor: ResolvedClock, segments: ClockSegment[]): ResolvedSegment[] {
  const resolved: ResolvedSegment[] = [];
  let previous: ResolvedSegment = {
    fromDomainMs: anchor.anchorDomainMs,
    fromWorkflowMs: anchor.anchorWorkflowMs,
    speedup: anchor.speedup,
  };
  for (const segment of segments) {
    const fromDomainMs = Date.parse(segment.from);
    if (!Number.isFinite(fromDomainMs)) throw new Error(`clock segment: '${segment.from}' is no instant`);
    if (!(segment.speedup > 0)) throw new Error('clock segment speedup must be positive');
    if (!(fromDomainMs > previous.fromDomainMs))
      throw new Error('clock segments must start after the anchor and after each other');
    const next = {
      fromDomainMs,
      fromWorkflowMs: previous.fromWorkflowMs + (fromDomainMs - previous.fromDomainMs) / previous.speedup,
      speedup: segment.speedup,
    };
    resolved.push(next);
    previous = next;
  }
  return resolved;
}

/** The piece of the mapping a point falls in: the last segment starting at or before it, else the anchor. */
function pieceAt(clock: ResolvedClock, at: number, on: 'fromDomainMs' | 'fromWorkflowMs'): ResolvedSegment {
  let piece: ResolvedSegment = {
    fromDomainMs: clock.anchorDomainMs,
    fromWorkflowMs: clock.anchorWorkflowMs,
    speedup: clock.speedup,
  };
  for (const segment of clock.segments ?? []) {
    if (segment[on] > at) break;
    piece = segment;
  }
  return piece;
}

/** Domain time (epoch ms) at a workflow instant (epoch ms). */
export function domainTimeAt(clock: ResolvedClock, workflowMs: number): number {
  if (!clock.segments) {
    // The linear formula exactly as recorded histories computed it: replays must match bit for bit.
    return clock.anchorDomainMs + (workflowMs - clock.anchorWorkflowMs) * clock.speedup;
  }
  const piece = pieceAt(clock, workflowMs, 'fromWorkflowMs');
  return piece.fromDomainMs + (workflowMs - piece.fromWorkflowMs) * piece.speedup;
}

/**
 * The first whole workflow millisecond at which domain time has reached `domainMs` (the inverse of
 * domainTimeAt, for segmented clocks): a timer set for it never fires before its domain instant.
 */
export function workflowTimeAt(clock: ResolvedClock, domainMs: number): number {
  const piece = pieceAt(clock, domainMs, 'fromDomainMs');
  let workflowMs = Math.ceil(piece.fromWorkflowMs + (domainMs - piece.fromDomainMs) / piece.speedup);
  // Floating point may land a millisecond off either way; settle on the first one that has reached it.
  while (domainTimeAt(clock, workflowMs) < domainMs) workflowMs++;
  while (domainTimeAt(clock, workflowMs - 1) >= domainMs) workflowMs--;
  return workflowMs;
}

/**
 * Workflow milliseconds from `workflowNowMs` until domain time reaches `domainMs` (zero or negative
 * once it has). Timers (CycleClock.msUntil) and the scenario's advanceTo both wait this long.
 */
export function workflowMsUntil(clock: ResolvedClock, workflowNowMs: number, domainMs: number): number {
  if (!clock.segments) {
    // Linear: the formula of recorded histories, unchanged.
    return Math.ceil((domainMs - domainTimeAt(clock, workflowNowMs)) / clock.speedup);
  }
  return workflowTimeAt(clock, domainMs) - workflowNowMs;
}

export class CycleClock {
  /** `time`: workflow time as decisions see it (StepTime: held at a local step's start after it). */
  constructor(
    readonly resolved: ResolvedClock,
    private readonly time: StepTime = UNPINNED,
  ) {}

  /** Domain time now, in epoch milliseconds. */
  now(): number {
    return domainTimeAt(this.resolved, this.time.now());
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /**
   * Workflow milliseconds until a domain instant (at least 1, for timers). From workflow time as it is,
   * not as decisions see it: a timer's length is not compared on replay, and measured from a step's
   * start it would fire late by the step's length.
   */
  msUntil(domainMs: number): number {
    return Math.max(1, workflowMsUntil(this.resolved, Date.now(), domainMs));
  }
}
