import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** The fields of /proc/<pid>/stat after the command name (ppid is [1], utime [11], stime [12]). */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User and system CPU a process has used so far, in clock ticks (1/100 s; Linux). */
export function processCpuTicks(pid: number | 'self'): { user: number; system: number } {
  const f = statFields(pid);
  return { user: Number(f[11]), system: Number(f[12]) };
}

/** CPU seconds (user + system) a process has used so far (Linux). */
export function processCpuSeconds(pid: number | 'self'): number {
  const { user, system } = processCpuTicks(pid);
  return (user + system) / TICKS_PER_SECOND;
}

/** utime, stime, cutime, cstime of a process, in clock ticks; undefined once it is gone. */
function times(pid: number): { own: number; children: number; ppid: number } | undefined {
  try {
    const f = statFields(pid);
    return {
      ppid: Number(f[1]),
      own: Number(f[11]) + Number(f[12]),
      children: Number(f[13]) + Number(f[14]),
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by a process and its direct children: their live children's own time plus
 * the parent's, with the time of the children it has reaped already.
 */
export function processTreeCpuSeconds(parentPid: number): number {
  let ticks = 0;
  const parent = times(parentPid);
  if (parent) ticks += parent.own + parent.children;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const t = times(pid);
    if (t && t.ppid === parentPid) ticks += t.own;
  }
  return ticks / TICKS_PER_SECOND;
}

/** CPU seconds used so far by a Postgres cluster whose postmaster is `postmasterPid` (its backends). */
export const postgresCpuSeconds = processTreeCpuSeconds;

/** The postmaster of the cluster a pool talks to (the parent of one of its backends; same machine). */
export async function postmasterPidOf(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
  const pid = rows[0]?.pid;
  if (pid === undefined) throw new Error('no backend pid');
  const parent = times(pid)?.ppid;
  if (parent === undefined) throw new Error(`backend ${pid} is not on this machine`);
  return parent;
}

/** The machine's busy CPU seconds so far, all cores and processes (/proc/stat: all but idle and iowait). */
export function machineBusyCpuSeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return (total - idle) / TICKS_PER_SECOND;
}
