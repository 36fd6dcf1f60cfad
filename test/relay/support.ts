import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '../../eventstore';
import type { MessageBus } from '../../messaging/bus';
import { type EventEnvelope, parseEnvelope } from '../../relay';

/** Appends `count` generic events, round-robin over `streams` streams, in appends of up to 7 events. */
export async function appendEvents(
  store: EventStore,
  count: number,
  streams = 5,
  prefix = 'cycle-rt',
): Promise<void> {
  let left = count;
  let i = 0;
  while (left > 0) {
    const size = Math.min(left, 1 + (i % 7));
    await store.append(
      `${prefix}${i % streams}-2027`,
      'any',
      Array.from({ length: size }, (_, k) => ({
        eventId: randomUUID(),
        type: 'RelayTestEvent',
        schemaVersion: 1,
        data: { n: count - left + k },
      })),
      {
        actor: 'system',
        occurredAt: new Date().toISOString(),
        correlationId: 'relay-test',
        causationId: 'relay-test',
      },
    );
    left -= size;
    i += 1;
  }
}

/** Everything on the topic, decoded, in partition and offset order. */
export async function readTopic(
  bus: MessageBus,
  topic: string,
): Promise<{ key: string; partition: number; headers: Record<string, string>; envelope: EventEnvelope }[]> {
  const messages = await bus.readToEnd(topic, {});
  return messages.map((m) => ({
    key: m.key,
    partition: m.partition,
    headers: m.headers ?? {},
    envelope: parseEnvelope(m.value),
  }));
}

/** Reads the whole store (tests only; small stores). */
export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events.at(-1)?.globalPosition ?? 0, limit: 5000 });
    events.push(...page);
    if (page.length < 5000) return events;
  }
}

/** Event ids on the topic that occur more than once. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
}
