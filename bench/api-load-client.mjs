// One autocannon run in a child process of its own, so the load generator does not share the API's
// event loop (in a worker thread autocannon leaves its histograms encoded). The parent sends
// { url, connections, duration?, amount?, connectionRate?, groups?, requests: [{ method, path, headers, body? }] }
// and gets the result with the CPU seconds this process used.
import autocannon from 'autocannon';

const {
  url,
  connections,
  duration,
  amount,
  connectionRate,
  groups = 1,
  requests,
} = await new Promise((resolve) => process.once('message', resolve));
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
/**
 * autocannon paces each connection with a 1 s interval timer started when the connection is made, and
 * makes every connection at once: 2,000 paced readers then all ask within the same few milliseconds,
 * every second. With `groups`, the connections are split into that many instances whose starts are
 * spread evenly over one pacing interval, so the readers' requests are spread over the second as
 * people's are (each still asks once a second).
 */
const run = (count) =>
  new Promise((resolve) => {
    const instance = autocannon({
      url,
      connections: count,
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
    instance.then(resolve, resolve);
  });
if (groups > 1 && amount) throw new Error('groups go with a duration, not an amount');
const sizes = Array.from(
  { length: groups },
  (_, i) => Math.floor(((i + 1) * connections) / groups) - Math.floor((i * connections) / groups),
).filter((n) => n > 0);
const startGapMs = expectedIntervalMs > 0 ? expectedIntervalMs / sizes.length : 0;
const results = await Promise.all(
  sizes.map((count, i) => new Promise((r) => setTimeout(r, i * startGapMs)).then(() => run(count))),
);
const failed = results.find((r) => !r?.latency);
if (failed)
  throw new Error(`autocannon: ${failed instanceof Error ? failed.message : JSON.stringify(failed)}`);
const sum = (pick) => results.reduce((total, r) => total + pick(r), 0);
const statusCodes = {};
for (const r of results)
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {}))
    statusCodes[code] = { count: (statusCodes[code]?.count ?? 0) + count };
const cpu = process.cpuUsage(cpuBefore);
process.send({
  loadGeneratorCpuSeconds: (cpu.user + cpu.system) / 1e6,
  requests: sum((r) => r.requests.total),
  latencyMs: latencySummary(),
  // autocannon's own figures (whole ms, with its misscaled correction when paced), for comparison; with
  // groups, the worst group's.
  autocannonLatencyMs: {
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    max: Math.max(...results.map((r) => r.latency.max)),
  },
  throughputPerSecond: Math.round(sum((r) => r.requests.average) * 100) / 100,
  non2xx: sum((r) => r.non2xx),
  errors: sum((r) => r.errors),
  timeouts: sum((r) => r.timeouts),
  statusCodes,
  serverTimingMs: serverTimingMs(),
});
process.disconnect();
