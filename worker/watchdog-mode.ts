import vm from 'node:vm';

/**
 * How this process bounds workflow code that does not yield: one watchdog per activation (started
 * with `--require ./worker/activation-watchdog.cjs`) or the SDK's one per call into the sandbox. The
 * worker says so when it starts, so a worker started without the preload is seen, not just slower.
 */
export function workflowWatchdog(): 'per-activation' | 'per-call' {
  return vm.Script.prototype.runInContext.name === 'runInContextUnderOneWatchdog'
    ? 'per-activation'
    : 'per-call';
}
