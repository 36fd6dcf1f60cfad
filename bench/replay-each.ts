import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../worker/create-worker';

/**
 * CPU of rebuilding each workflow of one history generation from its history, as a worker does for
 * every live workflow after a restart (kill -9 empties its cache). Each history is replayed twice to
 * warm up, then `rounds` times; the CPU is this process's (user + system) over those rounds.
 *
 *   node [--require ./worker/promise-stacks-off.cjs] [--require ./worker/activation-watchdog.cjs] \\
 *     --import tsx bench/replay-each.ts \\
 *     test/histories/<generation> [rounds, default 10]
 */
const { temporal } = proto;
const dir = process.argv[2];
if (!dir) throw new Error('usage: bench/replay-each.ts <histories directory> [rounds]');
const rounds = Number(process.argv[3] ?? 10);
const bundle = await workflowBundle();
const completed = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;

for (const file of readdirSync(dir).filter((f) => f.endsWith('.binpb'))) {
  const history = temporal.api.history.v1.History.decode(readFileSync(path.join(dir, file)));
  const copies = Array.from({ length: rounds + 2 }, (_, i) => ({ workflowId: `${file}-${i}`, history }));
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle }, copies.slice(0, 2)))
    if (r.error) throw r.error;
  const before = process.cpuUsage();
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle }, copies.slice(2)))
    if (r.error) throw r.error;
  const used = process.cpuUsage(before);
  const tasks = (history.events ?? []).filter((e) => e.eventType === completed).length;
  const ms = (used.user + used.system) / 1000 / rounds;
  console.log(
    `${file.padEnd(48)} events ${String(history.events?.length).padStart(4)} workflow tasks ${String(tasks).padStart(3)} CPU per replay ${ms.toFixed(1)} ms`,
  );
}
