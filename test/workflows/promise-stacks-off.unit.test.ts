import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../services/config';

/**
 * A process started as the supervisor starts the worker: does the SDK's promise hook get installed in
 * the main thread and in a thread it starts (workflow threads inherit the preload)? The probe calls
 * the SDK's own install(), as its workflow threads do, and reports `promiseHookInstalled`.
 * (`--require`, not `--import`: Node 20 runs only `--require` again in threads.)
 */
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
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', ...preloads.flatMap((m) => ['--require', m]), '-e', PROBE],
    { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

describe('worker/promise-stacks-off: the SDK promise hook in the worker process', () => {
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

describe('workflowPromiseStacks: what the worker logs when it starts', () => {
  const state = (preloads: string[]) =>
    execFileSync(
      process.execPath,
      [
        ...preloads.flatMap((m) => ['--require', m]),
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { workflowPromiseStacks } from './worker/promise-stacks.ts'; console.log(workflowPromiseStacks());",
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    ).trim();

  it('says off with the preload and on without it', () => {
    expect(state(['./worker/promise-stacks-off.cjs'])).toBe('off');
    expect(state([])).toBe('on');
  });
});
