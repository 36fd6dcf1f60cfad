import type pg from 'pg';
import { EventStore, type StreamPartition } from '../eventstore';
import { connectionOf } from '../eventstore/pool-connection';
import { type PoolReply, startWorkerPool, type WorkerPool } from '../eventstore/worker-pool';
import { columnForms, copyText } from './copy-rows';
import { rowsByTable } from './doc-store';
import { docId } from './fold';
import { type FoldedHistory, type FoldedModel, type FoldHistoryOptions, foldHistory } from './history';
import { PROJECTIONS } from './read-models/index';
import { TICKS_PER_SECOND } from './thread-cpu-ticks';
import type { Projection } from './types';

/** What the writing thread asks a partition thread (rebuild-worker.ts). */
export interface FoldPartitionRequest {
  id: number;
  /** How to reach the database (the pool's own settings). */
  connection: pg.ClientConfig;
  /** The read models, by name (the thread has the same registry). */
  names: string[];
  upTo: number;
  pageSize?: number;
  partition: StreamPartition;
}

/**
 * One table of a read model as a partition thread folded it: its rows in COPY's text format, UTF-8
 * encoded where they were made. The bytes' buffer moves to the writing thread without a copy
 * (transferred), and that thread writes them to its socket as they are: as strings, cloning them into
 * its heap and encoding them there cost the writing thread ~2 µs per event of the log, after the
 * fold, when nothing else is left to do (CPU profile of the rebuild bench, 7 Dec).
 */
export interface PartitionTable {
  table: string;
  rows: number;
  bytes: Uint8Array;
}

export interface PartitionModel {
  name: string;
  /** Every document the partition's events looked up (docId), written or only read. */
  docIds: string[];
  tables: PartitionTable[];
}

export interface FoldPartitionReply extends PoolReply {
  models?: PartitionModel[];
  events: number;
  position: number;
  lastPosition?: number;
  warnings: string[];
  cpuTicks: number;
}

/** A log folded in partitions: this thread's part as documents, the others' as COPY text. */
export interface PartitionedHistory {
  folded: FoldedHistory;
  /** Every partition's tables (this one's too), by read model, but for the unsplittable ones. */
  others: Map<string, PartitionTable[]>;
  /**
   * The read models a document of which was looked up in two parts: their folds here are not the
   * whole log's, to be folded again in one pass.
   */
  unsplittable: Projection[];
  partitions: number;
}

/**
 * Below this many events in the log a rebuild folds it in one pass unless told the partitions: with
 * the threads running, a part's fixed costs (its connection, the first small reads); before they run,
 * a thread's start too: loading and compiling the domain and the folds, and their first, unoptimised
 * runs cost the thread ~1 s of CPU more than a warm fold of 12,000 events (0.15–0.27 s; the process
 * ~3 s against 0.6 s for the one pass), about the CPU of folding 60,000 events more.
 */
export const PARTITION_FROM_EVENTS = 10_000;
export const PARTITION_COLD_FROM_EVENTS = 250_000;

/**
 * Partitions of a rebuild (ARSHJUL_REBUILD_PARTITIONS, default 2): this thread folds one, a worker
 * thread each of the others, with a connection of its own, at the same time. 1 folds in one pass.
 */
export function rebuildPartitions(): number {
  const set = process.env.ARSHJUL_REBUILD_PARTITIONS;
  if (set === undefined || set === '') return 2;
  const n = Number(set);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`ARSHJUL_REBUILD_PARTITIONS måste vara ett heltal ≥ 1, inte '${set}'`);
  return n;
}

let shared: { pool: WorkerPool<FoldPartitionReply>; broken: boolean; cpuTicks: number[] } | undefined;

const running = (size: number) => shared !== undefined && !shared.broken && shared.pool.size >= size;

/** The partition threads, started on first use and kept (unref'd: they never hold the process). */
function partitionThreads(size: number) {
  if (shared && running(size)) return shared;
  void shared?.pool.close();
  const state = { broken: false, cpuTicks: new Array<number>(size).fill(0) };
  const pool = startWorkerPool<FoldPartitionReply>(
    new URL('./rebuild-worker-entry.mjs', import.meta.url),
    size,
    {
      name: 'rebuild partition worker',
      answered: (reply) => reply.models !== undefined,
      onReply: (thread, reply) => {
        state.cpuTicks[thread] = reply.cpuTicks ?? (state.cpuTicks[thread] as number);
      },
      onFailure: () => {
        state.broken = true;
      },
      failOnExit: true,
    },
  );
  shared = { pool, ...state };
  return shared;
}

/** CPU seconds the partition threads had used at their latest answers (Linux; 0 before any). */
export function partitionThreadsCpuSeconds(): number {
  return (shared?.cpuTicks ?? []).reduce((sum, t) => sum + t, 0) / TICKS_PER_SECOND;
}

