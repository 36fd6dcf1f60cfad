import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities } from '../../activities/index';
import type { ArshjulActivities } from '../../activities/types';
import { serviceUrls } from '../../services/config';
import { PRELOADED_MODULES, workflowsPath } from '../../worker/create-worker';
import type { DevServerHarness } from './dev-server-env';
import type { WorkflowHarness } from './workflow-env';

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

/** A suite's worker on the time-skipping server: one interceptor module, the real activities. */
export function runInterceptedTestServerWorker(
  h: WorkflowHarness,
  supportModule: string,
): Promise<RunningWorker> {
  return runInterceptedWorker({
    connection: h.env.nativeConnection,
    taskQueue: h.taskQueue,
    supportModule,
    activities: createActivities({ store: h.store, notifier: h.notifier }),
  });
}

/** The same on the dev server, over a connection of its own that closes when the worker stops. */
export async function runInterceptedDevServerWorker(
  h: DevServerHarness,
  supportModule: string,
): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: serviceUrls.temporalAddress });
  const worker = await runInterceptedWorker({
    connection,
    namespace: h.client.options.namespace,
    taskQueue: h.taskQueue,
    supportModule,
    activities: createActivities({ store: h.store, notifier: h.notifier }),
  });
  return {
    async stop() {
      await worker.stop();
      await connection.close();
    },
  };
}
