import type { SoakReport } from './index';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} s`;

/** The closing summary, in Swedish. */
export function printReport(r: SoakReport, log: (line: string) => void): void {
  const kills = r.faults.filter((f) => f.kind === 'kill -9');
  const byTarget = new Map<string, number>();
  for (const k of kills) byTarget.set(k.target ?? '?', (byTarget.get(k.target ?? '?') ?? 0) + 1);
  const other = r.faults.filter((f) => f.kind !== 'kill -9');
  log('');
  log(`Sammanfattning (körning ${r.run}): ${r.ok ? 'ALLA KONTROLLER GODKÄNDA' : 'KONTROLLER UNDERKÄNDA'}`);
  log(
    `  kommuner: ${r.kommuner}; total tid ${seconds(r.wallMs)} (start ${seconds(r.stepsMs.deployment)}, registrering ${seconds(r.stepsMs.registration)}, cykler ${seconds(r.stepsMs.cycles)}, kontroller ${seconds(r.stepsMs.checks)})`,
  );
  log(
    `  belastning (load average 1 min): ${r.loadAverage.start[0]?.toFixed(2)} vid start, högst ${r.loadAverage.highest1m.toFixed(2)}, ${r.loadAverage.end[0]?.toFixed(2)} vid slut`,
  );
  log(
    `  fel: ${kills.length} kill -9 (${[...byTarget].map(([t, n]) => `${t} ${n}`).join(', ') || 'inga'})${other.map((f) => `, ${f.kind}${f.durationMs ? ` ${seconds(f.durationMs)}` : ''}${f.error ? ` (${f.error})` : ''}`).join('')}`,
  );
  log(
    `  omstarter av processer: ${
      Object.entries(r.restarts)
        .map(([n, c]) => `${n} ${c}`)
        .join(', ') || 'inga'
    }`,
  );
  log(
    `  förfrågningar skickade igen: ${r.requests.retries} (längsta väntan ${seconds(r.requests.longestWaitMs)})`,
  );
  for (const w of r.requests.byRoute.slice(0, 5)) {
    log(
      `  väntan ${w.route}: ${w.count} st, median ${seconds(w.p50Ms)}, 95 % ${seconds(w.p95Ms)}, längst ${seconds(w.maxMs)}`,
    );
  }
  log(
    `  sena åtgärder: ${r.lateActions.total} i ${r.lateActions.municipalities} kommuner (som mest ${seconds(r.lateActions.latestByWallMs)} för sent i väggtid)`,
  );
  const w = r.taskWaits;
  log(
    `  väntan på att uppgifter delas ut: ${w.count} st, median ${seconds(w.p50Ms)}, 95 % ${seconds(w.p95Ms)}, längst ${seconds(w.maxMs)} (${w.overTenMinutes} över 10 min)`,
  );
  const cpu = r.cpu.perCycle;
  if (cpu) {
    log(
      `  CPU per stängd cykel: ${cpu.totalCpuSecondsPerCycle.toFixed(2).replace('.', ',')} s (${cpu.perCycle
        .map((p) => `${p.name} ${p.cpuSeconds.toFixed(2).replace('.', ',')}`)
        .join(', ')})`,
    );
    log(
      `  golv för ${cpu.floor.cycles} cykler på ${cpu.cores} kärnor: ${seconds(cpu.floor.wallSeconds * 1000)} (${seconds(cpu.floor.cpuSeconds * 1000)} CPU)`,
    );
  }
  const cache = r.workflowCache;
  log(
    `  arbetsflödesuppgifter i workern: ${cache.workflowTasks} (${cache.cacheHits} med arbetsflödet i minnet, ${cache.wholeHistoryTasks} med hela historiken: nya arbetsflöden och de vars worker dog eller vars uppgift väntade för länge; ${cache.cacheMisses} missar, ${cache.forcedEvictions} tvingade ut ur minnet; ${cache.processes} workerprocesser)`,
  );
  for (const c of r.checks) log(`  ${c.ok ? 'OK ' : 'FEL'} ${c.label}: ${c.detail}`);
  log(`  rapport: ${r.reportFile}`);
}
