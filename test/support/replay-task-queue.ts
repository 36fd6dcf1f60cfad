import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/create-worker';

const { temporal } = proto;

const reportsDir = path.resolve(import.meta.dirname, '../../reports/histories');

/**
 * Replays every run started on `taskQueue` against the current workflow bundle and returns one line per
 * run that fails (`<workflowId>/<runId>: <error>`). A worker that restarts rebuilds its workflows this
 * way, so a history that does not replay here would break the next worker that meets it. When any fails,
 * every history is written to reports/histories/<label>/ (binary protobuf, as test/histories holds)
 * for a replay under a debugger.
 */
export async function replayTaskQueue(client: Client, taskQueue: string, label: string): Promise<string[]> {
  const runs: { name: string; history: proto.temporal.api.history.v1.IHistory }[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
    runs.push({ name: `${execution.workflowId}/${execution.runId}`, history: await handle.fetchHistory() });
  }
  const failures: string[] = [];
  const histories = runs.map(({ name, history }) => ({ workflowId: name, history }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories))
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  if (failures.length > 0) await saveHistories(label, runs);
  return failures;
}

async function saveHistories(
  label: string,
  runs: readonly { name: string; history: proto.temporal.api.history.v1.IHistory }[],
): Promise<void> {
  const dir = path.join(reportsDir, label);
  await mkdir(dir, { recursive: true });
  for (const { name, history } of runs) {
    const file = path.join(dir, `${name.replaceAll('/', '__')}.binpb`);
    await writeFile(file, temporal.api.history.v1.History.encode(history).finish());
  }
}
