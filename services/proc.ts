import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { paths } from './config';

/** Starts a long-running service detached from this process, output to a log file, pid in a file. */
export function startDetached(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): number {
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.run, { recursive: true });
  const log = openSync(logFile(name), 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env },
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}: ${command}`);
  child.unref();
  writeFileSync(pidFile(name), String(child.pid));
  return child.pid;
}

export const logFile = (name: string) => path.join(paths.logs, `${name}.log`);
const pidFile = (name: string) => path.join(paths.run, `${name}.pid`);

export function readPid(name: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile(name), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a service started by startDetached: SIGTERM to its process group, SIGKILL after a grace period. */
export async function stopDetached(name: string, graceMs = 15_000): Promise<boolean> {
  const pid = readPid(name);
  if (!isAlive(pid) || pid === undefined) {
    rmSync(pidFile(name), { force: true });
    return false;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) signalGroup('SIGKILL');
  rmSync(pidFile(name), { force: true });
  return true;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls a probe until it answers true; throws with the log's tail if it never does. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  {
    timeoutMs = 120_000,
    intervalMs = 500,
    logName,
  }: { timeoutMs?: number; intervalMs?: number; logName?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(intervalMs);
  }
  const tail = logName ? `\n--- last lines of ${logFile(logName)} ---\n${tailOf(logFile(logName))}` : '';
  throw new Error(`${what} did not answer within ${Math.round(timeoutMs / 1000)} s${tail}`);
}

function tailOf(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
