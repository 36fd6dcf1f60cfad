import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTask } from '../../application/aggregates';
import { handle as decideWith } from '../../domain/decider';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { taskStream } from '../../domain/streams';
import { taskDecider } from '../../domain/task/decider';
import { humanTaskWorkflow } from '../../workflows/index';
import { approveTaskUpdate } from '../../workflows/messages';
import { type RunningWorker, runInterceptedTestServerWorker } from '../support/intercepted-bundle';
import { bunAnalysisTask } from '../support/task-input';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const owner = ALE_USERS.processOwner;

/**
 * UPDATES_FIND_OWN_STEP: the task's submission was stored by the API, so the workflow's state is behind
 * its stream when the approval comes. The approval reads the stream, stores TaskApproved, and its
 * workflow task dies before completing (a worker killed with -9). The update runs again on the retry,
 * reads the stream once more and finds the approval there: its own, by its causationId. Before, it
 * answered "Uppgiften kan inte godkännas: den är godkänd" and the approver was told no.
 */
describe('an update whose workflow task died after its append (time-skipping server, real Postgres)', () => {
  let h: WorkflowHarness;
  let worker: RunningWorker;

  beforeAll(async () => {
    h = await createWorkflowHarness('own_step');
    await h.registerAle();
    worker = await runInterceptedTestServerWorker(h, 'fail-after-approval.ts');
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await h?.teardown();
  });

  it('answers the approval with the approved task, stored once', { timeout: 120_000 }, async () => {
    const input = bunAnalysisTask('own-step');
    input.clock = { ...input.clock, anchorWorkflowMs: await h.env.currentTimeMs() };
    const handle = await h.env.client.workflow.start(humanTaskWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: 'task-own-step',
      args: [input],
    });
    await h.port('ale', 2027).waitForTask('own-step');

    // The submission as the API stores it (application/stored-submission.ts), without the workflow.
    const { state, version } = await loadTask(h.store, 'own-step');
    const at = '2026-02-10T09:00:00.000Z';
    const { events } = decideWith(taskDecider, state, {
      type: 'SubmitTask',
      taskId: 'own-step',
      content: ALE_NULAGESANALYS_BUN,
      reference: null,
      actor: secretary,
      at,
    });
    await h.store.append(
      taskStream('own-step'),
      version,
      events.map((e) => ({ ...e, eventId: crypto.randomUUID() })),
      { actor: secretary, occurredAt: at, correlationId: 'cycle-ale-2027', causationId: 'api:test' },
    );

    const approved = await handle.executeUpdate(approveTaskUpdate, { args: [{ actor: owner }] });
    expect(approved.status).toBe('approved');
    expect((await handle.result()).status).toBe('approved');

    const history = await handle.fetchHistory();
    // The workflow task that stored the approval was lost: reported failed, or (SDK core may leave it
    // to the server) timed out.
    const lost = (history.events ?? []).filter(
      (e) => e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes,
    );
    expect(lost).toHaveLength(1);
    const stored = await h.store.readStream(taskStream('own-step'));
    expect(stored.map((e) => e.type)).toEqual(['TaskAssigned', 'TaskSubmitted', 'TaskApproved']);
    expect((await h.store.verify()).ok).toBe(true);
  });
});
