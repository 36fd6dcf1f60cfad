/**
 * What the worker's workflow cache did during a soak, read from Temporal core's metrics on the worker's
 * /metrics every few seconds. A kill -9 takes a process's counters with it, so each worker process's
 * last reading counts; what it did between that reading and its death is not counted.
 */
import { sumOfSeries } from '../ops/prometheus-text';

export interface WorkflowCacheStats {
  /** Workflow tasks the worker completed. */
  workflowTasks: number;
  /** Tasks taken from the worker's own (sticky) queue, for workflows it had in memory. */
  cacheHits: number;
  /**
   * Tasks that came with the workflow's whole history from the shared queue: a new workflow's first
   * task, and the next task of a workflow whose worker died or that waited on the sticky queue past
   * its timeout. Core counts neither kind as a miss.
   */
  wholeHistoryTasks: number;
  /** Tasks from the sticky queue for a workflow no longer in memory (core's sticky_cache_miss). */
  cacheMisses: number;
  /** Workflows put out of a full cache. */
  forcedEvictions: number;
  /** Worker processes read (each start is a new one). */
  processes: number;
}

type Counted = Exclude<keyof WorkflowCacheStats, 'processes' | 'wholeHistoryTasks'>;

const SERIES: Record<Counted, string> = {
  workflowTasks: 'temporal_workflow_task_execution_latency_seconds_count',
  cacheHits: 'temporal_sticky_cache_hit_total',
  cacheMisses: 'temporal_sticky_cache_miss_total',
  forcedEvictions: 'temporal_sticky_cache_total_forced_eviction_total',
};

/** One reading of a worker's /metrics text. */
export function cacheReading(metrics: string): Record<Counted, number> {
  const reading = {} as Record<Counted, number>;
  for (const [key, series] of Object.entries(SERIES)) reading[key as Counted] = sumOfSeries(metrics, series);
  return reading;
}

/** The sum over worker processes of each one's last reading. */
export function cacheStats(lastReadings: Iterable<Record<Counted, number>>): WorkflowCacheStats {
  const stats: WorkflowCacheStats = {
    workflowTasks: 0,
    cacheHits: 0,
    wholeHistoryTasks: 0,
    cacheMisses: 0,
    forcedEvictions: 0,
    processes: 0,
  };
  for (const reading of lastReadings) {
    stats.processes++;
    for (const key of Object.keys(SERIES) as Counted[]) stats[key] += reading[key];
  }
  stats.wholeHistoryTasks = stats.workflowTasks - stats.cacheHits;
  return stats;
}

export interface WorkerToWatch {
  /** The worker process now running (undefined while it is down). */
  pid: () => number | undefined;
  metricsUrl: string;
}

/** Reads the worker's metrics every `everyMs` until stopped; stop() reads once more and sums. */
export function watchWorkflowCache(worker: WorkerToWatch, everyMs = 5_000) {
  const last = new Map<number, Record<Counted, number>>();
  const read = async () => {
    const pid = worker.pid();
    if (pid === undefined) return;
    try {
      const res = await fetch(worker.metricsUrl, { signal: AbortSignal.timeout(3_000) });
      // The port may already answer for the next process: keep the reading only if the pid is the same.
      if (res.ok && worker.pid() === pid) last.set(pid, cacheReading(await res.text()));
    } catch {
      // Down or busy: the next reading counts.
    }
  };
  let reading = read();
  const timer = setInterval(() => {
    reading = reading.then(read);
  }, everyMs);
  // Like the CPU account's sampler: a run that throws before stop() must not be kept alive by it.
  timer.unref();
  return {
    async stop(): Promise<WorkflowCacheStats> {
      clearInterval(timer);
      await reading;
      await read();
      return cacheStats(last.values());
    },
  };
}
