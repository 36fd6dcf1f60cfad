/**
 * Drives one municipality's cycle 2027: Ale's acceptance scenario (scenario/ale-scenario.ts, the one
 * copy of it) over the HTTP API, as the municipality's own people, through a client that outlives API
 * restarts. Registration first, then the cycle with the soak's compressed clock.
 */
import { wallClock } from '../application/temporal-cycle-port';
import { ApiClient, httpCyclePort } from '../demo/http-port';
import { ALE_USERS } from '../domain/examples/ale';
import { runAleScenario } from '../scenario/ale-scenario';
import type { ClockOptions } from '../workflows/clock';
import { type RetryStats, reconcilingPort, retryingFetch } from './client';
import type { Kommun } from './kommuner';
import { kommunTokens, registerKommun } from './people';

export interface KommunRun {
  kommun: Kommun;
  municipalityId: string;
}

export interface KommunOutcome {
  municipalityId: string;
  code: string;
  closed: boolean;
  error?: string;
  /** Wall ms from the cycle's start to its close. */
  cycleMs?: number;
  /** Actions that found domain time already past their instant, and by how much at most (domain ms). */
  late: number;
  /** Wall ms the latest action came after its instant. */
  latestByWallMs: number;
  /** Wall ms from starting to look for each task until it was given out (the inbox showed it). */
  taskWaitsMs: number[];
}

/**
 * How long a driver looks for a task before it calls it lost. A person checks the inbox again later:
 * under load a task comes minutes after its phase opened (each workflow task of cycle, phase and task
 * waits its turn in Temporal's queue), so the bound is the whole run's, not a person's patience.
 */
export const TASK_WAIT_MS = 60 * 60_000;

export function soakClient(apiUrl: string, stats: RetryStats): ApiClient {
  return new ApiClient(apiUrl, retryingFetch(stats));
}

export async function registerAll(
  client: ApiClient,
  runs: readonly KommunRun[],
  concurrency: number,
): Promise<number> {
  const queue = [...runs];
  let commands = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const sent = await registerKommun(client, r.kommun, r.municipalityId);
        commands += sent;
      }
    }),
  );
  return commands;
}

/** Runs the cycle to its close; never throws (a failure is the outcome's error). */
export async function driveCycle(
  client: ApiClient,
  run: KommunRun,
  clock: ClockOptions,
  options: { taskPollMs: number; taskPollMaxMs?: number; onStep?: (step: number) => void },
): Promise<KommunOutcome> {
  const tokenFor = kommunTokens(run.municipalityId);
  const outcome: KommunOutcome = {
    municipalityId: run.municipalityId,
    code: run.kommun.code,
    closed: false,
    late: 0,
    latestByWallMs: 0,
    taskWaitsMs: [],
  };
  const port = reconcilingPort(
    httpCyclePort({
      client,
      municipalityId: run.municipalityId,
      budgetYear: 2027,
      tokenFor,
      readerToken: () => tokenFor(ALE_USERS.processOwner),
      time: wallClock,
      taskWaitMs: TASK_WAIT_MS,
      taskPollMs: options.taskPollMs,
      ...(options.taskPollMaxMs !== undefined ? { taskPollMaxMs: options.taskPollMaxMs } : {}),
      onTaskGivenOut: (_taskId, waitedMs) => outcome.taskWaitsMs.push(waitedMs),
      // The soak's port runs on the wall clock: workflow time is wall time.
      onLate: (_instant, _lateByDomainMs, lateByWallMs) => {
        outcome.late++;
        outcome.latestByWallMs = Math.max(outcome.latestByWallMs, lateByWallMs);
      },
    }),
  );
  const started = Date.now();
  try {
    const result = await runAleScenario({ port, clock, onStep: (_s, index) => options.onStep?.(index) });
    outcome.closed = result.cycle.status === 'closed';
    outcome.cycleMs = Date.now() - started;
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
  }
  return outcome;
}

/**
 * Every municipality's cycle at once, started 100 ms apart (290 starts at one instant would only queue
 * up in the API), each polling for its tasks less often the more run beside it.
 */
export function driveAll(
  client: ApiClient,
  runs: readonly KommunRun[],
  clock: ClockOptions,
  options: {
    onStep?: (step: number) => void;
    onOutcome?: (run: KommunRun, outcome: KommunOutcome) => void;
    /** The longest pause between two looks for a task (backing off from the first; 0: never backs off). */
    taskPollMaxMs?: number;
  } = {},
): Promise<KommunOutcome[]> {
  return Promise.all(
    runs.map(async (r, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 100));
      const outcome = await driveCycle(client, r, clock, {
        taskPollMs: Math.max(25, runs.length * 5),
        ...(options.taskPollMaxMs !== undefined ? { taskPollMaxMs: options.taskPollMaxMs } : {}),
        ...(options.onStep ? { onStep: options.onStep } : {}),
      });
      options.onOutcome?.(r, outcome);
      return outcome;
    }),
  );
}
