import { DomainError, type DomainEvent, parseEvent } from '../domain';
import type { PagedEvent, RecordedEvent } from '../eventstore';
import { saveCheckpoint } from './checkpoint';
import { loadDocs, replaceDocs } from './doc-store';
import { type Docs, docId, type HeldDoc, touchedDocs } from './fold';
import type { FoldEvent, Projection, ProjectionEvent, Tx } from './types';

export class ProjectionGapError extends Error {
  constructor(
    readonly projection: string,
    readonly position: number,
    readonly next: number,
  ) {
    super(`${projection}: event ${position + 1} is missing before ${next}`);
  }
}

/**
 * The stored event as handlers see it, or null for events no read model can use: a type the domain
 * does not know (yet) or data that does not validate. Both are skipped the same way incrementally and
 * on rebuild, so the two stay equal.
 */
export function toProjectionEvent(
  recorded: RecordedEvent,
  warn: (line: string) => void = () => {},
): ProjectionEvent | null {
  const event = domainEventOf(recorded, warn);
  if (!event) return null;
  const { globalPosition, streamId, streamVersion, eventId, occurredAt, recordedAt } = recorded;
  const actor = recorded.metadata.actor;
  return { globalPosition, streamId, streamVersion, eventId, occurredAt, recordedAt, actor, event };
}

/** What a fold reads of an event of a rebuild's page, or null as toProjectionEvent. */
export function pagedFoldEvent(paged: PagedEvent, warn: (line: string) => void = () => {}): FoldEvent | null {
  const event = domainEventOf(paged, warn);
  const { globalPosition, eventId, streamId } = paged;
  return event && { globalPosition, eventId, streamId, event };
}

/** The stored event's domain event, validated and upcast; null (with a warning if invalid) if none. */
export function domainEventOf(stored: PagedEvent, warn: (line: string) => void): DomainEvent | null {
  try {
    return parseEvent({ type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code !== 'UNKNOWN_EVENT_TYPE') {
      warn(`hoppar över händelse ${stored.globalPosition} (${stored.type}): ${error.message}`);
    }
    return null;
  }
}

export interface ApplyOptions {
  /** Supplies events missing between the checkpoint and the next event (read from the store). */
  fill?: (after: number, before: number) => Promise<RecordedEvent[]>;
  warn?: (line: string) => void;
  /**
   * The stored event as handlers see it (default toProjectionEvent): the projections process parses an
   * event once for all its read models (runner.ts).
   */
  toEvent?: (recorded: RecordedEvent, warn: (line: string) => void) => ProjectionEvent | null;
}

/**
 * Folds events over documents already loaded (every document the events touch must be among them, see
 * touchedDocs); the documents are then ready to be written back.
 */
export function foldOver(
  projection: Projection,
  held: readonly HeldDoc[],
  events: readonly ProjectionEvent[],
): void {
  const loaded = new Map(held.map((d) => [docId(d.kind, d.key), d.doc]));
  const docs: Docs = {
    get(kind, key) {
      const doc = loaded.get(docId(kind, key));
      if (!doc)
        throw new Error(
          `${projection.name}: the fold reached ${kind.name} ${JSON.stringify(key)} only on a second run`,
        );
      return doc;
    },
  };
  for (const event of events) projection.fold(event, docs);
}

/**
 * Folds events into the stored read model: finds the documents they touch (a dry run of the fold),
 * loads those by key, folds the events over them in order and writes them back, a few statements per
 * table for the whole batch. The rebuild runs the same fold over all documents in memory.
 */
export async function foldIntoTables(
  tx: Tx,
  projection: Projection,
  events: readonly ProjectionEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const touched = touchedDocs(projection.fold, events);
  await loadDocs(tx, touched);
  foldOver(projection, touched, events);
  await replaceDocs(tx, touched);
}

/** What a batch does on top of its checkpoint: the events it moves over, and those its fold takes. */
export interface Sequenced {
  /** Every event past the checkpoint, in order, holes filled from the store. */
  applied: RecordedEvent[];
  /** The applied events of the read model's types, as its fold takes them. */
  toFold: ProjectionEvent[];
}

/**
 * Puts events in global order on top of checkpoint `position`: events at or below it are duplicates and
 * skipped; a hole is filled from `fill` (the store's gap-safe readAll; positions it does not have are
 * holes of rolled-back appends) or, without `fill`, raises ProjectionGapError.
 */
export async function sequenceEvents(
  projection: Projection,
  position: number,
  events: readonly RecordedEvent[],
  options: ApplyOptions = {},
): Promise<Sequenced> {
  const applied: RecordedEvent[] = [];
  let current = position;
  const types: ReadonlySet<string> = new Set(projection.eventTypes);
  const toFold: ProjectionEvent[] = [];
  const toEvent = options.toEvent ?? toProjectionEvent;
  const applyOne = (recorded: RecordedEvent) => {
    const event = types.has(recorded.type) ? toEvent(recorded, options.warn ?? (() => {})) : null;
    if (event) toFold.push(event);
    current = recorded.globalPosition;
    applied.push(recorded);
  };
  for (const recorded of events) {
    if (recorded.globalPosition <= current) continue;
    if (recorded.globalPosition > current + 1 && options.fill) {
      for (const missing of await options.fill(current, recorded.globalPosition)) {
        if (missing.globalPosition > current && missing.globalPosition < recorded.globalPosition)
          applyOne(missing);
      }
      // What the store's gap-safe read does not have below an event it already gave out is a hole in
      // the sequence (a rolled-back append), never a late event: positions follow transaction order.
      current = recorded.globalPosition - 1;
    }
    if (recorded.globalPosition !== current + 1) {
      throw new ProjectionGapError(projection.name, current, recorded.globalPosition);
    }
    applyOne(recorded);
  }
  return { applied, toFold };
}

/**
 * Applies events in global order within `tx`, on top of checkpoint `position` (see sequenceEvents), and
 * saves the new checkpoint in the same transaction. Returns the events applied. The projections process
 * does the same in two round trips (batch.ts).
 */
export async function applyEvents(
  tx: Tx,
  projection: Projection,
  position: number,
  events: readonly RecordedEvent[],
  options: ApplyOptions = {},
): Promise<RecordedEvent[]> {
  const { applied, toFold } = await sequenceEvents(projection, position, events, options);
  await foldIntoTables(tx, projection, toFold);
  const last = applied.at(-1);
  if (last) await saveCheckpoint(tx, projection.name, last.globalPosition, last);
  return applied;
}
