import { parentPort } from 'node:worker_threads';
import { checkPageText } from './event-check';

/** Worker side of event-checkers.ts: answers a page's JSON text with its verdicts (event-check.ts). */
parentPort?.on('message', ({ id, text }: { id: number; text: string | null }) => {
  try {
    parentPort?.postMessage({ id, verdicts: checkPageText(text) });
  } catch (error) {
    parentPort?.postMessage({
      id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
