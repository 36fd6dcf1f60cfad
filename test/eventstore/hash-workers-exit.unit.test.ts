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

  // With every thread unref'd, a process whose only pending work was a reply from one exited at once
  // (code 13, "unsettled top-level await"): `npm run bench -- verify` ended in the middle of its run.
  it('keep a process alive while it waits for their answer', () => {
    const run = runFixture('await-hash-workers.ts');
    expect(run.stdout).toContain('checked {');
    expect(run.status).toBe(0);
  });
});
