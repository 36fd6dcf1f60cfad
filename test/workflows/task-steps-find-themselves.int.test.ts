import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTask } from '../../application/aggregates';
import { handle as decideWith } from '../../domain/decider';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { taskStream } from '../../domain/streams';
import { taskDecider } from '../../domain/task/decider';
import { humanTaskWorkflow } from '../../workflows/index';
import { approveTaskUpdate } from '../../workflows/messages';
import { createDevServerHarness, type DevServerHarness } from '../support/dev-server-env';
import { FAILING_TYPE } from '../support/fail-until-timer';
import { type RunningWorker, runInterceptedDevServerWorker } from '../support/intercepted-bundle';
import { bunAnalysisTask } from '../support/task-input';

const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const owner = ALE_USERS.processOwner;
const DAY_MS = 86_400_000;

/**
 * STEPS_FIND_THEMSELVES in a task (soak mxdk0pnx, Växjö's fjärrvärme task): the API stored the
 * submission, the approval stored TaskApproved and its workflow task was lost; the reminder's timer
 * fired before the retry. The retry ran the reminder's step first (the approval reads the municipality
 * before it takes the lock): with ids drawn from the run's random sequence it drew the approval's ids,
 * the store answered "stored before, other content", the task failed, and its phase and cycle with it.
 * Now the reminder is refused on the version, reads the stream, finds the task approved and is skipped;
 * the approval finds itself stored and answers.
 */
describe('a retried task that takes its steps in another order (Temporal dev server, real Postgres)', () => {
  let h: DevServerHarness;
  let worker: RunningWorker;
  const taskId = 'reordered';

  beforeAll(async () => {
    h = await createDevServerHarness('task_steps_find_themselves');
    await h.registerAle();
    worker = await runInterceptedDevServerWorker(h, 'fail-until-timer.ts');
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await h?.teardown([`task-${taskId}`]);
  });

  it('stores the approval once, skips the reminder and answers', { timeout: 120_000 }, async () => {
    const input = bunAnalysisTask(taskId);
    // The first reminder (60 days on) fires about 5 s after the assignment, while the approval's
    // workflow tasks are being lost.
    const speedup = (60 * DAY_MS) / 5_000;
    input.clock = { ...input.clock, anchorWorkflowMs: Date.now(), speedup };
    const handle = await h.client.workflow.start(humanTaskWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `task-${taskId}`,
      args: [input],
    });
    await h.port('ale', 2027).waitForTask(taskId);

    // The submission as the API stores it (application/stored-submission.ts), without the workflow.
    const { state, version } = await loadTask(h.store, taskId);
    const at = '2026-02-10T09:00:00.000Z';
    const { events } = decideWith(taskDecider, state, {
      type: 'SubmitTask',
      taskId,
      content: ALE_NULAGESANALYS_BUN,
      reference: null,
      actor: secretary,
      at,
    });
    await h.store.append(
      taskStream(taskId),
      version,
      events.map((e) => ({ ...e, eventId: crypto.randomUUID() })),
      { actor: secretary, occurredAt: at, correlationId: 'cycle-ale-2027', causationId: 'api:test' },
    );

    const approval = handle.executeUpdate(approveTaskUpdate, { args: [{ actor: owner }] });
    const stream = () => h.store.readStream(taskStream(taskId));
    for (let i = 0; i < 600 && !(await stream()).some((e) => e.type === FAILING_TYPE); i++) await delay(100);

    // A failed task fails the update too; its own failure says why.
    const approved = await approval.catch(async (error) => {
      throw (await handle.result().catch((failure: Error) => failure.cause)) ?? error;
    });
    expect(approved.status).toBe('approved');
    expect((await handle.result()).status).toBe('approved');
    expect((await stream()).map((e) => e.type)).toEqual(['TaskAssigned', 'TaskSubmitted', FAILING_TYPE]);

    const history = (await handle.fetchHistory()).events ?? [];
    const fired = history.findIndex((e) => e.timerFiredEventAttributes);
    const accepted = history.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    // The approval was accepted only in the task that had the timer: the retry that reordered.
    expect(fired).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(fired);
    expect(
      history.some((e) => e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes),
    ).toBe(true);
    expect((await h.store.verify()).ok).toBe(true);
  });
});
