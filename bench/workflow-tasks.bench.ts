import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { PHASES } from '../domain/calendar/schema';
import { runAleScenario } from '../scenario/ale-scenario';
import { servicesUp } from '../services/index';
import { createWorkflowHarness } from '../test/support/workflow-env';
import { cycleWorkflowId, phaseWorkflowId, taskWorkflowId } from '../workflows/messages';
import type { Bench } from './types';
import { taskCauses } from './workflow-task-causes';

/**
 * Workflow tasks and activity tasks per Ale demo cycle: counts, not timings, so a shared machine does
 * not skew them. Runs the Ale acceptance scenario on the time-skipping server with the real worker and
 * Postgres, then reads the history of every workflow of the cycle (the cycle, its phases, every task)
 * and counts its events. BENCH_WORKFLOW_TASKS_LABEL names the run (e.g. "before" on the commit before a
 * change, "after" on it); each label's counts are kept beside the others in the results file.
 */
const LABEL = process.env.BENCH_WORKFLOW_TASKS_LABEL ?? 'current';
const RESULTS = path.resolve(import.meta.dirname, 'results/workflow-tasks.json');

/** The history event types counted (proto enum names without the EVENT_TYPE_ prefix). */
const COUNTED = {
  workflowTasksCompleted: 'WORKFLOW_TASK_COMPLETED',
  workflowTasksFailed: 'WORKFLOW_TASK_FAILED',
  workflowTasksTimedOut: 'WORKFLOW_TASK_TIMED_OUT',
  activityTasksScheduled: 'ACTIVITY_TASK_SCHEDULED',
  timersStarted: 'TIMER_STARTED',
  updatesAccepted: 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
  signalsReceived: 'WORKFLOW_EXECUTION_SIGNALED',
  childrenStarted: 'START_CHILD_WORKFLOW_EXECUTION_INITIATED',
} as const;
/** Markers by name: local activities' results, and patched() calls. */
const MARKERS = { localActivities: 'core_local_activity', patchMarkers: 'core_patch' } as const;
type Counts = Record<keyof typeof COUNTED | keyof typeof MARKERS | 'events', number>;
/** Workflow tasks by what made them (bench/workflow-task-causes.ts), per group of workflows. */
type Causes = Record<string, number>;

const bench: Bench = {
  name: 'workflow-tasks',
  description: 'workflow and activity tasks per Ale demo cycle, counted in the histories',
  async run({ log }) {
    await servicesUp(['postgres', 'temporal-test-server']);
    const h = await createWorkflowHarness('bench_workflow_tasks');
    try {
      await h.registerAle();
      await h.startWorker();
      const result = await runAleScenario({
        port: h.port('ale', 2027),
        onStep: (step, i, total) => log(`${i}/${total} ${step}`),
      });
      const phases = PHASES.filter((p) => p in result.taskIds);
      const taskIds = Object.values(result.taskIds).flat();
      const groups = {
        cycle: [cycleWorkflowId('ale', 2027)],
        phases: phases.map((p) => phaseWorkflowId('ale', 2027, p)),
        tasks: taskIds.map(taskWorkflowId),
      };
      const perGroup: Record<string, Counts> = {};
      const causesPerGroup: Record<string, Causes> = {};
      for (const [group, ids] of Object.entries(groups)) {
        const counted = await Promise.all(ids.map((id) => countHistory(h.env.client, id)));
        perGroup[group] = sum(counted.map((c) => c.counts));
        causesPerGroup[group] = sumCauses(counted.map((c) => c.causes));
      }
      const total = sum(Object.values(perGroup));
      const run = {
        label: LABEL,
        commit: gitCommit(),
        recordedAt: new Date().toISOString(),
        loadAverage: os.loadavg(),
        workflows: { cycle: 1, phases: groups.phases.length, tasks: groups.tasks.length },
        perCycle: total,
        perGroup,
        causesPerGroup,
      };
      const runs = { ...previousRuns(), [LABEL]: run };
      const summary = Object.values(runs).map(
        (r) =>
          `${r.label}: ${r.perCycle.workflowTasksCompleted} workflow tasks, ${r.perCycle.activityTasksScheduled} activity tasks, ${r.perCycle.localActivities} local activities per cycle (${r.workflows.tasks} tasks)`,
      );
      return { summary, metrics: { runs } };
    } finally {
      await h.teardown();
    }
  },
};
export default bench;

interface Run {
  label: string;
  workflows: { tasks: number };
  perCycle: Counts;
}

/** The runs of other labels in the results file, kept beside this one. */
function previousRuns(): Record<string, Run> {
  if (!existsSync(RESULTS)) return {};
  const stored = JSON.parse(readFileSync(RESULTS, 'utf8')) as { metrics?: { runs?: Record<string, Run> } };
  return stored.metrics?.runs ?? {};
}

/** Every run of a workflow id (continued-as-new runs included), its events counted by type. */
async function countHistory(client: Client, workflowId: string): Promise<{ counts: Counts; causes: Causes }> {
  const counts = zero();
  const causes: Causes = {};
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    counts.events += events.length;
    for (const task of taskCauses(events))
      causes[task.cause || '(none)'] = (causes[task.cause || '(none)'] ?? 0) + 1;
    for (const event of events) {
      const type = eventTypeName(event.eventType);
      for (const [key, name] of Object.entries(COUNTED)) if (type === name) counts[key as keyof Counts]++;
      const marker = event.markerRecordedEventAttributes?.markerName;
      for (const [key, name] of Object.entries(MARKERS)) if (marker === name) counts[key as keyof Counts]++;
    }
    const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!previous) return { counts, causes };
    runId = previous;
  }
}

function eventTypeName(type: unknown): string {
  // The enum comes as a number from protobufjs; its name from the generated enum table.
  return typeof type === 'number' ? (EVENT_TYPE_NAMES[type] ?? String(type)) : String(type);
}

const zero = (): Counts =>
  Object.fromEntries(
    [...Object.keys(COUNTED), ...Object.keys(MARKERS), 'events'].map((k) => [k, 0]),
  ) as Counts;

function sum(all: Counts[]): Counts {
  const total = zero();
  for (const c of all) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  return total;
}

function sumCauses(all: Causes[]): Causes {
  const total: Causes = {};
  for (const c of all) for (const [cause, n] of Object.entries(c)) total[cause] = (total[cause] ?? 0) + n;
  return total;
}

function gitCommit(): string {
  return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
}

const EVENT_TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(proto.temporal.api.enums.v1.EventType).map(([name, value]) => [
    value as number,
    name.replace(/^EVENT_TYPE_/, ''),
  ]),
);
