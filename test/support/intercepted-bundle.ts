import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { PRELOADED_MODULES, workflowsPath } from '../../worker/create-worker';

/**
 * The workflows bundled as the worker bundles them, with one test interceptor module of test/support
 * (e.g. 'fail-after-approval.ts': a workflow task that dies after a given append).
 */
export function interceptedWorkflowBundle(supportModule: string): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    preloadModules: PRELOADED_MODULES,
    workflowInterceptorModules: [fileURLToPath(new URL(`./${supportModule}`, import.meta.url))],
  });
}
