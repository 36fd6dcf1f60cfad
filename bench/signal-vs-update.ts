// Signals against updates (submissions through the API), N of each at once on N running task
// workflows of the same harness and run: what the request path costs with a workflow task in it
// (an update) and without one (a signal), see docs/submissions-at-scale.md.
// Run: node --import tsx bench/signal-vs-update.ts (N=100 by default); writes bench/results/signal-vs-update.json.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createApiHarness } from '../test/api/support';
import { taskWorkflowId } from '../workflows/messages';
import { registerSecretaries, submission, submittersWithTasks } from './api-setup';

const N = Number(process.env.N ?? 100);
const log = (line: string) => console.log(line);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);
};
/** Runs every call at once; the milliseconds of each and of the whole. */
async function atOnce(calls: (() => Promise<void>)[]) {
  const start = performance.now();
  const each = await Promise.all(
    calls.map(async (call) => {
      const t = performance.now();
      await call();
      return performance.now() - t;
    }),
  );
  const wallMs = Math.round(performance.now() - start);
  return { count: each.length, wallMs, p50Ms: percentile(each, 50), p99Ms: percentile(each, 99) };
}

const a = await createApiHarness('bench_signal_update', { rateLimit: null });
try {
  const registered = await registerSecretaries(a, { readers: 4 * N, municipalities: 4 }, log);
  const submitters = await submittersWithTasks(a, { ...registered, submitters: 2 * N }, log);
  const taskIds = submitters.map((s) => `${s.municipalityId}.2027.nulagesanalys.${s.organId}`);
  // A signal no handler takes: the workflow buffers it; its workflow task runs after the answer.
  const signals = await atOnce(
    taskIds.slice(0, N).map((id) => async () => {
      await a.h.env.client.workflow.getHandle(taskWorkflowId(id)).signal('benchNothing', {});
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const updates = await atOnce(
    submitters.slice(N, 2 * N).map((s) => async () => {
      const r = submission(s);
      const answer = await fetch(a.url + r.path, { method: 'POST', headers: r.headers, body: r.body });
      if (!answer.ok) throw new Error(`submission: ${answer.status} ${await answer.text()}`);
    }),
  );
  const result = { startedAt: new Date().toISOString(), loadAverage: os.loadavg(), signals, updates };
  log(JSON.stringify(result));
  writeFileSync(
    new URL('./results/signal-vs-update.json', import.meta.url),
    `${JSON.stringify(result, null, 1)}\n`,
  );
} finally {
  await a.teardown();
}
