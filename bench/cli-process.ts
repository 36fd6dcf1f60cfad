import { type ChildProcess, spawn } from 'node:child_process';
import { repoRoot } from '../services/config';
import { processCpuSeconds as cpuSecondsOf } from './postgres-cpu';

/** Starts `arshjul <args>` and resolves once it prints `ready` on stdout. */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: string,
): Promise<ChildProcess> {
  // BENCH_LAG_CPU_PROF=<dir>: each process writes a V8 CPU profile there when it stops.
  const profDir = process.env.BENCH_LAG_CPU_PROF;
  const prof = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    // Starting takes tens of seconds on a loaded machine (tsx compiles the CLI).
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} not ready: ${err}`)), 300_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes(ready)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${err}`)));
  });
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
}

/** CPU seconds (user + system) a process used so far, from /proc (Linux). */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  return cpuSecondsOf(pid);
}
