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
import { TASK_QUEUE } from '../workflows/messages';
import { cachedWorkflowBundle } from './bundle-cache';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow code bundled once per source version (webpack takes seconds), shared by every worker. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= cachedWorkflowBundle(() => bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger }));
  return bundle;
}

export interface ArshjulWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  store: EventStore;
  notifier: Notifier;
  /** Tuning for special cases, e.g. `maxCachedWorkflows: 0` to rebuild every workflow from history. */
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows'>;
}

/** A worker that runs arshjul's workflows and activities. */
export async function createArshjulWorker(options: ArshjulWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ store: options.store, notifier: options.notifier }),
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
