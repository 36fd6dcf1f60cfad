/** A benchmark module: `bench/<name>.bench.ts` default-exports one of these. */
export interface Bench {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

export interface BenchContext {
  /** Progress lines (printed as they come). */
  log(line: string): void;
}

export interface BenchResult {
  /** Human-readable lines for the summary. */
  summary: string[];
  /** Everything measured, written to bench/results/<name>.json. */
  metrics: Record<string, unknown>;
}

/** Times an async function with a monotonic clock. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

export const perSecond = (count: number, seconds: number) => Math.round(count / seconds);
