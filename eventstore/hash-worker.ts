import { parentPort } from 'node:worker_threads';
import pg from 'pg';
import { checkPage, type PageCheck } from './page-check';
import { connectionKey } from './pool-connection';
import { checkRangeRows, type PageRange, RANGE_SQL } from './range-check';

/**
 * Worker side of hash-workers.ts: answers a page's JSON text with checkPage's result, or reads a range
 * of a chain itself, on a connection of its own, and answers with checkRangeRows' result; so the rows
 * never pass through the thread that walks the chain.
 */
type Message = { id: number; text: string } | { id: number; range: PageRange; connection: pg.ClientConfig };

const IDLE_MS = 10_000;
const clients = new Map<string, { client: Promise<pg.Client>; busy: number; idle?: NodeJS.Timeout }>();
// Rows as the text Postgres sent: no type parsing on this hot path.
const asText = { getTypeParser: () => (value: string) => value };

function clientFor(connection: pg.ClientConfig, key: string) {
  let entry = clients.get(key);
  if (!entry) {
    const client = new pg.Client(connection);
    const connected = client.connect().then(() => client);
    // A lost connection is dropped; the next range opens a new one.
    client.on('error', () => clients.delete(key));
    connected.catch(() => clients.delete(key));
    entry = { client: connected, busy: 0 };
    clients.set(key, entry);
  }
  return entry;
}

async function checkRange(range: PageRange, connection: pg.ClientConfig): Promise<PageCheck> {
  const key = connectionKey(connection);
  const entry = clientFor(connection, key);
  clearTimeout(entry.idle);
  entry.busy += 1;
  try {
    const client = await entry.client;
    const { rows } = await client.query<[string]>({
      name: 'verify_range',
      text: RANGE_SQL,
      values: [range.chainId, range.from, range.to],
      rowMode: 'array',
      types: asText as never,
    });
    return checkRangeRows(
      range.chainId,
      rows.map((r) => r[0]),
    );
  } finally {
    entry.busy -= 1;
    // Closed when no verify has used it for a while, so an idle process holds no connections.
    if (entry.busy === 0) {
      entry.idle = setTimeout(() => {
        clients.delete(key);
        entry.client.then((c) => c.end()).catch(() => {});
      }, IDLE_MS);
      entry.idle.unref();
    }
  }
}

parentPort?.on('message', async (message: Message) => {
  try {
    const check =
      'text' in message ? checkPage(message.text) : await checkRange(message.range, message.connection);
    parentPort?.postMessage({ id: message.id, check });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
