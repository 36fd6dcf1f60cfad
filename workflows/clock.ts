/**
 * The cycle clock: domain time (the dates of the calendar, `occurredAt` of events) as a mapping of
 * workflow time. In production it is the identity. A test anchors it at the cycle's real start, since
 * Temporal's clock only moves forward from today; the demo also speeds it up so a 2.5-year cycle runs
 * in minutes. Resolved once when the cycle starts and handed to every child, so all agree.
 */
export interface ClockOptions {
  /** Domain time at the moment the cycle workflow starts (default: the workflow's own time). */
  startAt?: string;
  /** Domain milliseconds per workflow millisecond (default 1). */
  speedup?: number;
}

export interface ResolvedClock {
  anchorDomainMs: number;
  anchorWorkflowMs: number;
  speedup: number;
}

/** Call in workflow code only (reads the workflow's deterministic Date.now()). */
export function resolveClock(options: ClockOptions = {}): ResolvedClock {
  const now = Date.now();
  const speedup = options.speedup ?? 1;
  if (!(speedup > 0)) throw new Error('clock speedup must be positive');
  return {
    anchorDomainMs: options.startAt ? Date.parse(options.startAt) : now,
    anchorWorkflowMs: now,
    speedup,
  };
}

export class CycleClock {
  constructor(readonly resolved: ResolvedClock) {}

  /** Domain time now, in epoch milliseconds. */
  now(): number {
    const { anchorDomainMs, anchorWorkflowMs, speedup } = this.resolved;
    return anchorDomainMs + (Date.now() - anchorWorkflowMs) * speedup;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Workflow milliseconds until a domain instant (at least 1, for timers). */
  msUntil(domainMs: number): number {
    return Math.max(1, Math.ceil((domainMs - this.now()) / this.resolved.speedup));
  }
}
