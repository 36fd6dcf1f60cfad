/**
 * An optional record of when each relay step and each projection batch passed its stages, for the lag
 * bench (bench/lag-hops.ts) to line up hop by hop. Off unless ARSHJUL_HOP_TRACE names a file; kept in
 * memory (a bench run is short) and written as JSON lines when the process stops.
 */
import { writeFileSync } from 'node:fs';
import type { RecordedEvent } from '../eventstore';
import type { BatchTiming } from '../projections/runner';
import type { RelayStepTiming } from '../relay/timing';

/** One relay step (`kind: 'relay'`) or projection batch (`kind: 'projection'`) over positions from..to. */
export type HopRecord =
  | ({ kind: 'relay'; from: number; to: number } & RelayStepTiming)
  | ({ kind: 'projection'; name: string; from: number; to: number } & BatchTiming);

export interface HopTrace {
  relay(events: readonly RecordedEvent[], timing: RelayStepTiming): void;
  projection(name: string, events: readonly RecordedEvent[], timing: BatchTiming): void;
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
  return {
    records,
    relay(events, timing) {
      if (events.length) records.push({ kind: 'relay', ...range(events), ...timing });
    },
    projection(name, events, timing) {
      if (events.length) records.push({ kind: 'projection', name, ...range(events), ...timing });
    },
    flush() {
      if (file) writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    },
  };
}
