/**
 * The API process's event loop and garbage collector during one scenario, from its own /metrics
 * (prom-client's default metrics: the event-loop delay from perf_hooks.monitorEventLoopDelay, which
 * prom-client resets at each scrape, and the GC pauses by kind). Scraped once before the scenario
 * (which starts the delay histogram afresh) and once after.
 */
export interface ApiRuntime {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** GC pauses during the scenario by kind (minor, major, incremental, weakcb): count and total ms. */
  gc: Record<string, { count: number; totalMs: number }>;
}

interface Scrape {
  values: Map<string, number>;
}

async function scrape(apiUrl: string): Promise<Scrape> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { values };
}

const ms = (seconds: number | undefined) => Math.round((seconds ?? 0) * 1000 * 10) / 10;

/** Starts watching; the returned function ends the watch and says what the scenario did to the process. */
export async function watchApiRuntime(apiUrl: string): Promise<() => Promise<ApiRuntime>> {
  const before = await scrape(apiUrl);
  return async () => {
    const after = await scrape(apiUrl);
    const gc: ApiRuntime['gc'] = {};
    for (const [key, value] of after.values) {
      const match = /^arshjul_nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"/.exec(key);
      if (!match) continue;
      const [, what, kind] = match as unknown as [string, 'sum' | 'count', string];
      gc[kind] ??= { count: 0, totalMs: 0 };
      const entry = gc[kind];
      const delta = value - (before.values.get(key) ?? 0);
      if (what === 'count') entry.count = delta;
      else entry.totalMs = ms(delta);
    }
    const lag = (name: string) => ms(after.values.get(`arshjul_nodejs_eventloop_lag_${name}_seconds`));
    return { eventLoopDelayMs: { p50: lag('p50'), p99: lag('p99'), max: lag('max') }, gc };
  };
}

export const describeRuntime = (r: ApiRuntime) =>
  `event-loop delay p50 ${r.eventLoopDelayMs.p50} p99 ${r.eventLoopDelayMs.p99} max ${r.eventLoopDelayMs.max} ms; GC ${Object.entries(
    r.gc,
  )
    .filter(([, g]) => g.count > 0)
    .map(([kind, g]) => `${kind} ${g.count}× ${g.totalMs} ms`)
    .join(', ')}`;
