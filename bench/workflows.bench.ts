import os from 'node:os';
import path from 'node:path';
import { planDemoClock } from '../demo/demo-clock';
import { runAleScenario } from '../scenario/ale-scenario';
import { servicesUp } from '../services/index';
import { readPid } from '../services/proc';
import { startDeployment } from '../soak/deployment';
import { driveAll, type KommunRun, registerAll, soakClient } from '../soak/driver';
import { DEFAULT_CLOCK_LOAD, soakClockSettings } from '../soak/index';
import { chooseKommuner } from '../soak/kommuner';
import { processTreeCpuSeconds } from './postgres-cpu';
import { threadCpuSince, threadSnapshot } from './thread-cpu';
import type { Bench } from './types';
import { type TaskCounts, taskCounts, taskCountsSince } from './workflow-task-counts';

/**
 * CPU per workflow task: K municipalities run Ale's cycle 2027 at once, as in the soak (soak/driver.ts:
 * registered and driven over the HTTP API with the soak's compressed clock, the app processes as
 * separate OS processes) but without faults. Counted over the cycles only (after registration): the
 * workflow and activity tasks the worker completed (from Temporal core's metrics on the worker's
 * /metrics), and the CPU the worker process and the Temporal dev server used (/proc). CPU time hardly
 * depends on the machine's load, wall time does; the load average stands beside it.
 *
 * BENCH_WORKFLOWS_CYCLES (default 5): municipalities at once.
 * BENCH_WORKFLOWS_PROFILE=<dir>: the worker runs under --cpu-prof, which writes a profile per thread to
 * <dir> when it stops: the main thread's (activities, Temporal core's bridge) and each workflow thread's
 * (the workflows' sandboxes; without workflow threads the worker ran no workflows).
 */
const CYCLES = Number(process.env.BENCH_WORKFLOWS_CYCLES ?? 5);
const PROFILE_DIR = process.env.BENCH_WORKFLOWS_PROFILE;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function scrape(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

const bench: Bench = {
  name: 'workflows',
  description: `worker and Temporal server CPU per workflow task: ${CYCLES} Ale cycles at once over the API, soak clock, no faults${PROFILE_DIR ? ' (profiled)' : ''}`,
  async run({ log }) {
    await servicesUp(['postgres', 'temporal', 'kafka', 'mail'], () => {});
    const temporalPid = readPid('temporal');
    if (temporalPid === undefined) throw new Error('no pid of the Temporal dev server');
    const run = `wb${Date.now().toString(36)}`;
    const runs: KommunRun[] = chooseKommuner(CYCLES).map((kommun) => ({
      kommun,
      municipalityId: `${kommun.id}-${run}`,
    }));
    const planning = planDemoClock(
      (port) => runAleScenario({ port }),
      soakClockSettings(runs.length, DEFAULT_CLOCK_LOAD),
    );
    planning.catch(() => undefined);
    const deployment = await startDeployment({
      run,
      log: () => {},
      idempotencyStaleSeconds: 10,
      ...(PROFILE_DIR
        ? {
            processOptions: {
              worker: {
                nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`],
              },
            },
          }
        : {}),
    });
    try {
      const workerPid = deployment.supervisor.children.get('worker')?.pid;
      if (workerPid === undefined) throw new Error('no worker process');
      const metricsUrl = `${deployment.healthUrls.worker}/metrics`;
      const client = soakClient(deployment.apiUrl, { retries: 0, longestWaitMs: 0, waitsByRoute: {} });
      await registerAll(client, runs, 8);
      const plan = await planning;
      log(
        `${runs.length} municipalities registered; planned clock ${Math.round(plan.plannedWallMs / 1000)} s`,
      );

      const before = taskCounts(await scrape(metricsUrl));
      const cpuBefore = {
        worker: processTreeCpuSeconds(workerPid),
        server: processTreeCpuSeconds(temporalPid),
      };
      const threadsBefore = { worker: threadSnapshot(workerPid), server: threadSnapshot(temporalPid) };
      const loadAtStart = os.loadavg();
      const started = Date.now();
      const outcomes = await driveAll(client, runs, plan.clock);
      // The last cycle's completion reaches the metrics after its workflow task is done.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const wallSeconds = (Date.now() - started) / 1000;
      const cpuAfter = {
        worker: processTreeCpuSeconds(workerPid),
        server: processTreeCpuSeconds(temporalPid),
      };
      const threadCpuSeconds = {
        worker: threadCpuSince(threadsBefore.worker, threadSnapshot(workerPid)),
        server: threadCpuSince(threadsBefore.server, threadSnapshot(temporalPid)),
      };
      const counts: TaskCounts = taskCountsSince(before, taskCounts(await scrape(metricsUrl)));
      const loadAtEnd = os.loadavg();
      if (deployment.supervisor.restarts.get('worker'))
        throw new Error('the worker restarted during the run: its CPU is not comparable');
      const failed = outcomes.filter((o) => !o.closed);
      if (failed.length > 0)
        throw new Error(`${failed.length} cycles did not close: ${failed.map((o) => o.error).join('; ')}`);

      const workerCpuMs = (cpuAfter.worker - cpuBefore.worker) * 1000;
      const serverCpuMs = (cpuAfter.server - cpuBefore.server) * 1000;
      const perCycle = (n: number) => round(n / runs.length, 1);
      const metrics = {
        cycles: runs.length,
        wallSeconds: round(wallSeconds, 1),
        plannedCycleSeconds: round(plan.plannedWallMs / 1000, 1),
        loadAverage: { atStart: loadAtStart, atEnd: loadAtEnd },
        workflowTasks: counts.workflowTasks,
        workflowTasksByType: counts.workflowTasksByType,
        workflowTaskExecutionMsByType: counts.workflowTaskExecutionMsByType,
        activityTasks: counts.activityTasks,
        activityTasksByType: counts.activityTasksByType,
        perCycle: {
          workflowTasks: perCycle(counts.workflowTasks),
          activityTasks: perCycle(counts.activityTasks),
          workerCpuMs: perCycle(workerCpuMs),
          serverCpuMs: perCycle(serverCpuMs),
        },
        workerCpuMs: Math.round(workerCpuMs),
        serverCpuMs: Math.round(serverCpuMs),
        workerCpuMsPerWorkflowTask: round(workerCpuMs / counts.workflowTasks),
        serverCpuMsPerWorkflowTask: round(serverCpuMs / counts.workflowTasks),
        threadCpuSeconds,
        temporalArgs: process.env.ARSHJUL_TEMPORAL_ARGS ?? '',
        profiled: PROFILE_DIR !== undefined,
      };
      const load = loadAtEnd.map((l) => l.toFixed(2)).join(' ');
      return {
        summary: [
          `${runs.length} cycles in ${metrics.wallSeconds} s: ${counts.workflowTasks} workflow tasks (${metrics.perCycle.workflowTasks}/cycle), ${counts.activityTasks} activity tasks (${metrics.perCycle.activityTasks}/cycle)`,
          `CPU per workflow task: worker ${metrics.workerCpuMsPerWorkflowTask} ms, Temporal server ${metrics.serverCpuMsPerWorkflowTask} ms (load ${load})`,
          `mean workflow task execution ms by type: ${JSON.stringify(counts.workflowTaskExecutionMsByType)}`,
        ],
        metrics,
      };
    } finally {
      await deployment.stop(false);
    }
  },
};

export default bench;
