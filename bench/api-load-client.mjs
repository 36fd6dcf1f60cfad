// One autocannon run in a child process of its own, so the load generator does not share the API's
// event loop (in a worker thread autocannon leaves its histograms encoded). The parent sends
// { url, connections, duration?, amount?, connectionRate?, requests: [{ method, path, headers, body? }] } and gets the result
// with the CPU seconds this process used.
import autocannon from 'autocannon';

const { url, connections, duration, amount, connectionRate, requests } = await new Promise((resolve) =>
  process.once('message', resolve),
);
let next = 0;
// Server-Timing steps of each answer (the submission route reports task, update, draft, api).
const steps = new Map();
const onResponse = (_status, _body, _context, headers) => {
  const header = headers?.['server-timing'] ?? headers?.['Server-Timing'];
  if (typeof header !== 'string') return;
  for (const part of header.split(',')) {
    const [name, dur] = part.trim().split(';dur=');
    if (!steps.has(name)) steps.set(name, []);
    steps.get(name).push(Number(dur));
  }
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const serverTimingMs = () =>
  Object.fromEntries(
    [...steps].map(([name, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return [
        name,
        {
          count: sorted.length,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          max: sorted.at(-1),
        },
      ];
    }),
  );
/**
 * Answer times kept here rather than taken from autocannon's histogram: with connectionRate it corrects
 * for coordinated omission with an expected interval of ceil(1 / rate) *milliseconds* (1 ms at one
 * request a second), so a 300 ms answer was recorded as 300 answers of 300, 299, ... 1 ms, and slow
 * answers filled its p99. The correction here uses the real interval (1000 / rate ms): a connection
 * whose answer came later than its next request was due is counted as the requests it could not send.
 */
const latencies = [];
const expectedIntervalMs = connectionRate ? 1000 / connectionRate : 0;
const record = (ms) => {
  latencies.push(ms);
  if (expectedIntervalMs > 0)
    for (let missed = ms - expectedIntervalMs; missed >= expectedIntervalMs; missed -= expectedIntervalMs)
      latencies.push(missed);
};
const latencySummary = () => {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p) => Math.round(percentile(sorted, p) * 10) / 10;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  return { p50: at(50), p90: at(90), p99: at(99), max: at(100), mean: Math.round(mean * 10) / 10 };
};
// The load generator's own CPU: it shares the machine's cores with the API and Postgres.
const cpuBefore = process.cpuUsage();
const instance = autocannon({
  url,
  connections,
  ...(amount ? { amount } : { duration }),
  ...(connectionRate ? { connectionRate } : {}),
  timeout: 30,
  requests: [
    {
      // Each request is the next caller's: its own token, its own organ or task.
      setupRequest: (request) => ({ ...request, ...requests[next++ % requests.length] }),
      onResponse,
    },
  ],
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) record(responseTime);
});
const result = await instance;
if (!result.latency)
  throw new Error(`autocannon: ${result instanceof Error ? result.message : JSON.stringify(result)}`);
const cpu = process.cpuUsage(cpuBefore);
process.send({
  loadGeneratorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  requests: result.requests.total,
  latencyMs: latencySummary(),
  // autocannon's own figures (whole ms, with its misscaled correction when paced), for comparison.
  autocannonLatencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  throughputPerSecond: result.requests.average,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: result.statusCodeStats,
  serverTimingMs: serverTimingMs(),
});
process.disconnect();
