/**
 * Preloaded with `--require` into a process that runs workflows (like promise-stacks-off.cjs, it runs
 * again in every workflow thread). It keeps the SDK's deadlock detection and makes it cheaper.
 *
 * The SDK bounds each call into a workflow's sandbox with `vm`'s `timeout` option
 * (`isolateExecutionTimeout`, 5 s). For every such call Node starts a watchdog thread with its own
 * event loop and joins it afterwards, about 60-150 µs of CPU, and an activation makes 3-8 calls
 * (activate, each round of unblocking conditions, conclude): replaying a recorded cycle made 298 of
 * them, 25% of the replay's CPU. Here one timed call wraps an activation's synchronous part (all of
 * its calls into the sandbox) and the calls inside it run untimed. A workflow that does not yield is
 * stopped as before: after 5 s Node terminates the isolate's execution, the termination unwinds to
 * the outer call, which turns it into the same "Script execution timed out" error, and the
 * activation fails with it (the SDK's own failure completion; Temporal retries the workflow task).
 * The bound is now on the whole activation rather than on each call: stricter, never looser.
 *
 * Calls outside an activation (creating, disposing a workflow) keep their own timeout.
 * ARSHJUL_WORKFLOW_WATCHDOG=per-call keeps the SDK's behaviour. Plain CommonJS: a thread's
 * `--require` runs before any TypeScript loader.
 */
'use strict';

if (process.env.ARSHJUL_WORKFLOW_WATCHDOG !== 'per-call') {
  const vm = require('node:vm');
  const { BaseVMWorkflow } = require('@temporalio/worker/lib/workflow/vm-shared.js');
  const { ReusableVMWorkflowCreator } = require('@temporalio/worker/lib/workflow/reusable-vm.js');
  const { VMWorkflowCreator } = require('@temporalio/worker/lib/workflow/vm.js');
  const creators = [ReusableVMWorkflowCreator, VMWorkflowCreator];
  // A new SDK that moved these must fail loudly, not quietly run without a bound.
  if (
    typeof BaseVMWorkflow?.prototype?.activate !== 'function' ||
    creators.some((creator) => typeof creator?.prototype?.createWorkflow !== 'function')
  )
    throw new Error('@temporalio/worker: activate or createWorkflow not found (SDK changed?)');

  /** The SDK's default isolateExecutionTimeout, for a workflow its creator did not stamp. */
  const DEFAULT_TIMEOUT_MS = 5_000;
  /** Each workflow's bound: its creator's isolateExecutionTimeoutMs (the worker's option). */
  const boundOf = new WeakMap();
  for (const creator of creators) {
    const createWorkflow = creator.prototype.createWorkflow;
    creator.prototype.createWorkflow = async function createBoundWorkflow(options) {
      const workflow = await createWorkflow.call(this, options);
      boundOf.set(workflow, this.isolateExecutionTimeoutMs);
      return workflow;
    };
  }

  /** True while an activation's synchronous part runs under the outer timed call. */
  let insideActivation = false;

  const runInContext = vm.Script.prototype.runInContext;
  vm.Script.prototype.runInContext = function runInContextUnderOneWatchdog(context, options) {
    if (insideActivation && options?.timeout !== undefined) {
      const { timeout: _perCall, ...untimed } = options;
      return runInContext.call(this, context, untimed);
    }
    return runInContext.call(this, context, options);
  };

  // A bare context whose only job is to be the one timed call around an activation.
  const guardContext = vm.createContext({});
  const guardScript = new vm.Script('runActivation()');

  const activate = BaseVMWorkflow.prototype.activate;
  BaseVMWorkflow.prototype.activate = function activateUnderOneWatchdog(activation) {
    let completion;
    guardContext.runActivation = () => {
      // Runs up to the SDK's first await (after concludeActivation): every call into the sandbox.
      completion = activate.call(this, activation);
    };
    insideActivation = true;
    try {
      // The original method: the wrapper above would take this call's timeout away too.
      runInContext.call(guardScript, guardContext, {
        timeout: boundOf.get(this) ?? DEFAULT_TIMEOUT_MS,
        displayErrors: false,
      });
    } catch (error) {
      // Terminated midway (the SDK's own catch never ran): fail the activation as the SDK does.
      return Promise.resolve({
        runId: this.activator.info.runId,
        failed: { failure: this.activator.errorToFailure(error) },
      });
    } finally {
      insideActivation = false;
      guardContext.runActivation = undefined;
    }
    return completion;
  };
}
