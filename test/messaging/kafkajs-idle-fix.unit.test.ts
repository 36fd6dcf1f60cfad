import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { kafkajsRequestQueue } from '../../messaging/kafkajs-idle-fix';

const require = createRequire(import.meta.url);
const quiet = { debug() {}, info() {}, warn() {}, error() {}, namespace: () => quiet };
const queues: InstanceType<typeof kafkajsRequestQueue>[] = [];
const newQueue = () => {
  const queue = new kafkajsRequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: 'localhost:0',
    logger: quiet,
  });
  queues.push(queue);
  return queue;
};

describe('kafkajs idle fix (request queue)', () => {
  afterEach(() => {
    for (const q of queues.splice(0)) q.destroy();
  });

  it('is the class kafkajs connections use', () => {
    const fromConnection = createRequire(require.resolve('kafkajs/src/network/connection.js'));
    expect(fromConnection('./requestQueue')).toBe(kafkajsRequestQueue);
  });

  it('schedules no check when nothing is pending (it was a 1 ms timer loop after every response)', () => {
    const queue = newQueue();
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('still schedules a check while a request waits in the queue', () => {
    const queue = newQueue();
    queue.pending.push({ placeholder: true });
    queue.scheduleCheckPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    queue.pending.length = 0;
  });
});
