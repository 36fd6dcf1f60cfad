import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime, stime, cutime, cstime of a process, in clock ticks; undefined once it is gone. */
function times(pid: number): { own: number; children: number; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
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
 * CPU seconds used so far by a Postgres cluster whose postmaster is `postmasterPid`: its live
 * backends' own time plus the postmaster's, with the time of the backends it has reaped already.
 */
export function postgresCpuSeconds(postmasterPid: number): number {
  let ticks = 0;
  const master = times(postmasterPid);
  if (master) ticks += master.own + master.children;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const t = times(pid);
    if (t && t.ppid === postmasterPid) ticks += t.own;
  }
  return ticks / TICKS_PER_SECOND;
}
