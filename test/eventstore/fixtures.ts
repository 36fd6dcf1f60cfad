import { randomUUID } from 'node:crypto';
import type { EventMetadataInput, EventStore, NewEvent, RecordedEvent } from '../../eventstore';

export const meta = (overrides: Partial<EventMetadataInput> = {}): EventMetadataInput => ({
  actor: 'system',
  occurredAt: '2026-02-01T08:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  ...overrides,
});

export const event = (
  type: string,
  data: unknown = {},
  eventId: string = randomUUID(),
): NewEvent<unknown> => ({
  eventId,
  type,
  schemaVersion: 1,
  data,
});

/**
 * readAll holds back events while an older append in the cluster is open (that is the point); an
 * append of another suite on the shared cluster could do that briefly, so wait until the
 * global read reaches the head instead of asserting at once.
 */
export async function readAllCaughtUp(store: EventStore, timeoutMs = 10_000): Promise<RecordedEvent[]> {
  const { position } = await store.head();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: all.at(-1)?.globalPosition ?? 0, limit: 5000 });
      all.push(...page);
      if (page.length < 5000) break;
    }
    if ((all.at(-1)?.globalPosition ?? 0) >= position || Date.now() > deadline) return all;
    await new Promise((r) => setTimeout(r, 50));
  }
}
