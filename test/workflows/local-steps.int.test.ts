import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index';
import type { AppendEventsInput } from '../../activities/types';
import { cycleDecider } from '../../domain/cycle/decider';
import { handle as decideWith } from '../../domain/decider';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS, aleStartCycle2027 } from '../../domain/examples/ale';
import { cycleStream, taskStream } from '../../domain/streams';
import type { TaskState } from '../../domain/task/index';
import { humanTaskWorkflow } from '../../workflows/index';
import { approveTaskUpdate, submitTaskUpdate, taskStateQuery } from '../../workflows/messages';
import { FAILING_TYPES } from '../support/fail-after-append';
import { type RunningWorker, runInterceptedWorker } from '../support/intercepted-bundle';
import { bunAnalysisTask } from '../support/task-input';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

const DAY = 24 * 60 * 60 * 1000;
const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const owner = ALE_USERS.processOwner;

/**
 * Local steps (LOCAL_STEPS) when the workflow task that appended dies before it completes: the task's
 * retry decides the same step under the same event ids at a later time, finds them stored, decides
 * again at the stored time, and carries on with the store's version of the step; nothing twice.
 */
describe('a workflow task that fails after its local append (time-skipping server, real Postgres)', () => {
  let h: WorkflowHarness;
  let worker: RunningWorker;
  /** What each local append answered, in order: appended, replayed (an exact retry) or storedBefore. */
  const outcomes: { type: string; outcome: string }[] = [];

  beforeAll(async () => {
    h = await createWorkflowHarness('local_steps');
    await h.registerAle();
    const { events } = decideWith(cycleDecider, cycleDecider.initialState(), aleStartCycle2027());
    const withIds = events.map((e) => ({ ...e, eventId: randomUUID() }));
    await h.store.append(cycleStream('ale', 2027), 'no_stream', withIds, {
      actor: 'system',
      occurredAt: '2026-01-12T08:00:00.000Z',
      correlationId: 'cycle-ale-2027',
      causationId: 'test',
    });
    const activities = createActivities({ store: h.store, notifier: h.notifier });
    worker = await runInterceptedWorker({
      connection: h.env.nativeConnection,
      taskQueue: h.taskQueue,
      supportModule: 'fail-after-append.ts',
      activities: {
        ...activities,
        async appendDecision(input: AppendEventsInput) {
          const result = await activities.appendDecision(input);
          const outcome =
            'storedBefore' in result ? 'storedBefore' : result.alreadyAppended ? 'replayed' : 'appended';
          outcomes.push({ type: input.events[0]?.type ?? '', outcome });
          return result;
        },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await h?.teardown();
  });

  it('carries on after the assignment, a reminder and a submission each lost their workflow task', {
    timeout: 300_000,
  }, async () => {
    const now = await h.env.currentTimeMs();
    const input = bunAnalysisTask('retried');
    input.clock = { ...input.clock, anchorWorkflowMs: now };
    const handle = await h.env.client.workflow.start(humanTaskWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: 'task-retried',
      args: [input],
    });
    await h.port('ale', 2027).waitForTask('retried');
    await h.env.sleep(62 * DAY); // past the first reminder (10 April), before the second (16 April)
    const submitted = await handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: secretary, content: ALE_NULAGESANALYS_BUN }],
    });
    expect(submitted.status).toBe('submitted');
    await handle.executeUpdate(approveTaskUpdate, { args: [{ actor: owner }] });
    const final = await handle.result();
    expect(final.status).toBe('approved');

    // Every failing step was stored once, found stored by the retry, and answered as stored.
    for (const type of FAILING_TYPES) {
      expect(outcomes.filter((o) => o.type === type).map((o) => o.outcome)).toEqual([
        'appended',
        'storedBefore',
        'replayed',
      ]);
    }
    const history = await handle.fetchHistory();
    const failedTasks = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes);
    expect(failedTasks).toHaveLength(FAILING_TYPES.length);

    // Nothing twice; the time of each step is the one first stored, in the data and the metadata alike.
    const events = await h.store.readStream<{ at: string }>(taskStream('retried'));
    expect(events.map((e) => e.type)).toEqual([
      'TaskAssigned',
      'TaskReminderSent',
      'TaskSubmitted',
      'TaskApproved',
    ]);
    for (const e of events) expect(e.data.at).toBe(e.occurredAt);
    const state = (await handle.query(taskStateQuery)) as TaskState;
    if (state.status === 'unassigned') throw new Error('unassigned');
    expect(state.submission?.at).toBe(events[2]?.data.at);
    expect(state.remindersSent).toEqual([events[1]?.data.at]);
    expect((await h.store.verify()).ok).toBe(true);
  });
});
