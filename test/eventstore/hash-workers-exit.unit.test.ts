import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Runs a fixture in a child process; status is null when the timeout killed it. */
const runFixture = (name: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', name)], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('hash workers', () => {
  // The shared pool is never closed (sharedHashWorkers): its threads must not keep a process alive. A
  // 'message' listener attached after unref() refs a worker again: a process that had started them never exited.
  it('let a process that started them and did nothing else exit', () => {
    const run = runFixture('start-hash-workers.ts');
    expect(run.stdout).toContain('started 2');
    expect(run.status).toBe(0);
  });

  it('keep a process alive while it awaits their reply, and let it exit after', () => {
    const run = runFixture('await-worker-pool.ts');
    // Without the reference the process ended mid-request (exit 13, an unsettled top-level await).
    expect(run.stdout).toContain('answered true');
    expect(run.status).toBe(0);
  });
});
