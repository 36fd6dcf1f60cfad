import { describe, expect, it } from 'vitest';
import { cacheReading, cacheStats } from '../../soak/workflow-cache-watch';

/** What a worker's /metrics carries from Temporal core (labels as core 1.24 writes them). */
const METRICS = `# TYPE temporal_sticky_cache_hit_total counter
temporal_sticky_cache_hit_total{namespace="default",task_queue="q",workflow_type="annualCycleWorkflow"} 29
temporal_sticky_cache_hit_total{namespace="default",task_queue="q",workflow_type="humanTaskWorkflow"} 17
temporal_sticky_cache_miss_total{namespace="default",task_queue="q"} 57
temporal_sticky_cache_size{namespace="default",task_queue="q"} 3
temporal_sticky_cache_total_forced_eviction_total{namespace="default",task_queue="q"} 62
temporal_workflow_task_execution_latency_seconds_count{workflow_type="annualCycleWorkflow"} 31
temporal_workflow_task_execution_latency_seconds_count{workflow_type="humanTaskWorkflow"} 80
temporal_workflow_task_execution_latency_seconds_sum{workflow_type="humanTaskWorkflow"} 4.07
`;

describe("the worker's workflow cache in the soak", () => {
  it('reads completed tasks, hits, misses and evictions over every label', () => {
    expect(cacheReading(METRICS)).toEqual({
      workflowTasks: 111,
      cacheHits: 46,
      cacheMisses: 57,
      forcedEvictions: 62,
    });
  });

  it('counts a series the worker has not written yet as 0 (a fresh worker has no misses)', () => {
    expect(cacheReading('temporal_sticky_cache_hit_total{workflow_type="phaseWorkflow"} 4\n')).toEqual({
      workflowTasks: 0,
      cacheHits: 4,
      cacheMisses: 0,
      forcedEvictions: 0,
    });
  });

  it("adds up each worker process's last reading (a killed worker's counters die with it); the tasks not from the sticky queue came with their whole history", () => {
    const first = cacheReading(METRICS);
    const restarted = { workflowTasks: 10, cacheHits: 2, cacheMisses: 8, forcedEvictions: 0 };
    expect(cacheStats([first, restarted])).toEqual({
      workflowTasks: 121,
      cacheHits: 48,
      wholeHistoryTasks: 73,
      cacheMisses: 65,
      forcedEvictions: 62,
      processes: 2,
    });
  });
});
