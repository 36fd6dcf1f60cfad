import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { checkPageText } from './event-check';

/** CPU clock ticks this thread has used (utime + stime of /proc/thread-self/stat; Linux), else 0. */
function threadCpuTicks(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/**
 * Worker side of event-checkers.ts: answers a page's JSON text with its verdicts (event-check.ts), and
 * the CPU this thread has used so far (a rebuild's CPU split by thread).
 */
parentPort?.on('message', ({ id, text }: { id: number; text: string | null }) => {
  try {
    const verdicts = checkPageText(text);
    parentPort?.postMessage({ id, verdicts, cpuTicks: threadCpuTicks() });
  } catch (error) {
    parentPort?.postMessage({
      id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
