import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';

const { temporal } = proto;

import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
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

  it('replays every one of them without a nondeterminism error', { timeout: 120_000 }, async () => {
    const histories = files.map((f) => ({
      workflowId: path.basename(f, '.binpb'),
      history: temporal.api.history.v1.History.decode(readFileSync(path.join(dir, f))),
    }));
    const results: { workflowId: string; error?: unknown }[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: await workflowBundle() },
      histories,
    )) {
      results.push(result);
    }
    expect(results).toHaveLength(histories.length);
    const failures = results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String(r.error)}`);
    expect(failures).toEqual([]);
  });
});
