import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  type NativeConnection,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities } from '../activities/index';
import type { Notifier } from '../activities/notifier';
import type { EventStore } from '../eventstore/index';
import { tracingWorkerOptions, workflowTracingModules } from '../ops/temporal-tracing';
import type { Tracing } from '../ops/tracing';
import { TASK_QUEUE } from '../workflows/messages';
import { cachedWorkflowBundle } from './bundle-cache';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Libraries evaluated once per workflow thread instead of once per new workflow: each workflow gets its
 * own copy of every other module of the bundle (workflows/shared-libraries.ts). zod and luxon hold no state of a workflow (luxon's
 * caches of time zones and Intl formats only speed up the same pure results), so the workflows of a
 * thread may share them. The SDK freezes what a shared module exports; domain/ stays per workflow, as
 * zod rewrites parts of a schema when it first parses with it, which a frozen schema refuses.
 */
export const PRELOADED_MODULES = [
  fileURLToPath(new URL('../workflows/shared-libraries.ts', import.meta.url)),
];

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();
/**
 * The workflow code bundled once per source version (webpack takes seconds), shared by every worker.
 * `traced` adds the OpenTelemetry workflow interceptors; without tracing they stay out of the bundle.
 */
export function workflowBundle(options: { traced?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  const variant = options.traced ? 'traced' : '';
  let bundle = bundles.get(variant);
  if (!bundle) {
    bundle = cachedWorkflowBundle(
      () =>
        bundleWorkflowCode({
          workflowsPath,
          logger: quietBundlerLogger,
          workflowInterceptorModules: options.traced ? [...workflowTracingModules] : [],
          preloadModules: PRELOADED_MODULES,
        }),
      variant,
    );
    bundles.set(variant, bundle);
  }
  return bundle;
}

export interface ArshjulWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  store: EventStore;
  notifier: Notifier;
  /** Tuning over WORKFLOW_TASK_TUNING, e.g. `maxCachedWorkflows: 0` to rebuild every workflow from history. */
  tuning?: Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'workflowThreadPoolSize'
    | 'workflowTaskPollerBehavior'
    | 'activityTaskPollerBehavior'
    | 'nonStickyToStickyPollRatio'
    | 'stickyQueueScheduleToStartTimeout'
    | 'reuseV8Context'
  >;
  /** The process's tracing (ops/tracing.ts): workflows and activities continue the caller's trace. */
  tracing?: Tracing;
}

/**
 * How many workflow tasks the worker takes at once. Temporal's default (40) on one workflow thread
 * let a busy 2-core machine hold 40 tasks queued inside the worker: each took over 10 s (the workflow
 * task timeout), the server timed them out, the worker evicted those workflows and replayed them from
 * history, which made the next tasks slower still (the 40-municipality soak: 144 evictions in 2 min).
 * Fewer at once, on two threads, leaves the backlog in Temporal's queue, where waiting costs nothing.
 * Half of the pollers on the normal queue (default a fifth: one of eight): tasks of workflows just
 * started or no longer cached wait there, and one poller drained it at 0.4 tasks/s (backlog 230+).
 */
/**
 * Room for every workflow alive at once (cycle, phases, tasks: about 18 per municipality at the peak,
 * 290 municipalities). A full cache evicts its least recently used workflow even while that workflow's
 * local activities run (workflows/local-steps.ts); SDK core 1.24 then loses their results and the
 * workflow waits for the 10 s workflow-task timeout. Measured on the dev server with the soak's 10
 * municipalities: a cache of 3 lost them at once and cycles did not close, one of 40 forced
 * 732 evictions and lost 22. The SDK's default follows the heap (2,310 with a 4 GB heap): too few.
 */
export const MAX_CACHED_WORKFLOWS = 6_000;
export const WORKFLOW_TASK_TUNING = {
  maxCachedWorkflows: MAX_CACHED_WORKFLOWS,
  maxConcurrentWorkflowTaskExecutions: 8,
  workflowThreadPoolSize: 2,
  nonStickyToStickyPollRatio: 1,
} as const satisfies Partial<WorkerOptions>;

/** A worker that runs arshjul's workflows and activities. */
export async function createArshjulWorker(options: ArshjulWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle: await workflowBundle({ traced: options.tracing !== undefined }),
    activities: createActivities({ store: options.store, notifier: options.notifier }),
    ...(options.tracing ? tracingWorkerOptions(options.tracing) : {}),
    ...WORKFLOW_TASK_TUNING,
    ...options.tuning,
  });
}

const quietBundlerLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
  log: () => {},
};
