import type { QueryResult, QueryResultRow } from 'pg';
import type { DomainEvent, EventType } from '../domain';

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

/** The transaction a handler writes in; the framework commits it together with the checkpoint. */
export interface Tx {
  // biome-ignore lint/suspicious/noExplicitAny: the same default as pg's own query()
  query<R extends QueryResultRow = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/**
 * A read model: a name, the tables it owns, and how an event changes them. Handlers must only touch
 * their own tables, and see events in the store's global order (incrementally and on rebuild alike).
 */
export interface Projection {
  name: string;
  description: string;
  /** Owned tables; emptied on rebuild, in this order. */
  tables: readonly string[];
  /** The event types `handle` reacts to; others are skipped without being parsed. */
  eventTypes: readonly EventType[];
  handle(event: ProjectionEvent, tx: Tx): Promise<void>;
}
