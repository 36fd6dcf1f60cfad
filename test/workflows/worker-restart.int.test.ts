import { setTimeout as delay } from 'node:timers/promises';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CyclePort } from '../../application/cycle-port';
import { DEMO_CLOCK, planDemoClock, stretched } from '../../demo/demo-clock';
import { cycleStream, taskStream } from '../../domain/streams';
import { runAleScenario } from '../../scenario/ale-scenario';
import { cycleWorkflowId } from '../../workflows/messages';
import { createDevServerHarness, type DevServerHarness } from '../support/dev-server-env';

/**
 * Wall ms a restart may take (the old worker drains and stops, a new one connects and polls), added to
 * every hold of the planned clock so that people still act before the next reminder or deadline.
 */
const RESTART_ALLOWANCE_MS = 3_000;
/** The holds stretched as the demo's are on a machine twice as slow as a quiet one. */
const LOAD_FACTOR = 2;
/** A fresh worker at every second move of the clock: each phase of the cycle still sees several. */
const RESTART_EVERY = 2;

describe('a cycle survives worker restarts and continues as new without losing or repeating anything (Temporal dev server)', () => {
  let h: DevServerHarness;
  let worker: Worker | undefined;
  let stopped: Promise<void> = Promise.resolve();
  const restartMs: number[] = [];
  const startWorker = async () => {
    const since = Date.now();
    const separate = await h.newSeparateWorker();
    worker = separate.worker;
    stopped = separate.worker.run().finally(() => separate.close());
    await h.untilPolling(separate.worker, since);
  };
  const stopWorker = async () => {
    worker?.shutdown();
    await stopped;
    worker = undefined;
  };

  beforeAll(async () => {
    h = await createDevServerHarness('worker_restart');
    await h.registerAle();
    await startWorker();
  });
  let finished = false;
  afterAll(async () => {
    await stopWorker();
    // A failed run's histories, saved for diagnosis (reports/histories/worker_restart/).
    if (!finished && h) console.log(await h.replayAll().catch((error) => [String(error)]));
    await h?.teardown([cycleWorkflowId('ale', 2027)]);
  });

  // Each worker keeps its sticky workflow cache, as in production; a stopped worker's sticky work goes
  // back to the task queue (the dev server's ShutdownWorker), so the next worker rebuilds each workflow
  // from its history. The calendar is compressed as in the demo: slow where people act and timers fire.
  it('runs the Ale cycle to the end while the worker is replaced at every second step', {
    timeout: 900_000,
  }, async () => {
    const settings = stretched(DEMO_CLOCK, LOAD_FACTOR);
    const clock = await planDemoClock((rehearsal) => runAleScenario({ port: rehearsal }), {
      ...settings,
      actionHoldBaseMs: settings.actionHoldBaseMs + RESTART_ALLOWANCE_MS,
      timerHoldMs: settings.timerHoldMs + RESTART_ALLOWANCE_MS,
    });
    const port = h.port('ale', 2027);
    // Before every second move of the clock, stop the worker and start a fresh one (as after a crash or
    // a deploy): the new worker knows nothing and rebuilds each workflow from its history.
    let moves = 0;
    const restarting: CyclePort = {
      ...afterRestarts(port),
      async advanceTo(instant) {
        if (moves++ % RESTART_EVERY === 0) {
          const from = Date.now();
          await stopWorker();
          await startWorker();
          restartMs.push(Date.now() - from);
        }
        await port.advanceTo(instant);
      },
    };
    const result = await runAleScenario({
      port: restarting,
      clock: clock.clock,
      cycleInput: { continueAsNewAtHistoryLength: 40 },
    });
    const sorted = [...restartMs].sort((a, b) => a - b);
    console.log(
      `${restartMs.length} restarts, median ${sorted[Math.floor(sorted.length / 2)]} ms, longest ${sorted.at(-1)} ms`,
    );
    expect(restartMs.length).toBeGreaterThan(8);
    expect(result.cycle.status).toBe('closed');

    // The cycle continued as new at least once (its current run was started by a continue-as-new)…
    const history = await h.client.workflow.getHandle(cycleWorkflowId('ale', 2027)).fetchHistory();
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

    // Every run of every workflow (the cycle's runs, phases, tasks), as the workers that met them wrote
    // them, replays on a worker that never saw them.
    expect(await h.replayAll()).toEqual([]);
    finished = true;
  });
});

/**
 * The port, each call asked again while the dev server answers that it has seen no poller: for a few
 * moments after a restart it routes a query or an update to the stopped worker's sticky queue and
 * refuses it there (nothing admitted), as a client after a deploy would retry.
 */
function afterRestarts(port: CyclePort): CyclePort {
  const retrying =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await call(...args);
        } catch (error) {
          const noPoller = String((error as { cause?: unknown }).cause ?? error).includes('no poller seen');
          if (!noPoller || attempt >= 100) throw error;
          await delay(300);
        }
      }
    };
  const wrapped = { ...port } as Record<string, unknown>;
  for (const [name, value] of Object.entries(port))
    if (typeof value === 'function')
      wrapped[name] = retrying(value as (...args: unknown[]) => Promise<unknown>);
  return wrapped as unknown as CyclePort;
}
