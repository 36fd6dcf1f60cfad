import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

// The shared pool is never closed (sharedHashWorkers): its threads must not keep a process alive. A
// 'message' listener attached after unref() refs a worker again: a process that had started them never exited.
describe('hash workers', () => {
  it('let a process that started them and did nothing else exit', () => {
    const fixture = path.join(import.meta.dirname, 'fixtures/start-hash-workers.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stdout).toContain('started 2');
    // null when the timeout killed it: the threads kept the process alive.
    expect(run.status).toBe(0);
  });

  it('keep a process alive while it awaits their reply, and let it exit after', () => {
    const fixture = path.join(import.meta.dirname, 'fixtures/await-worker-pool.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    // Without the reference the process ended mid-request (exit 13, an unsettled top-level await).
    expect(run.stdout).toContain('answered true');
    expect(run.status).toBe(0);
  });
});
