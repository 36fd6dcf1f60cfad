import { parentPort } from 'node:worker_threads';
import { checkPageText } from './event-check';
import { threadCpuTicks } from './thread-cpu-ticks';

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