/**
 * Folds the log in `partitions` disjoint parts by stream (StreamPartition) at once: this thread the
 * first, worker threads the others, each reading, parsing, checking and folding only its events, up to
 * the same gap-safe position. Equal to one pass when no document is looked up by events of two parts:
 * a fold reads and writes only the documents it looks up, so each document then sees all its events,
 * in the log's order, in one part. Checked on every run; undefined when it does not hold (the caller
 * folds in one pass) or when the models are not the registry's (a thread finds them by name).
 */
export async function foldInPartitions(
  pool: pg.Pool,
  projections: readonly Projection[],
  options: FoldHistoryOptions,
  partitions: number,
  /** Whether to fold small logs in one pass (PARTITION_FROM_EVENTS): else partitions whatever the size. */
  bySize = true,
  /**
   * Called with this thread's part as COPY text, by model, as soon as it is, while the other parts
   * may still be folding (a rebuild starts writing it then: rebuild-early-writes.ts).
   */
  onOwnPart?: (ours: ReadonlyMap<string, PartitionTable[]>) => void,
): Promise<PartitionedHistory | undefined> {
  const registered = new Set<Projection>(PROJECTIONS);
  const connection = connectionOf(pool);
  if (partitions < 2 || !connection || !projections.every((p) => registered.has(p))) return undefined;
  const store = new EventStore(pool);
  const upTo = Math.min(await store.safeHead(), options.upTo ?? Number.POSITIVE_INFINITY);
  const fromEvents = running(partitions - 1) ? PARTITION_FROM_EVENTS : PARTITION_COLD_FROM_EVENTS;
  if (bySize && upTo < fromEvents) return undefined;
  const threads = partitionThreads(partitions - 1);
  const names = projections.map((p) => p.name);
  const asked = Array.from({ length: partitions - 1 }, (_, i) =>
    threads.pool.request({
      connection,
      names,
      upTo,
      pageSize: options.pageSize,
      partition: { index: i + 1, of: partitions },
    }),
  );
  for (const a of asked) a.catch(() => {}); // awaited below; a failure surfaces there
  const folded = await foldHistory(pool, projections, {
    ...options,
    upTo,
    partition: { index: 0, of: partitions },
  });
  // This part's rows as COPY text now, while the other parts may still be folding.
  const ours = await copyTextOf(pool, folded.models);
  onOwnPart?.(ours);
  const replies = await Promise.all(asked);
  if (replies.some((r) => r.position !== folded.position))
    throw new Error(`partitionerna nådde olika positioner (${folded.position})`);
  const others = new Map<string, PartitionTable[]>();
  const unsplittable: Projection[] = [];
  for (const m of folded.models) {
    const theirs = replies.map((reply) => {
      const model = reply.models?.find((r) => r.name === m.projection.name);
      if (!model) throw new Error(`${m.projection.name}: saknas i en partitions svar`);
      return model;
    });
    if (
      lookedUpTwice(
        m.docs.held().map((d) => docId(d.kind, d.key)),
        theirs,
      )
    )
      unsplittable.push(m.projection);
    else
      others.set(m.projection.name, [
        ...(ours.get(m.projection.name) ?? []),
        ...theirs.flatMap((t) => t.tables),
      ]);
  }
  for (const reply of replies) for (const line of reply.warnings) options.warn?.(line);
  const lastPositions = [folded.lastPosition, ...replies.map((r) => r.lastPosition)].filter(
    (p): p is number => p !== undefined,
  );
  const lastPosition = lastPositions.length ? Math.max(...lastPositions) : undefined;
  folded.events += replies.reduce((sum, r) => sum + r.events, 0);
  folded.lastPosition = lastPosition;
  folded.last = lastPosition === undefined ? undefined : await store.eventRef(lastPosition);
  return { folded, others, unsplittable, partitions };
}

const utf8 = new TextEncoder();

/** Folded models' rows as COPY text, by model (as a partition thread hands them over). */
export async function copyTextOf(
  pool: pg.Pool,
  models: readonly FoldedModel[],
): Promise<Map<string, PartitionTable[]>> {
  const client = await pool.connect();
  try {
    const out = new Map<string, PartitionTable[]>();
    for (const m of models) {
      const tables: PartitionTable[] = [];
      for (const [spec, rows] of rowsByTable(m.docs.held()))
        tables.push({
          table: spec.table,
          rows: rows.length,
          // TextEncoder: a buffer of its own (Buffer.from may share a pooled one, not transferable).
          bytes: utf8.encode(copyText(spec, rows, await columnForms(client, spec.table))),
        });
      out.set(m.projection.name, tables);
    }
    return out;
  } finally {
    client.release();
  }
}

/** Whether a document was looked up in two partitions (ids by docId). */
function lookedUpTwice(ours: readonly string[], theirs: readonly PartitionModel[]): boolean {
  const seen = new Set(ours);
  for (const model of theirs) {
    for (const id of model.docIds) {
      if (seen.has(id)) return true;
      seen.add(id);
    }
  }
  return false;
}
