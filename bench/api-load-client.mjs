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
      onResponse,
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
  serverTimingMs: serverTimingMs(),
});
process.disconnect();
