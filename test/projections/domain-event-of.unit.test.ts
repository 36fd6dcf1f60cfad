import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../domain';
import type { JsonValue, PagedEvent } from '../../eventstore';
import { domainEventOf } from '../../projections/apply';
import { aleScenario } from './scenario';

// What a rebuild's fold (projections/history.ts) and the incremental path take of a stored event.
const at = '2026-03-01T08:00:00.000Z';
const by = 'anna.processagare@ale.se';
const stored = (globalPosition: number, type: string, schemaVersion: number, data: object): PagedEvent => ({
  globalPosition,
  eventId: `00000000-0000-4000-8000-00000000000${globalPosition}`,
  streamId: `task-${globalPosition}`,
  type,
  schemaVersion,
  data: data as JsonValue,
});

describe('domainEventOf: a stored event as the folds see it', () => {
  const valid = { at, by, taskId: 'ale.2027.t1', revision: 2 };

  it('takes a valid event as its schema gives it, dropping a field the schema does not know', () => {
    const warnings: string[] = [];
    const event = domainEventOf(
      stored(1, 'TaskApproved', 1, { ...valid, note: 'ett fält som schemat inte känner' }),
      (l) => warnings.push(l),
    );
    expect(event).toEqual(parseEvent({ type: 'TaskApproved', schemaVersion: 1, data: valid }));
    expect(event?.data).not.toHaveProperty('note');
    expect(warnings).toEqual([]);
  });

  it('skips a malformed stored event with a Swedish warning naming its position and type', () => {
    const warnings: string[] = [];
    const event = domainEventOf(stored(3, 'TaskApproved', 1, { ...valid, revision: -1 }), (l) =>
      warnings.push(l),
    );
    expect(event).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^hoppar över händelse 3 \(TaskApproved\)/);
  });

  it('skips an event type the domain does not know, without a warning', () => {
    const warnings: string[] = [];
    expect(domainEventOf(stored(4, 'NoSuchEvent', 1, {}), (l) => warnings.push(l))).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('upcasts an old schema version to the current one', () => {
    const legacy = aleScenario()
      .flatMap((a) => a.events)
      .find((e) => e.type === 'BudgetProposed' && e.schemaVersion === 1);
    const data = legacy?.data as object;
    const event = domainEventOf(stored(5, 'BudgetProposed', 1, data), () => {});
    expect(event).toEqual(parseEvent({ type: 'BudgetProposed', schemaVersion: 1, data }));
    expect(event?.schemaVersion).toBeGreaterThan(1);
  });
});
