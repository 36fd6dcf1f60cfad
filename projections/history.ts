import type pg from 'pg';
import {
  EventStore,
  type PagedRow,
  type PageText,
  type RecordedEvent,
  type StreamPartition,
} from '../eventstore';
import { domainEventOf } from './apply';
import { DocMap } from './fold';
import type { FoldEvent, Projection } from './types';

/** Pages read at once while folding the log. */
const PARALLEL_READS = 3;

export interface FoldProgress {
  /** The projections folded together, comma-separated. */
  projection: string;
  position: number;
  /** The store's head when last looked at. */
  head: number;
}

export interface FoldHistoryOptions {
  /** Events read per page (default 5,000; PARALLEL_READS pages at once). */
  pageSize?: number;
  /** Fold only events at or below this position (default: up to the gap-safe end of the log). */
  upTo?: number;
  onProgress?: (progress: FoldProgress) => void;
  warn?: (line: string) => void;
  /** Fold only the events of this part of the streams (a partitioned rebuild, rebuild-partitions.ts). */
  partition?: StreamPartition;
}

export interface FoldedModel {
  projection: Projection;
  docs: DocMap;
}

export interface FoldedHistory {
  models: FoldedModel[];
  /** The position the documents stand at: every event at or below it is folded. */
  position: number;
  /** The id and recording time of the newest event read, if any (for the checkpoint). */
  last?: Pick<RecordedEvent, 'eventId' | 'recordedAt'>;
  /** Events read and folded (of the types the models fold). */
  events: number;
  /** The position of the newest event read, if any. */
  lastPosition?: number;
}

/**
 * Folds the event store's log (not Kafka) into every projection's documents in memory, in one pass:
 * each event is read and parsed once and folded by the same code as the incremental path. Nothing
 * holds a transaction open while the log is read: a long one would hold back every gap-safe readAll
 * in the cluster (the relay's too).
 */
export async function foldHistory(
  pool: pg.Pool,
  projections: readonly Projection[],
  options: FoldHistoryOptions = {},
): Promise<FoldedHistory> {
  const store = new EventStore(pool);
  const pageSize = options.pageSize ?? 5000;
  const { upTo, partition } = options;
  const label = projections.map((p) => p.name).join(', ');
  let head = (await store.head()).position;
  options.onProgress?.({ projection: label, position: 0, head });
  const models = projections.map((p) => ({ projection: p, docs: new DocMap() }));
  // The models that fold each type, looked up once per event rather than filtered for it.
  const foldersOf = new Map<string, typeof models>();
  for (const m of models) {
    for (const type of new Set(m.projection.eventTypes))
      foldersOf.set(type, [...(foldersOf.get(type) ?? []), m]);
  }
  const types = [...foldersOf.keys()];
  let events = 0;
  let lastPosition: number | undefined;
  let position = 0;
  const parse = (page: PageText): PagedRow[] => (page.text ? JSON.parse(page.text) : []);
  // Each event validated and upcast as the incremental path does (domainEventOf), then folded.
  const foldPage = (page: PageText, coveredTo = page.coveredTo) => {
    const rows = parse(page);
    for (let i = 0; i < rows.length; i++) {
      const [globalPosition, eventId, streamId, type, schemaVersion, data] = rows[i] as PagedRow;
      const event = domainEventOf({ globalPosition, eventId, streamId, type, schemaVersion, data }, warn);
      if (!event) continue;
      const folded: FoldEvent = { globalPosition, eventId, streamId, event };
      for (const m of foldersOf.get(type) ?? []) m.projection.fold(folded, m.docs);
    }
    events += page.count;
    if (page.count > 0) lastPosition = page.last;
    position = coveredTo;
  };
  const warn = options.warn ?? (() => {});
  const read = (options: Parameters<EventStore['readPageText']>[0]) => store.readPageText(options);
  // Below the safe head every event has committed: its ranges are read a few at a time, on
  // connections of their own (Postgres turns jsonb into text on as many cores), and folded in order.
  // Only the types some model folds are read.
  const safe = Math.min(await store.safeHead(), upTo ?? Number.POSITIVE_INFINITY);
  const ranges: [number, number][] = [];
  // The first ranges small (an eighth of a page, doubling), so folding starts while the later ones,
  // read alongside, are still in Postgres: a full first page kept this thread idle for its whole read.
  for (let after = 0, size = Math.max(1, Math.floor(pageSize / 8)); after < safe; ) {
    ranges.push([after, Math.min(after + size, safe)]);
    after += size;
    size = Math.min(pageSize, size * 2);
  }
  const inFlight: { upTo: number; read: Promise<PageText> }[] = [];
  let next = 0;
  const readAhead = () => {
    for (; inFlight.length < PARALLEL_READS && next < ranges.length; next++) {
      const [after, rangeEnd] = ranges[next] as [number, number];
      const page = read({ after, upTo: rangeEnd, limit: pageSize, types, partition });
      page.catch(() => {}); // awaited in order below; a failure surfaces there
      inFlight.push({ upTo: rangeEnd, read: page });
    }
  };
  readAhead();
  for (let range = inFlight.shift(); range; range = inFlight.shift()) {
    const page = await range.read;
    readAhead();
    foldPage(page, range.upTo);
    options.onProgress?.({ projection: label, position, head: Math.max(head, position) });
  }
  // Then page by page up to the end (or upTo), as events may have been appended meanwhile.
  for (;;) {
    const page = await read({ after: position, limit: pageSize, types, upTo, partition });
    const done = page.coveredTo === position;
    foldPage(page);
    if (position > head) head = (await store.head()).position;
    options.onProgress?.({ projection: label, position, head });
    if (done) break;
  }
  const last = lastPosition === undefined ? undefined : await store.eventRef(lastPosition);
  return { models, position, last, events, lastPosition };
}
