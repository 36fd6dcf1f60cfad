/**
 * Workflow and activity task counts from Temporal core's Prometheus metrics (the worker's /metrics
 * appends them): the execution latency histograms count one sample per completed task.
 */
export interface TaskCounts {
  workflowTasks: number;
  workflowTasksByType: Record<string, number>;
  /** Mean execution ms per workflow task, by workflow type. */
  workflowTaskExecutionMsByType: Record<string, number>;
  activityTasks: number;
  activityTasksByType: Record<string, number>;
  /** Sum of workflow task execution seconds by type (to take means over a difference). */
  workflowTaskSecondsByType: Record<string, number>;
}

const SAMPLE = /^([a-z_]+)\{([^}]*)\}\s+([0-9.eE+-]+)$/;

/** Sums a metric's samples by one label's value. */
function sumBy(text: string, metric: string, label: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line.trim());
    if (!m || m[1] !== metric) continue;
    const key = new RegExp(`${label}="([^"]*)"`).exec(m[2] ?? '')?.[1] ?? '';
    sums[key] = (sums[key] ?? 0) + Number(m[3]);
  }
  return sums;
}

const total = (byType: Record<string, number>) => Object.values(byType).reduce((a, b) => a + b, 0);

export function taskCounts(metricsText: string): TaskCounts {
  const workflowTasksByType = sumBy(
    metricsText,
    'temporal_workflow_task_execution_latency_seconds_count',
    'workflow_type',
  );
  const workflowTaskSecondsByType = sumBy(
    metricsText,
    'temporal_workflow_task_execution_latency_seconds_sum',
    'workflow_type',
  );
  const activityTasksByType = {
    ...sumBy(metricsText, 'temporal_activity_execution_latency_seconds_count', 'activity_type'),
    ...Object.fromEntries(
      Object.entries(
        sumBy(metricsText, 'temporal_local_activity_execution_latency_seconds_count', 'activity_type'),
      ).map(([type, n]) => [`local:${type}`, n]),
    ),
  };
  return countsOf(workflowTasksByType, workflowTaskSecondsByType, activityTasksByType);
}

function means(counts: Record<string, number>, seconds: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([type, n]) => [type, Math.round(((seconds[type] ?? 0) / n) * 1000 * 10) / 10]),
  );
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([key, n]) => [key, n - (before[key] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

/** What happened between two scrapes of the same worker. */
export function taskCountsSince(before: TaskCounts, after: TaskCounts): TaskCounts {
  const workflowTasksByType = difference(after.workflowTasksByType, before.workflowTasksByType);
  const workflowTaskSecondsByType = difference(
    after.workflowTaskSecondsByType,
    before.workflowTaskSecondsByType,
  );
  const activityTasksByType = difference(after.activityTasksByType, before.activityTasksByType);
  return countsOf(workflowTasksByType, workflowTaskSecondsByType, activityTasksByType);
}

/** The counts with their totals and mean execution times, from the per-type figures. */
function countsOf(
  workflowTasksByType: Record<string, number>,
  workflowTaskSecondsByType: Record<string, number>,
  activityTasksByType: Record<string, number>,
): TaskCounts {
  return {
    workflowTasks: total(workflowTasksByType),
    workflowTasksByType,
    workflowTaskSecondsByType,
    workflowTaskExecutionMsByType: means(workflowTasksByType, workflowTaskSecondsByType),
    activityTasks: total(activityTasksByType),
    activityTasksByType,
  };
}
