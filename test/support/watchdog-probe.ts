/**
 * Run in a child process, as the supervisor starts the worker (workflow threads, with or without
 * `--require ./worker/activation-watchdog.cjs`): a worker on the dev server runs a workflow that
 * yields often, one that never yields, and the first again. Prints one JSON line: the answers, the
 * failure of the workflow task that never yielded, and how long it ran before it was stopped.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { serviceUrls } from '../../services/config';

const TIMEOUT_MS = 1_000;
Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never });

const taskQueue = `watchdog-probe-${randomUUID()}`;
const workflowBundle = await bundleWorkflowCode({
  workflowsPath: fileURLToPath(new URL('./spinning-workflows.ts', import.meta.url)),
  logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
});
const connection = await NativeConnection.connect({ address: serviceUrls.temporalAddress });
// The SDK reads isolateExecutionTimeout (default 5 s) though WorkerOptions does not declare it: kept
// out of the literal so the type check allows it, and short so the test waits 1 s, not 5.
const options = {
  connection,
  taskQueue,
  workflowBundle,
  isolateExecutionTimeout: TIMEOUT_MS,
  workflowThreadPoolSize: 1,
};
const worker = await Worker.create(options);
const client = new Client({ connection: await Connection.connect({ address: serviceUrls.temporalAddress }) });

async function failureOfFirstTask(workflowId: string): Promise<{ message: string; afterMs: number }> {
  const handle = client.workflow.getHandle(workflowId);
  for (let i = 0; i < 300; i++) {
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const started = events.find((e) => e.workflowTaskStartedEventAttributes);
    const failed = events.find((e) => e.workflowTaskFailedEventAttributes);
    if (failed && started) {
      const ms = (e: typeof failed) =>
        Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
      return {
        message: failed.workflowTaskFailedEventAttributes?.failure?.message ?? '',
        afterMs: Math.round(ms(failed) - ms(started)),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the workflow task that never yields did not fail within 30 s');
}

const result = await worker.runUntil(async () => {
  const run = (workflowType: 'yieldsOften' | 'neverYields', args: number[]) =>
    client.workflow.start(workflowType, { taskQueue, workflowId: `${taskQueue}-${randomUUID()}`, args });
  const before = await (await run('yieldsOften', [4])).result();
  const spinning = await run('neverYields', []);
  const failure = await failureOfFirstTask(spinning.workflowId);
  await spinning.terminate('probe done');
  const after = await (await run('yieldsOften', [3])).result();
  return { before, failure, after };
});
console.log(JSON.stringify(result));
await connection.close();
process.exit(0);
