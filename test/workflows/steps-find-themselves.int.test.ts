import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_USERS } from '../../domain/examples/ale';
import { cycleStream } from '../../domain/streams';
import { ALE_DISCHARGE_MOVED_TO, aleCycleInput } from '../../scenario/ale-scenario';
import type { annualCycleWorkflow } from '../../workflows/index';
import { cycleCommandUpdate, cycleWorkflowId, decisionOverdueSignal } from '../../workflows/messages';
import { AWAITED_SIGNAL, FAILING_TYPE } from '../support/fail-until-signalled';
import { type RunningWorker, runInterceptedTestServerWorker } from '../support/intercepted-bundle';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

const owner = ALE_USERS.processOwner;
const MOVED_TO = ALE_DISCHARGE_MOVED_TO;

/**
 * STEPS_FIND_THEMSELVES. The cycle's workflow task stores a calendar change (an update) and is lost.
 * Before its retry a signal reaches the cycle: the retry runs the signal's step first, since the update
 * reads the municipality before it takes the lock. With ids drawn from the run's random sequence, the
 * signal's step drew the ids the calendar change was stored under, the store answered "stored before,
 * other content" and the cycle failed (soaks mxd60y6i and mxdfsfy3). Now the signal's step is refused
 * on the version, reads the stream, decides on it; the update finds its change stored and answers.
 */
describe('a retried cycle task that takes its steps in another order (time-skipping server, real Postgres)', () => {
  let h: WorkflowHarness;
  let worker: RunningWorker;
  const workflowId = cycleWorkflowId('ale', 2027);

  beforeAll(async () => {
    h = await createWorkflowHarness('steps_find_themselves');
    await h.registerAle();
    worker = await runInterceptedTestServerWorker(h, 'fail-until-signalled.ts');
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await h?.teardown();
  });

  it('stores each step once and answers the update', { timeout: 120_000 }, async () => {
    await h.port('ale', 2027).startCycle(aleCycleInput());
    const handle = h.env.client.workflow.getHandle<typeof annualCycleWorkflow>(workflowId);
    const stream = () => h.store.readStream(cycleStream('ale', 2027));

    const change = handle.executeUpdate(cycleCommandUpdate, {
      args: [
        {
          actor: owner,
          command: {
            type: 'ChangeCalendarDate',
            milestone: 'bokslut.discharge',
            date: MOVED_TO,
            reason: 'Fullmäktiges junisammanträde flyttas',
          },
        },
      ],
    });
    // The first attempt stored the change and died; the retries die too until the signal is in.
    for (let i = 0; i < 600 && !(await stream()).some((e) => e.type === FAILING_TYPE); i++) await delay(100);
    await handle.signal(decisionOverdueSignal, {
      gateId: 'test-gate',
      label: 'Testbeslut',
      deadline: '2026-03-01',
    });

    // A failed cycle fails the update too; its own failure says why.
    const answered = await change.catch(async (error) => {
      throw (await handle.result().catch((failure: Error) => failure.cause)) ?? error;
    });
    expect(answered.status === 'running' && answered.calendar.bokslut.discharge).toBe(MOVED_TO);
    const raced = [FAILING_TYPE, 'DecisionOverdue'];
    const stored = (await stream()).map((e) => e.type).filter((type) => raced.includes(type));
    expect(stored).toEqual(raced);

    const history = (await handle.fetchHistory()).events ?? [];
    expect(history.some((e) => e.workflowTaskFailedEventAttributes)).toBe(true);
    expect(history.some((e) => e.workflowExecutionFailedEventAttributes)).toBe(false);
    const signalled = history.findIndex(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === AWAITED_SIGNAL,
    );
    const accepted = history.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    // The update was accepted only in the task that had the signal: the retry that reordered.
    expect(signalled).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(signalled);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await h.store.verify()).ok).toBe(true);
  });
});
