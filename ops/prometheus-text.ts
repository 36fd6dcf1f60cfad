/** Reading Prometheus's text format: what the soak and the tests take from a process's /metrics. */

/** Sum of every sample of a series name, whatever its labels (0 when it has none yet). */
export function sumOfSeries(metrics: string, name: string): number {
  return metrics
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
