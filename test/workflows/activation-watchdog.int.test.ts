import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_PROCESS_PRELOADS } from '../../ops/supervisor';
import { repoRoot } from '../../services/config';

interface ProbeResult {
  before: number;
  failure: { message: string; afterMs: number };
  after: number;
}

/**
 * A worker process as the supervisor starts it (the preloads, workflow threads) on the dev server,
 * with a 1 s bound (test/support/watchdog-probe.ts): a workflow that never yields is stopped by the
 * one watchdog around its activation, its workflow task fails with the SDK's own error, and the
 * worker goes on running workflows afterwards.
 */
function runProbe(): ProbeResult {
  const out = execFileSync(
    process.execPath,
    [
      ...WORKFLOW_PROCESS_PRELOADS.flatMap((m) => ['--require', m]),
      '--import',
      'tsx',
      'test/support/watchdog-probe.ts',
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

describe('activation watchdog on the dev server', () => {
  it('stops a workflow that never yields after the bound, and the worker runs workflows after it', () => {
    const result = runProbe();
    expect(result.before).toBe(4);
    expect(result.failure.message).toBe('Script execution timed out after 1000ms');
    // Stopped at the bound (server timestamps of the task's start and failure), not left running.
    expect(result.failure.afterMs).toBeGreaterThanOrEqual(900);
    expect(result.failure.afterMs).toBeLessThan(10_000);
    expect(result.after).toBe(3);
  }, 120_000);
});
