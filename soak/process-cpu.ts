/**
 * CPU seconds of every process of a soak run, read from /proc/<pid>/stat (utime + stime): the app
 * processes, the services and the soak driver itself. Divided by the cycles closed it says which
 * process a municipality's cycle costs most in, independent of how loaded the machine is.
 *
 * Each process is sampled with its descendants (tsx's esbuild, Postgres's backends) every
 * `intervalMs`, keyed by pid and start time, so processes killed or restarted during the run keep what
 * they used up to their last sample; a process that lives shorter than one interval is missed.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** A process by name and how to find its root pid at a sample (undefined: not running now). */
export interface WatchedProcess {
  name: string;
  pid: () => number | undefined | Promise<number | undefined>;
  /** Count the root's descendants too (default true; false for the soak driver, whose children are the app). */
  withDescendants?: boolean;
}

export interface ProcessCpu {
  name: string;
  cpuSeconds: number;
  /** Distinct processes (pid and start time) counted: restarts and children show here. */
  processes: number;
}

export interface CpuAccount {
  intervalMs: number;
  samples: number;
  byProcess: ProcessCpu[];
  totalCpuSeconds: number;
}

export interface CpuPerCycle {
  cyclesClosed: number;
  /** Per process, CPU seconds per closed cycle, most first. */
  perCycle: { name: string; cpuSeconds: number; share: number }[];
  totalCpuSecondsPerCycle: number;
  cores: number;
  /** CPU seconds of `cycles` cycles spread over every core: the least wall time possible on this machine. */
  floor: { cycles: number; cpuSeconds: number; wallSeconds: number };
}

interface Stat {
  pid: number;
  ppid: number;
  startTime: number;
  ticks: number;
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** Fields after the command (which may hold spaces and parentheses): see proc(5). */
function parseStat(text: string): Stat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state): ppid 4, utime 14, stime 15, starttime 22.
  const at = (field: number) => Number(f[field - 3]);
  return { pid, ppid: at(4), startTime: at(22), ticks: at(14) + at(15) };
}

function allStats(): Map<number, Stat> {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const s = parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (s) stats.set(s.pid, s);
    } catch {
      // ended between the listing and the read
    }
  }
  return stats;
}

function treeOf(root: number, stats: Map<number, Stat>): Stat[] {
  const children = new Map<number, number[]>();
  for (const s of stats.values()) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const tree: Stat[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    const s = stats.get(pid);
    if (!s) continue;
    tree.push(s);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * Starts sampling now; `stop()` takes a last sample and gives each process's CPU seconds since the
 * start (a process already running at the start counts from its value then, a later one from zero).
 */
export function startCpuAccount(watched: readonly WatchedProcess[], intervalMs = 1_000) {
  const hz = clockTicksPerSecond();
  // name → "pid:starttime" → [ticks at first sight, ticks at last sight, started after the account]
  const seen = new Map<string, Map<string, { first: number; last: number; fresh: boolean }>>();
  let samples = 0;
  let sampling: Promise<void> = Promise.resolve();

  const sample = async (initial: boolean) => {
    const roots = await Promise.all(
      watched.map(async (w) => {
        try {
          return await w.pid();
        } catch {
          return undefined;
        }
      }),
    );
    const stats = allStats();
    watched.forEach((w, i) => {
      const root = roots[i];
      if (root === undefined) return;
      const procs = w.withDescendants === false ? [stats.get(root)].filter((s) => !!s) : treeOf(root, stats);
      const byKey = seen.get(w.name) ?? new Map();
      seen.set(w.name, byKey);
      for (const s of procs) {
        const key = `${s.pid}:${s.startTime}`;
        const known = byKey.get(key);
        if (known) known.last = s.ticks;
        else byKey.set(key, { first: s.ticks, last: s.ticks, fresh: !initial });
      }
    });
    samples++;
  };

  sampling = sample(true);
  const timer = setInterval(() => {
    sampling = sampling.then(() => sample(false));
  }, intervalMs);
  timer.unref();

  return {
    async stop(): Promise<CpuAccount> {
      clearInterval(timer);
      await sampling;
      await sample(false);
      const byProcess = watched
        .map((w) => {
          const procs = [...(seen.get(w.name)?.values() ?? [])];
          const ticks = procs.reduce((sum, p) => sum + p.last - (p.fresh ? 0 : p.first), 0);
          return { name: w.name, cpuSeconds: ticks / hz, processes: procs.length };
        })
        .sort((a, b) => b.cpuSeconds - a.cpuSeconds);
      const totalCpuSeconds = byProcess.reduce((sum, p) => sum + p.cpuSeconds, 0);
      return { intervalMs, samples, byProcess, totalCpuSeconds };
    },
  };
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/** The account per closed cycle, and the wall-time floor of `floorCycles` cycles on this machine's cores. */
export function cpuPerCycle(
  account: CpuAccount,
  cyclesClosed: number,
  floorCycles = 290,
): CpuPerCycle | null {
  if (cyclesClosed < 1) return null;
  const cores = availableParallelism();
  const totalCpuSecondsPerCycle = account.totalCpuSeconds / cyclesClosed;
  const cpuSeconds = totalCpuSecondsPerCycle * floorCycles;
  return {
    cyclesClosed,
    perCycle: account.byProcess.map((p) => ({
      name: p.name,
      cpuSeconds: round(p.cpuSeconds / cyclesClosed),
      share: account.totalCpuSeconds > 0 ? round(p.cpuSeconds / account.totalCpuSeconds) : 0,
    })),
    totalCpuSecondsPerCycle: round(totalCpuSecondsPerCycle),
    cores,
    floor: {
      cycles: floorCycles,
      cpuSeconds: round(cpuSeconds, 1),
      wallSeconds: round(cpuSeconds / cores, 1),
    },
  };
}
