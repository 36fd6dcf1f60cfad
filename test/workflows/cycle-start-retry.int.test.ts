import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleStream } from '../../domain/streams';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { cycleViewQuery, cycleWorkflowId } from '../../workflows/messages';
import { createDevServerHarness, type DevServerHarness } from '../support/dev-server-env';
import { type RunningWorker, runInterceptedDevServerWorker } from '../support/intercepted-bundle';

/**
 * The cycle's first workflow task stores CycleStarted and then dies (as one that passed its 10 s
 * timeout on a loaded machine did). Its retry runs later on the wall clock: it must decide the same
 * CycleStarted, whose clock is anchored at the execution's start (CLOCK_AT_EXECUTION_START), find it stored and go
 * on. Anchored at the attempt's own start, the retry decided another CycleStarted, the store refused
 * it as a different step, and the cycle failed before giving out a task.
 */
describe("the cycle's first workflow task dies after storing CycleStarted (Temporal dev server)", () => {
  let h: DevServerHarness;
  let worker: RunningWorker;
  const workflowId = cycleWorkflowId('ale', 2027);

  beforeAll(async () => {
    h = await createDevServerHarness('cycle_start_retry');
    await h.registerAle();
    worker = await runInterceptedDevServerWorker(h, 'fail-after-cycle-start.ts');
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await h?.teardown([workflowId]);
  });

  it('goes on with the CycleStarted the first attempt stored', { timeout: 120_000 }, async () => {
    await h.port('ale', 2027).startCycle(aleCycleInput());
    const handle = h.client.workflow.getHandle(workflowId);

    // startCycle answers once CycleStarted is stored, which the first attempt did before it died: wait
    // for a workflow task completed after the failed one (the retry went on).
    let events: Awaited<ReturnType<typeof handle.fetchHistory>>['events'] = [];
    for (let attempt = 0; attempt < 600; attempt++) {
      events = (await handle.fetchHistory()).events ?? [];
      const failed = events.findIndex((e) => e.workflowTaskFailedEventAttributes);
      if (failed >= 0 && events.slice(failed).some((e) => e.workflowTaskCompletedEventAttributes)) break;
      await delay(100);
    }
    expect(events?.filter((e) => e.workflowTaskFailedEventAttributes)).toHaveLength(1);
    expect(events?.some((e) => e.workflowExecutionFailedEventAttributes)).toBe(false);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    const stored = await h.store.readStream<{ clock?: unknown }>(cycleStream('ale', 2027));
    expect(stored.filter((e) => e.type === 'CycleStarted')).toHaveLength(1);
    const view = await handle.query(cycleViewQuery);
    expect(view.cycle.status).toBe('running');
  });
});
