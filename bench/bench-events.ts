import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../eventstore';

// One event shape for the event store benches: about 500 bytes of hash input, Swedish text included.
const text =
  'Andelen elever som känner sig trygga i skolan ska öka; uppföljning sker genom elevenkäten varje vår.';

export function benchEvent(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: i % 3 === 0 ? 'IndicatorMeasured' : 'GoalRevised',
    schemaVersion: 1,
    data: {
      organ: `organ-${i % 37}`,
      goal: `goal-${i % 501}`,
      text,
      value: i % 1000,
      period: '2026-T1',
      tags: ['skola', 'trygghet'],
    },
  };
}

export const benchMetadata = (i: number) => ({
  actor: i % 5 === 0 ? 'system' : `user-${i % 97}`,
  occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  correlationId: `corr-${i}`,
  causationId: `cmd-${i}`,
  workflowId: `cycle-2027-organ-${i % 37}`,
});
