import { describe, expect, it } from 'vitest';
import { lastLineOfPreloaded } from '../support/preloaded-node';

/**
 * A process started as the supervisor starts the worker: does the SDK's promise hook get installed in
 * the main thread and in a thread it starts (workflow threads inherit the preload)? The probe calls
 * the SDK's own install(), as its workflow threads do, and reports `promiseHookInstalled`.
 * (`--require`, not `--import`: Node 20 runs only `--require` again in threads.)
 */
// Each test starts Node processes with tsx (2-3 s apiece on a loaded 2-core machine).
const CHILD_PROCESS_TIMEOUT_MS = 30_000;

const PROBE = `
const { Worker } = require('node:worker_threads');
const installed = () => {
  const { globalHandlers } = require('@temporalio/worker/lib/workflow/vm-shared.js');
  globalHandlers.install();
  return globalHandlers.promiseHookInstalled;
};
const main = installed();
const inThread = "const { parentPort } = require('node:worker_threads'); parentPort.postMessage((" + installed + ")());";
new Worker(inThread, { eval: true }).once('message', (t) => console.log(JSON.stringify({ main, thread: t })));
`;

function probe(preloads: string[], env: NodeJS.ProcessEnv = {}): { main: boolean; thread: boolean } {
  return JSON.parse(lastLineOfPreloaded(preloads, PROBE, { env }) || '{}');
}

describe('worker/promise-stacks-off: the SDK promise hook in the worker process', {
  timeout: CHILD_PROCESS_TIMEOUT_MS,
}, () => {
  it('is installed without the module (the SDK default)', () => {
    expect(probe([])).toEqual({ main: true, thread: true });
  });

  it('is not installed with it, in the main thread and in threads started after', () => {
    expect(probe(['./worker/promise-stacks-off.cjs'])).toEqual({ main: false, thread: false });
  });

  it('stays on with ARSHJUL_WORKFLOW_STACK_TRACES=1', () => {
    expect(probe(['./worker/promise-stacks-off.cjs'], { ARSHJUL_WORKFLOW_STACK_TRACES: '1' })).toEqual({
      main: true,
      thread: true,
    });
  });
});

describe('workflowPromiseStacks: what the worker logs when it starts', {
  timeout: CHILD_PROCESS_TIMEOUT_MS,
}, () => {
  const state = (preloads: string[]) =>
    lastLineOfPreloaded(
      preloads,
      "import { workflowPromiseStacks } from './worker/promise-stacks.ts'; console.log(workflowPromiseStacks());",
      { module: true },
    );

  it('says off with the preload and on without it', () => {
    expect(state(['./worker/promise-stacks-off.cjs'])).toBe('off');
    expect(state([])).toBe('on');
  });
});
