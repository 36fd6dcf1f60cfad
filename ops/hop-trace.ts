/**
 * An optional record of when each relay step and each projection batch passed its stages, for the lag
 * bench (bench/lag-hops.ts) to line up hop by hop. Off unless ARSHJUL_HOP_TRACE names a file; kept in
 * memory (a bench run is short) and written as JSON lines when the process stops. It also counts the
 * statements a pool sent (one round trip each: node-postgres does not pipeline), so the bench can
 * report round trips per batch and per event, figures that do not depend on the machine's load.
 */
import { writeFileSync } from 'node:fs';
import type pg from 'pg';
import type { RecordedEvent } from '../eventstore';
import type { BatchTiming } from '../projections/runner';
import type { RelayStepTiming } from '../relay/timing';

/** One relay step (`kind: 'relay'`) or projection batch (`kind: 'projection'`) over positions from..to. */
export type HopRecord =
  | ({ kind: 'relay'; from: number; to: number } & RelayStepTiming)
  | ({ kind: 'projection'; name: string; from: number; to: number } & BatchTiming)
  /** Round trips a role's pool made so far, at `at` (wallClockMs), written at every flush. */
  | { kind: 'round-trips'; role: string; count: number; at: number };

export interface HopTrace {
  relay(events: readonly RecordedEvent[], timing: RelayStepTiming): void;
  projection(name: string, events: readonly RecordedEvent[], timing: BatchTiming): void;
  /** Counts every statement sent over the pool's connections under `role`. */
  countRoundTrips(pool: pg.Pool, role: string): void;
  /** Round trips counted so far, by role. */
  roundTrips(): Record<string, number>;
  /** Writes what was recorded (the file the environment named). */
  flush(): void;
}

const range = (events: readonly RecordedEvent[]) => ({
  from: events[0]?.globalPosition ?? 0,
  to: events.at(-1)?.globalPosition ?? 0,
});

/** A trace that keeps records in memory; `flush` writes them to `file` when given. */
export function hopTrace(file = process.env.ARSHJUL_HOP_TRACE): HopTrace & { records: HopRecord[] } {
  const records: HopRecord[] = [];
  const counts: Record<string, number> = {};
  return {
    records,
    relay(events, timing) {
      if (events.length) records.push({ kind: 'relay', ...range(events), ...timing });
    },
    projection(name, events, timing) {
      if (events.length) records.push({ kind: 'projection', name, ...range(events), ...timing });
    },
    countRoundTrips(pool, role) {
      counts[role] ??= 0;
      pool.on('connect', (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
          counts[role] = (counts[role] ?? 0) + 1;
          return query(...args);
        };
      });
    },
    roundTrips: () => ({ ...counts }),
    flush() {
      const at = performance.timeOrigin + performance.now();
      const totals = Object.entries(counts).map(
        ([role, count]): HopRecord => ({ kind: 'round-trips', role, count, at }),
      );
      if (file) writeFileSync(file, [...records, ...totals].map((r) => `${JSON.stringify(r)}\n`).join(''));
    },
  };
}
