/**
 * Preloaded with `--require` into a process that runs workflows. Node runs `--require` (not `--import`)
 * again in every thread the process starts, so this runs in each workflow thread before the Temporal
 * SDK's thread script. It stops the SDK from installing its promise hook, which for every promise
 * workflow code creates builds an Error, maps its stack through the bundle's source map and stores it:
 * only the `__stack_trace` query (the Temporal UI's "Stack Trace" tab) reads them, and SDK 1.24 has no
 * option to turn it off (temporalio/sdk-typescript#1587). Replaying recorded histories took a cycle's
 * 420 → 250 ms of CPU and a task's 45 → 24 ms; a worker killed with -9 replays every live workflow.
 *
 * Errors raised in workflows keep their source-mapped stacks (the SDK's other global handler, left as
 * it is). ARSHJUL_WORKFLOW_STACK_TRACES=1 keeps the hook, for a session of debugging. Plain CommonJS:
 * a thread's `--require` runs before any TypeScript loader.
 */
'use strict';

if (process.env.ARSHJUL_WORKFLOW_STACK_TRACES !== '1') {
  const { globalHandlers } = require('@temporalio/worker/lib/workflow/vm-shared.js');
  // A new SDK that moved this must fail loudly, not quietly keep the cost.
  if (typeof globalHandlers?.setPromiseHook !== 'function')
    throw new Error('@temporalio/worker: globalHandlers.setPromiseHook not found (SDK changed?)');
  globalHandlers.setPromiseHook = () => {};
}
