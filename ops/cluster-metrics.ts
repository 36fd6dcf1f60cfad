/**
 * /metrics of an API run as several processes (api/cluster.ts): whichever worker a scrape reaches asks
 * the primary, which gathers every worker's registry through prom-client's AggregatorRegistry (counters
 * and histograms summed), so one scrape sees the whole API, not a random part of it.
 */
import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { metricsRegistry } from './metrics';

const REQUEST = 'arshjul:cluster-metrics-request';
const RESPONSE = 'arshjul:cluster-metrics-response';
const ANSWER_WITHIN_MS = 5_000;

interface MetricsMessage {
  type: string;
  id: number;
  text?: string;
  error?: string;
}

const isMetricsMessage = (m: unknown): m is MetricsMessage =>
  typeof m === 'object' && m !== null && typeof (m as MetricsMessage).type === 'string';

/** In the primary: answers the workers' requests for the whole cluster's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMetricsMessage(message) || message.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: RESPONSE, id: message.id, text }),
      (error: unknown) => worker.send({ type: RESPONSE, id: message.id, error: String(error) }),
    );
  });
}

let joined = false;
/** In a worker: answers the primary's requests for this process's metrics (prom-client does so once an
 * AggregatorRegistry exists in the process). */
export function joinClusterMetrics(): void {
  if (joined || !cluster.isWorker) return;
  joined = true;
  new AggregatorRegistry();
}

let nextId = 0;

/** The metrics to expose: the whole cluster's in a worker, this process's otherwise. */
export async function exposedMetrics(): Promise<string> {
  if (!cluster.isWorker || !process.send) return metricsRegistry.metrics();
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the API primary did not answer with the metrics'));
    }, ANSWER_WITHIN_MS);
    const onMessage = (message: unknown) => {
      if (!isMetricsMessage(message) || message.type !== RESPONSE || message.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(message.error ?? 'no metrics'));
    };
    process.on('message', onMessage);
    process.send?.({ type: REQUEST, id });
  });
}
