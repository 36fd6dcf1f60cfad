import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU ticks so far of each thread of a process, keyed by "tid:starttime", with the thread's name. */
export type ThreadSnapshot = Map<string, { name: string; ticks: number }>;

export function threadSnapshot(pid: number): ThreadSnapshot {
  const threads: ThreadSnapshot = new Map();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const name = tid === String(pid) ? `${comm} (main)` : comm;
      // Fields after the name: state is field 3, utime 14, stime 15, starttime 22 (proc(5)).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]);
      threads.set(`${tid}:${f[19]}`, { name, ticks });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return threads;
}

/**
 * CPU seconds each thread name used between two snapshots (threads started in between count from
 * zero; threads that ended in between are missed). The main thread is marked "(main)"; the others keep
 * the name the runtime gave them (tokio's, libuv's, V8's, Node's worker threads).
 */
export function threadCpuSince(
  before: ThreadSnapshot,
  after: ThreadSnapshot,
): { byName: Record<string, number>; busiest: [string, number][] } {
  const byName: Record<string, number> = {};
  const threads: [string, number][] = [];
  for (const [key, t] of after) {
    const used = (t.ticks - (before.get(key)?.ticks ?? 0)) / TICKS_PER_SECOND;
    byName[t.name] = (byName[t.name] ?? 0) + used;
    threads.push([t.name, round(used)]);
  }
  return {
    byName: Object.fromEntries(
      Object.entries(byName)
        .filter(([, s]) => s > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([name, s]) => [name, round(s)]),
    ),
    // One entry per thread: which of the equally named threads did the work (the workflow threads).
    busiest: threads.sort((a, b) => b[1] - a[1]).slice(0, 8),
  };
}

const round = (s: number) => Math.round(s * 100) / 100;
