import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ on Linux). */
export const TICKS_PER_SECOND = 100;

/** CPU clock ticks this thread has used (utime + stime of /proc/thread-self/stat; Linux), else 0. */
export function threadCpuTicks(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}
