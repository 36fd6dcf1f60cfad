import type { QueryResult, QueryResultRow } from 'pg';
import type { DomainEvent, EventType } from '../domain';
import type { DocKind, Fold } from './fold';

/** A stored event with its domain event parsed and upcast to the current schema version. */
export interface ProjectionEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  /** Domain time (metadata.occurredAt). */
  occurredAt: string;
  /** When the store recorded it (database time). */
  recordedAt: string;
  actor: string;
  event: DomainEvent;
}

/**
 * What a fold reads of an event: the domain event, its id, stream and position. A rebuild reads only
 * these from the store (the rest of every row cost it a fifth of its reading).
 */
export type FoldEvent = Pick<ProjectionEvent, 'globalPosition' | 'eventId' | 'streamId' | 'event'>;

/** The transaction a projection writes in; the framework commits it together with the checkpoint. */
export interface Tx {
  // biome-ignore lint/suspicious/noExplicitAny: the same default as pg's own query()
  query<R extends QueryResultRow = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * A read model: a name, the documents (rows by key, see fold.ts) it owns, and its fold: how an event
 * changes them. The same fold runs incrementally (documents loaded by key) and on rebuild (all in
 * memory), in the store's global order.
 */
export interface Projection {
  name: string;
  description: string;
  /** Owned tables (every table of its documents); emptied on rebuild, in this order. */
  tables: readonly string[];
  /** The event types the fold reacts to; others are skipped without being parsed. */
  eventTypes: readonly EventType[];
  docs: readonly DocKind[];
  fold: Fold;
}
