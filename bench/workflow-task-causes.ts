/**
 * Why each workflow task of a recorded history ran: the events the server wrote between the previous
 * workflow task's completion and this task's scheduling (a timer fired, a child started or completed,
 * a signal), or, when none, the update accepted in it. Counts per cause and per workflow type, and
 * what the tasks recorded (local activities, patch markers, timers, children started).
 *   node --import tsx bench/workflow-task-causes.ts test/histories/<generation> [more folders]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';

const { temporal } = proto;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

const NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(temporal.api.enums.v1.EventType).map(([name, value]) => [
    value as number,
    name.replace(/^EVENT_TYPE_/, ''),
  ]),
);
const typeOf = (e: HistoryEvent) => NAMES[e.eventType as number] ?? String(e.eventType);

/** Server-side events that schedule a workflow task, by the cause we report. */
const CAUSES: Record<string, string> = {
  WORKFLOW_EXECUTION_STARTED: 'start',
  TIMER_FIRED: 'timer',
  CHILD_WORKFLOW_EXECUTION_STARTED: 'child started',
  CHILD_WORKFLOW_EXECUTION_COMPLETED: 'child completed',
  CHILD_WORKFLOW_EXECUTION_FAILED: 'child failed',
  WORKFLOW_EXECUTION_SIGNALED: 'signal',
  ACTIVITY_TASK_COMPLETED: 'activity completed',
  ACTIVITY_TASK_FAILED: 'activity failed',
  EXTERNAL_WORKFLOW_EXECUTION_SIGNALED: 'external signal delivered',
  WORKFLOW_TASK_FAILED: 'retry after failure',
  WORKFLOW_TASK_TIMED_OUT: 'retry after timeout',
};

export interface TaskCause {
  /** e.g. "timer", "update", "child started+signal" */
  cause: string;
  /** What the task recorded: local activities, timers started, patch markers, children started, search attributes. */
  recorded: Record<string, number>;
}

/** One entry per completed workflow task of a history. */
export function taskCauses(events: HistoryEvent[]): TaskCause[] {
  const tasks: TaskCause[] = [];
  let pending: string[] = [];
  let current: TaskCause | undefined;
  const timerMs = new Map<number, number>();
  for (const e of events) {
    const type = typeOf(e);
    const timer = e.timerStartedEventAttributes;
    if (timer) {
      const d = timer.startToFireTimeout;
      timerMs.set(Number(e.eventId), Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6));
    }
    if (type === 'TIMER_FIRED') {
      // The local-steps-bounded timer (1 ms) apart from the workflow's own timers.
      const ms = timerMs.get(Number(e.timerFiredEventAttributes?.startedEventId));
      pending.push(ms !== undefined && ms <= 1 ? 'timer 1ms' : 'timer');
      continue;
    }
    if (type === 'WORKFLOW_TASK_SCHEDULED') continue;
    if (type === 'WORKFLOW_TASK_STARTED') {
      current = { cause: '', recorded: {} };
      continue;
    }
    if (type === 'WORKFLOW_TASK_COMPLETED' && current) {
      current.cause = [...new Set(pending)].sort().join('+');
      tasks.push(current);
      pending = [];
      continue;
    }
    if (type === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED') {
      // Accepted in the task that just completed: that task ran for it (or also for it).
      const last = tasks.at(-1);
      if (last) last.cause = last.cause ? `${last.cause}+update` : 'update';
      if (last) last.recorded.updates = (last.recorded.updates ?? 0) + 1;
      continue;
    }
    const cause = CAUSES[type];
    if (cause) {
      pending.push(cause);
      continue;
    }
    const last = tasks.at(-1);
    if (!last) continue;
    const marker = e.markerRecordedEventAttributes?.markerName;
    const key =
      marker === 'core_local_activity'
        ? 'local activities'
        : marker === 'core_patch'
          ? 'patch markers'
          : type === 'TIMER_STARTED'
            ? 'timers'
            : type === 'START_CHILD_WORKFLOW_EXECUTION_INITIATED'
              ? 'children'
              : type === 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES'
                ? 'search attributes'
                : type === 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED'
                  ? 'signals sent'
                  : type === 'ACTIVITY_TASK_SCHEDULED'
                    ? 'activities'
                    : type === 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW'
                      ? 'continue-as-new'
                      : undefined;
    if (key) last.recorded[key] = (last.recorded[key] ?? 0) + 1;
  }
  return tasks;
}

function historyFiles(folders: string[]): string[] {
  return folders.flatMap((f) =>
    statSync(f).isDirectory()
      ? readdirSync(f)
          .filter((n) => n.endsWith('.binpb'))
          .map((n) => path.join(f, n))
      : [f],
  );
}

const kindOf = (file: string) => path.basename(file).split('-')[0] ?? 'other';

if (import.meta.url === `file://${process.argv[1]}`) {
  const byKind: Record<string, { tasks: number; workflows: number; causes: Record<string, number> }> = {};
  const recordedByKind: Record<string, Record<string, number>> = {};
  for (const file of historyFiles(process.argv.slice(2))) {
    const history = temporal.api.history.v1.History.decode(readFileSync(file));
    const tasks = taskCauses(history.events ?? []);
    const kind = kindOf(file);
    const k = byKind[kind] ?? { tasks: 0, workflows: 0, causes: {} };
    byKind[kind] = k;
    k.workflows++;
    k.tasks += tasks.length;
    const r = recordedByKind[kind] ?? {};
    recordedByKind[kind] = r;
    for (const t of tasks) {
      k.causes[t.cause || '(none)'] = (k.causes[t.cause || '(none)'] ?? 0) + 1;
      for (const [key, n] of Object.entries(t.recorded)) r[key] = (r[key] ?? 0) + n;
    }
    if (process.env.VERBOSE)
      console.log(
        path.basename(file),
        tasks.map(
          (t) => `${t.cause}${Object.keys(t.recorded).length ? ` ${JSON.stringify(t.recorded)}` : ''}`,
        ),
      );
  }
  console.log(JSON.stringify({ byKind, recordedByKind }, null, 1));
}
