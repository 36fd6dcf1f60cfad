import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { sumOfSeries } from '../../ops/prometheus-text';
import { repoRoot } from '../../services/config';
import { freePort, freePorts } from '../../services/free-port';

export { freePort, freePorts };

export interface SpawnedCli {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `arshjul <args>` as a child process of the test. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): SpawnedCli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exit };
}

export async function getStatus(url: string): Promise<number | null> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3_000) })).status;
  } catch {
    return null;
  }
}

/** Polls until the URL answers 200; throws with the hint's text after the deadline. */
export async function waitUntilOk(url: string, timeoutMs: number, hint: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await getStatus(url)) !== 200) {
    if (Date.now() > deadline) throw new Error(`${url} never answered 200:\n${hint()}`);
    await delay(500);
  }
}

/** One sample's value in Prometheus text format, by its name and labels as written (e.g. `{a="b"}`). */
export function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Sum of every sample of a series name (whatever its labels). */
export const sumOf = sumOfSeries;
