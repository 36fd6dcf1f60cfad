import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CyclePort } from '../../application/cycle-port';
import { cycleStream, taskStream } from '../../domain/streams';
import { runAleScenario } from '../../scenario/ale-scenario';
import { cycleWorkflowId } from '../../workflows/messages';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

describe('a cycle survives worker restarts and continues as new without losing or repeating anything', () => {
  let h: WorkflowHarness;
  let worker: Worker;
  let stopped: Promise<void> = Promise.resolve();
  const startWorker = async () => {
    const separate = await h.newSeparateWorker();
    worker = separate.worker;
    stopped = worker.run().then(() => separate.close());
  };
  const stopWorker = async () => {
    worker.shutdown();
    await stopped;
  };

  beforeAll(async () => {
    h = await createWorkflowHarness('worker_restart');
    await h.registerAle();
    await startWorker();
  });
  afterAll(async () => {
    if (worker) await stopWorker();
    await h?.teardown();
  });

  // The workers keep no workflow cache (this test server never hands a stopped worker's sticky work
  // back), so every workflow task replays its history: about a minute alone, several under load.
  it('runs the Ale cycle to the end while the worker is replaced at every step', {
    timeout: 600_000,
  }, async () => {
    const port = h.port('ale', 2027);
    // Before every move of the clock, stop the worker and start a fresh one (as after a crash or a
    // deploy): the new worker knows nothing and rebuilds each workflow from its history.
    let restarts = 0;
    const restarting: CyclePort = {
      ...port,
      async advanceTo(instant) {
        await stopWorker();
        await startWorker();
        restarts++;
        await port.advanceTo(instant);
      },
    };
    const result = await runAleScenario({
      port: restarting,
      cycleInput: { continueAsNewAtHistoryLength: 40 },
    });
    expect(restarts).toBeGreaterThan(15);
    expect(result.cycle.status).toBe('closed');

    // The cycle continued as new at least once (its current run was started by a continue-as-new)…
    const history = await h.env.client.workflow.getHandle(cycleWorkflowId('ale', 2027)).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.continuedExecutionRunId).toBeTruthy();

    // …and nothing was lost or repeated: every event id is unique, every stream's versions are 1..n,
    // and the cycle and task streams hold exactly what an uninterrupted run records.
    const all = await h.store.readAll({ limit: 100_000 });
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
    const byStream = new Map<string, number[]>();
    for (const e of all) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.streamVersion]);
    for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_, i) => i + 1));

    const cycleTypes = (await h.store.readStream(cycleStream('ale', 2027))).map((e) => e.type);
    const count = (type: string) => cycleTypes.filter((t) => t === type).length;
    expect(count('CycleStarted')).toBe(1);
    expect(count('PhaseOpened')).toBe(6);
    expect(count('PhaseClosed')).toBe(6);
    expect(count('CycleClosed')).toBe(1);
    expect(count('DecisionRecorded')).toBe(7);
    expect(count('OrganPlanAdopted')).toBe(4);
    expect(count('DischargeDecided')).toBe(5);
    for (const taskId of Object.values(result.taskIds).flat()) {
      const types = (await h.store.readStream(taskStream(taskId))).map((e) => e.type);
      expect(types.filter((t) => t === 'TaskAssigned')).toHaveLength(1);
      expect(types.filter((t) => t === 'TaskApproved')).toHaveLength(1);
    }
    expect((await h.store.verify()).ok).toBe(true);
  });
});
