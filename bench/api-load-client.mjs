// One autocannon run in a child process of its own, so the load generator does not share the API's
// event loop (in a worker thread autocannon leaves its histograms encoded). The parent sends
// { url, connections, duration?, amount?, connectionRate?, requests: [{ method, path, headers, body? }] } and gets the result
// with the CPU seconds this process used.
import autocannon from 'autocannon';

const { url, connections, duration, amount, connectionRate, requests } = await new Promise((resolve) =>
  process.once('message', resolve),
);
let next = 0;
// The load generator's own CPU: it shares the machine's cores with the API and Postgres.
const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url,
  connections,
  ...(amount ? { amount } : { duration }),
  ...(connectionRate ? { connectionRate } : {}),
  timeout: 30,
  requests: [
    {
      // Each request is the next caller's: its own token, its own organ or task.
      setupRequest: (request) => ({ ...request, ...requests[next++ % requests.length] }),
    },
  ],
});
if (!result.latency)
  throw new Error(`autocannon: ${result instanceof Error ? result.message : JSON.stringify(result)}`);
const cpu = process.cpuUsage(cpuBefore);
process.send({
  loadGeneratorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  requests: result.requests.total,
  latencyMs: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.mean,
  },
  throughputPerSecond: result.requests.average,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: result.statusCodeStats,
});
process.disconnect();
