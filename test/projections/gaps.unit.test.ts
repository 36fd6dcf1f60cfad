import type { QueryResult } from 'pg';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../eventstore';
import { applyEvents, ProjectionGapError } from '../../projections';
import type { Projection, Tx } from '../../projections/types';

// A pure unit test: the transaction only records the statements (the checkpoint update).
const fakeTx = (): Tx & { statements: unknown[][] } => {
  const statements: unknown[][] = [];
  return {
    statements,
    async query(_text: string, values?: unknown[]) {
      statements.push(values ?? []);
      return { rows: [], rowCount: 0 } as unknown as QueryResult;
    },
  };
};
const projection: Projection = {
  name: 'test',
  description: 'counts nothing',
  tables: [],
  eventTypes: [],
  docs: [],
  fold: () => {},
};
const at = (globalPosition: number): RecordedEvent => ({
  globalPosition,
  streamId: 'municipality-ale',
  streamVersion: globalPosition,
  eventId: `00000000-0000-4000-8000-${String(globalPosition).padStart(12, '0')}`,
  type: 'Unknown',
  schemaVersion: 1,
  data: {},
  metadata: { actor: 'system', occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c' },
  occurredAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
});

describe('projections over a global order with holes', () => {
  it('applies what the store still has below an event and steps over the holes it does not', async () => {
    const tx = fakeTx();
    const asked: [number, number][] = [];
    const applied = await applyEvents(tx, projection, 3, [at(4), at(8), at(9)], {
      fill: async (after, before) => {
        asked.push([after, before]);
        return [at(6)]; // 5 and 7: rolled-back appends
      },
    });
    expect(asked).toEqual([[4, 8]]);
    expect(applied.map((e) => e.globalPosition)).toEqual([4, 6, 8, 9]);
    expect(tx.statements.at(-1)?.[1]).toBe(9); // the checkpoint moved to the last event
  });

  it('without a store to ask, still refuses to step over a hole', async () => {
    await expect(applyEvents(fakeTx(), projection, 3, [at(5)])).rejects.toBeInstanceOf(ProjectionGapError);
  });
});
