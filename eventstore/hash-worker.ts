import { parentPort } from 'node:worker_threads';
import { firstContentMismatch, type VerifyRow } from './chain-walk';

/** Worker side of hash-workers.ts: answers each page with the index of its first bad content hash. */
parentPort?.on('message', (message: { id: number; rows: VerifyRow[] }) => {
  // Buffers arrive as Uint8Arrays after the structured clone.
  const rows = message.rows.map((r) => ({
    ...r,
    prevHash: Buffer.from(r.prevHash),
    hash: Buffer.from(r.hash),
  }));
  parentPort?.postMessage({ id: message.id, mismatch: firstContentMismatch(rows) });
});
