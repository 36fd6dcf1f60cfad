import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';

const { temporal } = proto;

import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { type ReplayWorkerOptions, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowSpanSinks } from '../../ops/temporal-tracing';
import { workflowBundle } from '../../worker/create-worker';

const dir = path.resolve(import.meta.dirname, '../histories');
// Every generation of recordings (one folder each), newest last.
const generations = readdirSync(dir).sort();
const files = generations.flatMap((g) =>
  readdirSync(path.join(dir, g))
    .filter((f) => f.endsWith('.binpb'))
    .map((f) => path.join(g, f)),
);
const newest = files
  .filter((f) => f.startsWith(`${generations.at(-1)}${path.sep}`))
  .map((f) => path.basename(f));

// Histories recorded from a real run (scripts/record-histories.ts). Replaying them against today's
// workflow code proves a change is deterministic; one that is not needs patched() (docs/versioning.md).
describe('recorded workflow histories replay against the current workflow code', () => {
  it('has recorded histories of the cycle, every phase and tasks', () => {
    expect(newest.some((f) => f.startsWith('cycle-'))).toBe(true);
    expect(newest.filter((f) => f.startsWith('phase-ale-2027-'))).toHaveLength(6);
    expect(newest.filter((f) => f.startsWith('task-')).length).toBeGreaterThanOrEqual(3);
  });

  async function replayAll(options: Omit<ReplayWorkerOptions, 'workflowsPath'>): Promise<string[]> {
    const histories = files.map((f) => ({
      workflowId: path.basename(f, '.binpb'),
      history: temporal.api.history.v1.History.decode(readFileSync(path.join(dir, f))),
    }));
    const results: { workflowId: string; error?: unknown }[] = [];
    for await (const result of Worker.runReplayHistories(options, histories)) results.push(result);
    expect(results).toHaveLength(histories.length);
    return results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String(r.error)}`);
  }

  it('replays every one of them without a nondeterminism error', { timeout: 400_000 }, async () => {
    expect(await replayAll({ workflowBundle: await workflowBundle() })).toEqual([]);
  });

  // Tracing on (ops/tracing.ts): the OpenTelemetry workflow interceptors only add headers and sink
  // calls, so the same histories replay with them installed, as a traced worker would replay them.
  it('replays every one of them with the tracing interceptors installed', { timeout: 400_000 }, async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = {
      resource: resourceFromAttributes({ 'service.name': 'arshjul-replay' }),
      spanProcessor: new SimpleSpanProcessor(exporter),
      flush: async () => {},
      shutdown: async () => {},
    };
    const traced = await workflowBundle({ traced: true });
    // The interceptors are in the traced bundle only.
    expect(traced.code).toContain('OpenTelemetryInboundInterceptor');
    expect((await workflowBundle()).code).not.toContain('OpenTelemetryInboundInterceptor');
    const failures = await replayAll({
      workflowBundle: traced,
      sinks: workflowSpanSinks(tracing),
    });
    expect(failures).toEqual([]);
    // Replay does not call sinks: nothing is exported twice.
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
