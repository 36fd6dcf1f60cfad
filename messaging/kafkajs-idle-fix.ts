import { createRequire } from 'node:module';

/**
 * Stops kafkajs 2.2.4 from spinning on a 1 ms timer on every broker connection. After each response its
 * RequestQueue schedules a check of the pending requests even when none is pending, with a negative
 * delay (throttledUntil starts at -1), so the check runs again about every millisecond, forever
 * (kafkajs issues #1556 and #1704; the fix, PR #1667, is not released). An idle consumer or producer
 * then costs a timer callback per ms per connection: most of what an idle relay or projections process
 * used. The check is needed only while a request waits in the queue (throttled, or too many in
 * flight); push() schedules it again when one does. Applied once, on import, to the class every kafkajs
 * connection uses (the same CommonJS module instance).
 */
interface RequestQueueLike {
  pending: unknown[];
  scheduleCheckPendingRequests(): void;
}

const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
  prototype: RequestQueueLike & { arshjulIdleFix?: true };
};

const proto = RequestQueue.prototype;
if (!proto.arshjulIdleFix) {
  const schedule = proto.scheduleCheckPendingRequests;
  proto.scheduleCheckPendingRequests = function (this: RequestQueueLike) {
    if (this.pending.length === 0) return;
    schedule.call(this);
  };
  proto.arshjulIdleFix = true;
}

/** The patched RequestQueue class (for the test that checks the patch holds). */
export const kafkajsRequestQueue = RequestQueue as unknown as new (options: {
  maxInFlightRequests: number | null;
  requestTimeout: number;
  enforceRequestTimeout: boolean;
  clientId: string;
  broker: string;
  logger: unknown;
}) => RequestQueueLike & { throttleCheckTimeoutId: unknown; destroy(): void; checkPendingRequests(): void };
