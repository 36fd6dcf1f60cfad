import { parentPort } from 'node:worker_threads';
import { checkPage } from './page-check';

/** Worker side of hash-workers.ts: answers each page's JSON text with checkPage's result. */
parentPort?.on('message', (message: { id: number; text: string }) => {
  try {
    parentPort?.postMessage({ id: message.id, check: checkPage(message.text) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
