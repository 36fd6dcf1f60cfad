import { randomUUID } from 'node:crypto';
import { taskStream } from '../domain';
import type { EventStore, NewEvent } from '../eventstore';

// The task lifecycles the projection benches append (projections, lag, rebuild): one shape of history
// for each, so their figures compare.

const ORGANS = ['ks', 'bun', 'sn', 'alebyggen'];

/**
 * The events of task lifecycle `i`, six events for one task: assigned, reminded, submitted, returned,
 * resubmitted, approved (a nulägesanalys with goal fulfilment, so the goals model works too). A task
 * stream per lifecycle, as in production; a steady-load caller cuts them into appends of its own size.
 */
function lifecycle(i: number, run: string): { streamId: string; event: NewEvent<unknown> }[] {
  const organId = ORGANS[i % ORGANS.length] as string;
  const taskId = `ale.${2027 + (i % 5)}.nulagesanalys.${organId}.${run}.${i}`;
  const at = new Date(Date.UTC(2026, 1, 1) + i * 1000).toISOString();
  const base = { at, by: 'bench' };
  const submission = {
    kind: 'nulagesanalys',
    content: {
      verksamhetsbeskrivning: { text: 'Verksamhetsbeskrivning' },
      omvarldsanalys: {
        factors: [{ externalFactorId: 'demografi', risks: ['Fler äldre'], opportunities: [], response: '' }],
      },
      nulagesanalys: {
        goalFulfilment: [{ goalId: 'g1', goalType: 'council', status: 'achieved', comment: '' }],
        proposedOrganGoals: [],
        conclusions: '',
      },
    },
  };
  const data = [
    [
      'TaskAssigned',
      {
        taskId,
        municipalityId: 'ale',
        budgetYear: 2027 + (i % 5),
        organId,
        phase: 'nulagesanalys',
        kind: 'nulagesanalys',
        title: 'Nulägesanalys',
        dueDate: '2026-04-30',
      },
    ],
    ['TaskReminderSent', { taskId, dueDate: '2026-04-30' }],
    ['TaskSubmitted', { taskId, organId, revision: 1, late: i % 7 === 0, submission }],
    ['TaskReturnedForRevision', { taskId, revision: 1, reason: 'Komplettera omvärldsanalysen' }],
    ['TaskSubmitted', { taskId, organId, revision: 2, late: i % 3 === 0, submission }],
    ['TaskApproved', { taskId, revision: 2 }],
  ] as const;
  return data.map(([type, d]) => ({
    streamId: taskStream(taskId),
    event: { eventId: randomUUID(), type, schemaVersion: 1, data: { ...base, ...d } },
  }));
}

/** An endless feed of appends, one task lifecycle (six events, one stream) each. */
export function* appends(run: string): Generator<{ streamId: string; events: NewEvent<unknown>[] }> {
  for (let i = 0; ; i++) {
    const events = lifecycle(i, run);
    yield { streamId: events[0]?.streamId as string, events: events.map((e) => e.event) };
  }
}

export const meta = () => ({
  actor: 'bench',
  occurredAt: new Date().toISOString(),
  correlationId: 'bench',
  causationId: 'bench',
});

/** Appends `count` events (or a few more: whole lifecycles) from the feed, one lifecycle per append. */
export async function appendCount(store: EventStore, feed: ReturnType<typeof appends>, count: number) {
  let done = 0;
  while (done < count) {
    const next = feed.next().value;
    if (!next) break;
    await store.append(next.streamId, 'any', next.events, meta());
    done += next.events.length;
  }
  return done;
}
