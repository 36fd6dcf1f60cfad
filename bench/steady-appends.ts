import type { EventStore, NewEvent } from '../eventstore';

export interface SteadyAppends {
  store: EventStore;
  feed: Iterator<{ streamId: string; events: NewEvent<unknown>[] }>;
  meta: () => Parameters<EventStore['append']>[3];
  /** Events per second, shared by all appenders. */
  rate: number;
  seconds: number;
  /** Events per append. */
  chunk: number;
  /** Appenders at once, as many workflows append at once in production. */
  appenders: number;
  /** Told each append's global positions and the moment it returned. */
  appended(positions: number[], at: number): void;
}

/** Appends the feed's events at a steady rate for the given time; returns how many were sent. */
export async function appendSteadily(o: SteadyAppends): Promise<number> {
  const start = performance.now();
  let sent = 0;
  const appender = async () => {
    let chunk: { streamId: string; events: NewEvent<unknown>[] } | undefined;
    let pending: NewEvent<unknown>[] = [];
    while (performance.now() - start < o.seconds * 1000) {
      const due = Math.floor(((performance.now() - start) / 1000) * o.rate);
      if (sent + o.chunk > due) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      if (pending.length === 0) {
        chunk = o.feed.next().value;
        pending = chunk?.events ?? [];
      }
      const take = pending.splice(0, o.chunk);
      sent += take.length;
      const result = await o.store.append(chunk?.streamId as string, 'any', take, o.meta());
      o.appended(result.globalPositions, performance.now());
    }
  };
  await Promise.all(Array.from({ length: o.appenders }, appender));
  return sent;
}
