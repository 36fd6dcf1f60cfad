import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundle } from '../worker/create-worker';

/**
 * Worker CPU per workflow when replaying every recorded history (test/histories/, all generations) in
 * one process. A replay worker runs its workflows on the main thread (the SDK's debug mode), one after
 * the other, each a new workflow in the one reused V8 context: what a worker thread pays for a workflow
 * it builds from history (module evaluation of the bundle, then every activation).
 *
 *   node --import tsx bench/replay-cpu.ts [--bundle file.json] [--rounds 3] [--out result.json]
 *
 * --bundle: a stored workflow bundle (e.g. .arshjul/cache/workflow-bundle-<hash>.json of an earlier
 * commit) to compare against; default the current sources' bundle. --rounds: how often each history is
 * replayed (a warm-up round comes first and is not counted). CPU is `process.cpuUsage()` (user + system,
 * all threads of the process) around the counted rounds only; the load average stands beside it.
 */
const { temporal } = proto;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const historiesDir = fileURLToPath(new URL('../test/histories', import.meta.url));

function recordedHistories() {
  return readdirSync(historiesDir)
    .sort()
    .flatMap((generation) =>
      readdirSync(path.join(historiesDir, generation))
        .filter((f) => f.endsWith('.binpb'))
        .map((f) => ({
          workflowId: `${generation}/${path.basename(f, '.binpb')}`,
          history: temporal.api.history.v1.History.decode(
            readFileSync(path.join(historiesDir, generation, f)),
          ),
        })),
    );
}

type Histories = ReturnType<typeof recordedHistories>;

async function replay(bundle: WorkflowBundleWithSourceMap, histories: Histories): Promise<number> {
  let failures = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
    if (result.error) {
      failures++;
      console.error(`${result.workflowId}: ${String(result.error)}`);
    }
  }
  return failures;
}

const bundleFile = option('bundle');
const rounds = Number(option('rounds') ?? 3);
const bundle: WorkflowBundleWithSourceMap = bundleFile
  ? (JSON.parse(readFileSync(bundleFile, 'utf8')) as WorkflowBundleWithSourceMap)
  : await workflowBundle();
const histories = recordedHistories();

// Warm-up: the SDK's and the process's own first-use costs stay out of the figure.
if ((await replay(bundle, histories)) > 0) throw new Error('a history failed to replay');

const loadAtStart = os.loadavg();
const rssBefore = process.memoryUsage().rss;
const before = process.cpuUsage();
let failures = 0;
for (let r = 0; r < rounds; r++) failures += await replay(bundle, histories);
const used = process.cpuUsage(before);
const workflows = rounds * histories.length;
const result = {
  bundle: bundleFile ?? 'current sources',
  histories: histories.length,
  rounds,
  workflows,
  failures,
  cpuMsPerWorkflow: Math.round(((used.user + used.system) / 1000 / workflows) * 100) / 100,
  userMsPerWorkflow: Math.round((used.user / 1000 / workflows) * 100) / 100,
  rssMiB: { before: Math.round(rssBefore / 2 ** 20), after: Math.round(process.memoryUsage().rss / 2 ** 20) },
  loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() },
};
console.log(JSON.stringify(result));
const out = option('out');
if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
if (failures > 0) process.exitCode = 1;
