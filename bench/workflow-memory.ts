import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundle } from '../worker/create-worker';

/**
 * Heap per workflow held in a worker's cache, as far as the bundle's modules make it: K workflows
 * created in one reused V8 context (the SDK's ReusableVMWorkflowCreator, as a workflow thread does),
 * each evaluating the bundle's modules, none activated. Heap used after a full GC, before and after;
 * CPU (`process.cpuUsage()`) of the K creations, i.e. of evaluating the bundle's modules per workflow.
 *
 *   node --expose-gc --import tsx bench/workflow-memory.ts [--bundle file.json] [--count 500]
 */
const require = createRequire(import.meta.url);
const { parseWorkflowCode } = require('@temporalio/worker/lib/worker.js') as {
  parseWorkflowCode(code: string): WorkflowBundleWithSourceMap;
};
const { ReusableVMWorkflowCreator } = require('@temporalio/worker/lib/workflow/reusable-vm.js') as {
  ReusableVMWorkflowCreator: {
    create(
      bundle: WorkflowBundleWithSourceMap,
      timeoutMs: number,
      activities: Set<string>,
    ): Promise<{
      createWorkflow(options: unknown): Promise<unknown>;
    }>;
  };
};

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const bundleFile = option('bundle');
const count = Number(option('count') ?? 500);
const bundle: WorkflowBundleWithSourceMap = bundleFile
  ? (JSON.parse(readFileSync(bundleFile, 'utf8')) as WorkflowBundleWithSourceMap)
  : await workflowBundle();
// As the Worker loads a bundle (its source map taken out of the code).
const creator = await ReusableVMWorkflowCreator.create(parseWorkflowCode(bundle.code), 60_000, new Set());

function info(i: number) {
  return {
    workflowType: 'phaseWorkflow',
    workflowId: `memory-${i}`,
    runId: `run-${i}`,
    taskQueue: 'memory',
    namespace: 'default',
    firstExecutionRunId: `run-${i}`,
    attempt: 1,
    historyLength: 0,
    historySize: 0,
    continueAsNewSuggested: false,
    startTime: new Date(0),
    runStartTime: new Date(0),
    searchAttributes: {},
    typedSearchAttributes: [],
    memo: {},
    unsafe: { isReplaying: false, now: () => 0 },
    priority: {},
  };
}

const held: unknown[] = [];
const create = (i: number) =>
  creator.createWorkflow({
    info: info(i),
    randomnessSeed: [1, 2, 3, 4],
    now: 0,
    showStackTraceSources: false,
  });
held.push(await create(-1)); // the first workflow of a context pays one-time costs
gc();
const before = process.memoryUsage();
const cpu = process.cpuUsage();
for (let i = 0; i < count; i++) held.push(await create(i));
const used = process.cpuUsage(cpu);
gc();
const after = process.memoryUsage();
const kib = (bytes: number) => Math.round(bytes / 1024);
console.log(
  JSON.stringify({
    bundle: bundleFile ?? 'current sources',
    workflows: count,
    heapKiBPerWorkflow: kib((after.heapUsed - before.heapUsed) / count),
    rssKiBPerWorkflow: kib((after.rss - before.rss) / count),
    cpuMsPerWorkflow: Math.round(((used.user + used.system) / 1000 / count) * 100) / 100,
    held: held.length,
  }),
);
