import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_PROCESS_PRELOADS } from '../../ops/supervisor';
import { repoRoot } from '../../services/config';
import { lastLineOfPreloaded } from '../support/preloaded-node';

interface PackageJson {
  scripts: { demo: string };
}

/**
 * A process started as the supervisor starts the worker: which `vm` method runs calls into workflow
 * sandboxes in the main thread and in a thread it starts (workflow threads inherit `--require`)?
 * What the watchdog does to a workflow that never yields: activation-watchdog.int.test.ts.
 */
// Each test starts Node processes with tsx (2-3 s apiece on a loaded 2-core machine).
const CHILD_PROCESS_TIMEOUT_MS = 30_000;

const PROBE = `
const { Worker } = require('node:worker_threads');
const mode = () => require('node:vm').Script.prototype.runInContext.name;
const inThread = "const { parentPort } = require('node:worker_threads'); parentPort.postMessage((" + mode + ")());";
new Worker(inThread, { eval: true }).once('message', (t) => console.log(JSON.stringify({ main: mode(), thread: t })));
`;

function probe(preloads: readonly string[], env: NodeJS.ProcessEnv = {}): { main: string; thread: string } {
  return JSON.parse(lastLineOfPreloaded(preloads, PROBE, { env }) || '{}');
}

function modeLogged(preloads: readonly string[]): string {
  return lastLineOfPreloaded(
    preloads,
    "import { workflowWatchdog } from './worker/watchdog-mode.ts'; console.log(workflowWatchdog());",
    { module: true },
  );
}

describe('worker/activation-watchdog: one deadlock watchdog per activation in the worker process', {
  timeout: CHILD_PROCESS_TIMEOUT_MS,
}, () => {
  it("is in the supervisor's preloads for the worker, and the demo's process loads the same", () => {
    expect(WORKFLOW_PROCESS_PRELOADS).toContain('./worker/activation-watchdog.cjs');
    // `npm run demo` runs workflows in its own process, so it must load the same preloads.
    const demo = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as PackageJson)
      .scripts.demo;
    expect([...demo.matchAll(/--require (\S+)/g)].map((m) => m[1])).toEqual(WORKFLOW_PROCESS_PRELOADS);
  });

  it('replaces the vm method in the main thread and in threads started after', () => {
    expect(probe(WORKFLOW_PROCESS_PRELOADS)).toEqual({
      main: 'runInContextUnderOneWatchdog',
      thread: 'runInContextUnderOneWatchdog',
    });
  });

  it("keeps Node's own without the preload, and with ARSHJUL_WORKFLOW_WATCHDOG=per-call", () => {
    expect(probe([])).toEqual({ main: 'runInContext', thread: 'runInContext' });
    expect(probe(WORKFLOW_PROCESS_PRELOADS, { ARSHJUL_WORKFLOW_WATCHDOG: 'per-call' })).toEqual({
      main: 'runInContext',
      thread: 'runInContext',
    });
  });

  it('is what the worker logs when it starts', () => {
    expect(modeLogged(WORKFLOW_PROCESS_PRELOADS)).toBe('per-activation');
    expect(modeLogged([])).toBe('per-call');
  });
});
