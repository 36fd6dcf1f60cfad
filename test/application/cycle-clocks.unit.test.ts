import { describe, expect, it } from 'vitest';
import { CycleClocks } from '../../application/cycle-clocks';
import { cycleDecider } from '../../domain/cycle/decider';
import { handle } from '../../domain/decider';
import { aleStartCycle2027 } from '../../domain/examples/ale';
import type { EventStore, RecordedEvent } from '../../eventstore/index';

const CLOCK = { anchorDomainMs: 1_768_201_200_000, anchorWorkflowMs: 1_796_000_000_000, speedup: 1 };

/** A stand-in for the store's readStream only: the cycle stream's CycleStarted, with or without a clock. */
function storeOf(started: () => Promise<RecordedEvent[]>) {
  let reads = 0;
  const store = {
    readStream: () => {
      reads++;
      return started();
    },
  } as unknown as EventStore;
  return { store, reads: () => reads };
}

/** Ale's CycleStarted as the decider makes it, with or without the clock. */
const cycleStarted = (clock?: typeof CLOCK): RecordedEvent => {
  const { events } = handle(cycleDecider, cycleDecider.initialState(), {
    ...aleStartCycle2027(),
    ...(clock ? { clock } : {}),
  });
  const [started] = events;
  return {
    globalPosition: 1,
    streamId: 'cycle-ale-2027',
    streamVersion: 1,
    eventId: '7d0a2f6e-1c3b-4e5d-9f8a-2b4c6d8e0f12',
    type: started?.type as string,
    schemaVersion: started?.schemaVersion as number,
    data: started?.data as never,
    metadata: { actor: 'a', occurredAt: '2026-01-12T07:00:00.000Z', correlationId: 'c', causationId: 'k' },
    occurredAt: '2026-01-12T07:00:00.000Z',
    recordedAt: '2026-01-12T07:00:00.010Z',
  };
};

describe('CycleClocks', () => {
  it('reads a cycle once for many asking at the same moment, and keeps its clock', async () => {
    const { store, reads } = storeOf(async () => [cycleStarted(CLOCK)]);
    const clocks = new CycleClocks(store);
    const answers = await Promise.all(Array.from({ length: 200 }, () => clocks.of('ale', 2027)));
    expect(answers.every((c) => c?.anchorDomainMs === CLOCK.anchorDomainMs)).toBe(true);
    await clocks.of('ale', 2027);
    expect(reads()).toBe(1);
  });

  it('keeps neither a missing clock nor a failed read: the next ask reads again', async () => {
    let fail = true;
    const { store, reads } = storeOf(async () => {
      if (fail) throw new Error('Postgres restarting');
      return [];
    });
    const clocks = new CycleClocks(store);
    await expect(clocks.of('ale', 2027)).rejects.toThrow('Postgres restarting');
    fail = false;
    expect(await clocks.of('ale', 2027)).toBeNull();
    expect(await clocks.of('ale', 2027)).toBeNull();
    expect(reads()).toBe(3);
  });
});
