import type { HopRecord } from '../ops/hop-trace';

/**
 * Lines up, per event, when it was appended, when the relay read it, when Kafka acknowledged it, when
 * each read model's consumer was handed it, began its transaction and committed it, and when the bench
 * saw every checkpoint past it; reports each hop's spread and what the slowest 1 % spent where.
 */

/** Each hop, in path order; the hops of one event add up to its end-to-end lag. */
export const HOPS = {
  appendToRelayRead: 'append commit → relay read it (relay poll wait, gap-safe hold-back, read query)',
  relayPublish: 'relay read → Kafka acknowledged (produce, acks=all)',
  publishToConsumer:
    'Kafka ack → batch handed to the last read model (fetch, waiting for its previous batch)',
  consumerToTransaction:
    'handed → its transaction began (decode, parse, the dry fold finding the documents, waiting for a pooled connection)',
  transaction:
    'transaction began → committed (begin + checkpoint lock + load in one round trip, fold, writes + checkpoint + commit in another)',
  commitToSeen: 'last commit → the bench saw every checkpoint past it (bench poll interval)',
} as const;
export type Hop = keyof typeof HOPS;

export interface Spread {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface HopReport {
  events: number;
  endToEnd: Spread;
  /** Each hop's own spread (its p99s do not add up: they are of different events). */
  hops: Record<Hop, Spread>;
  /** Mean of each hop over the events whose end-to-end lag is at or above its p99. */
  slowestPercentMeanMs: Record<Hop, number>;
  /** Per read model: its commit minus the append. */
  commitLagByReadModel: Record<string, Spread>;
  /** Relay checkpoint write after the ack (beside the path: the next read waits for it). */
  relayCheckpointWrite: Spread;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] as number) * 10) / 10;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: percentile(sorted, 100),
  };
}

type RelayRecord = Extract<HopRecord, { kind: 'relay' }>;
type ProjectionRecord = Extract<HopRecord, { kind: 'projection' }>;

/** The record covering each position (the first one, should a restarted relay cover it twice). */
function byPosition<R extends { from: number; to: number }>(
  records: readonly R[],
  wanted: ReadonlyMap<number, number>,
): Map<number, R> {
  const out = new Map<number, R>();
  for (const r of records) {
    for (let p = r.from; p <= r.to; p++) if (wanted.has(p) && !out.has(p)) out.set(p, r);
  }
  return out;
}

/**
 * `appendedAt` and `seenAt` map global positions to wallClockMs; only the positions in `appendedAt` are
 * reported (the measured ones).
 */
export function hopReport(
  appendedAt: ReadonlyMap<number, number>,
  seenAt: ReadonlyMap<number, number>,
  records: readonly HopRecord[],
): HopReport {
  const relay = byPosition(
    records.filter((r): r is RelayRecord => r.kind === 'relay'),
    appendedAt,
  );
  const names = [...new Set(records.flatMap((r) => (r.kind === 'projection' ? [r.name] : [])))].sort();
  const byModel = new Map(
    names.map((n) => [
      n,
      byPosition(
        records.filter((r): r is ProjectionRecord => r.kind === 'projection' && r.name === n),
        appendedAt,
      ),
    ]),
  );
  const rows: { total: number; hops: Record<Hop, number> }[] = [];
  const commitLag = new Map<string, number[]>(names.map((n) => [n, []]));
  const checkpointWrites: number[] = [];
  for (const [position, appended] of appendedAt) {
    const r = relay.get(position);
    const seen = seenAt.get(position);
    if (!r || seen === undefined) continue;
    let last: ProjectionRecord | undefined;
    for (const [name, models] of byModel) {
      const m = models.get(position);
      if (!m) continue;
      commitLag.get(name)?.push(m.committedAt - appended);
      if (!last || m.committedAt > last.committedAt) last = m;
    }
    if (!last) continue;
    checkpointWrites.push(r.checkpointedAt - r.publishedAt);
    rows.push({
      total: seen - appended,
      hops: {
        appendToRelayRead: r.readAt - appended,
        relayPublish: r.publishedAt - r.readAt,
        publishToConsumer: last.receivedAt - r.publishedAt,
        consumerToTransaction: last.begunAt - last.receivedAt,
        transaction: last.committedAt - last.begunAt,
        commitToSeen: seen - last.committedAt,
      },
    });
  }
  const hopNames = Object.keys(HOPS) as Hop[];
  const endToEnd = spread(rows.map((r) => r.total));
  const slowest = rows.filter((r) => r.total >= endToEnd.p99Ms);
  const mean = (hop: Hop) =>
    Math.round((slowest.reduce((sum, r) => sum + r.hops[hop], 0) / Math.max(1, slowest.length)) * 10) / 10;
  return {
    events: rows.length,
    endToEnd,
    hops: Object.fromEntries(hopNames.map((h) => [h, spread(rows.map((r) => r.hops[h]))])) as Record<
      Hop,
      Spread
    >,
    slowestPercentMeanMs: Object.fromEntries(hopNames.map((h) => [h, mean(h)])) as Record<Hop, number>,
    commitLagByReadModel: Object.fromEntries([...commitLag].map(([n, v]) => [n, spread(v)])),
    relayCheckpointWrite: spread(checkpointWrites),
  };
}

/** One line per hop: p50 / p99 and the slowest 1 %'s mean. */
export function hopLines(report: HopReport): string[] {
  return (Object.keys(HOPS) as Hop[]).map(
    (h) =>
      `${h.padEnd(22)} p50 ${report.hops[h].p50Ms} ms, p99 ${report.hops[h].p99Ms} ms, slowest 1 % mean ${report.slowestPercentMeanMs[h]} ms`,
  );
}
