import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// A state directory of its own, set before services/config reads it.
const state = mkdtempSync(path.join(tmpdir(), 'arshjul-own-'));
chmodSync(state, 0o755); // the cluster's directory must be reachable for the postgres user
process.env.ARSHJUL_STATE_DIR = state;
const { assertOwnServices, foreignServices } = await import('../../soak/own-services');
afterAll(() => rmSync(state, { recursive: true, force: true }));

const writePid = (name: string, pid: number) => {
  mkdirSync(path.join(state, 'run'), { recursive: true });
  writeFileSync(path.join(state, 'run', `${name}.pid`), String(pid));
};

describe('the soak runs only on services this checkout started', () => {
  it('names every service without a live process in this state directory, in Swedish', async () => {
    expect(await foreignServices()).toEqual(['postgres', 'temporal', 'kafka', 'mail']);
    await expect(assertOwnServices()).rejects.toThrow(
      /postgres, temporal, kafka, mail svarar men startades inte från .*arshjul-own-/,
    );
  });

  it('accepts services whose pid files name live processes, and not a dead pid', async () => {
    mkdirSync(path.join(state, 'postgres', 'data'), { recursive: true });
    writeFileSync(path.join(state, 'postgres', 'data', 'postmaster.pid'), `${process.pid}\n${state}\n`);
    writePid('temporal', process.pid);
    writePid('kafka', process.pid);
    writePid('mail', 2 ** 22 + 1); // above Linux's pid_max: no such process
    expect(await foreignServices()).toEqual(['mail']);
    writePid('mail', process.pid);
    expect(await foreignServices()).toEqual([]);
    await expect(assertOwnServices()).resolves.toBeUndefined();
  });
});
