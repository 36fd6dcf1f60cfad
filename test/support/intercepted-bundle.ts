import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  type NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { ArshjulActivities } from '../../activities/types';
import { PRELOADED_MODULES, workflowsPath } from '../../worker/create-worker';

/**
 * The workflows bundled as the worker bundles them, with one test interceptor module of test/support
 * (e.g. 'fail-after-approval.ts': a workflow task that dies after a given append).
 */
function interceptedWorkflowBundle(supportModule: string): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    preloadModules: PRELOADED_MODULES,
    workflowInterceptorModules: [fileURLToPath(new URL(`./${supportModule}`, import.meta.url))],
  });
}

export interface RunningWorker {
  /** Shuts the worker down and waits until it has stopped. */
  stop(): Promise<void>;
}

/** A worker running the workflows with one test interceptor module (interceptedWorkflowBundle). */
export async function runInterceptedWorker(options: {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  supportModule: string;
  activities: ArshjulActivities;
}): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: options.connection,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    taskQueue: options.taskQueue,
    workflowBundle: await interceptedWorkflowBundle(options.supportModule),
    activities: options.activities,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}
