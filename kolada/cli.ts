import type { Command } from 'commander';
import { withPool } from '../cli/pool';
import { authorize, rosterOf } from '../domain/access/authorize';
import { EventStore } from '../eventstore/index';
import { KoladaClient } from './client';
import { KoladaError } from './errors';
import { type RefreshResult, refreshKolada } from './refresh';
import { executeKoladaCommand } from './store';

function describe(r: RefreshResult): string {
  if (r.bindings === 0) return `Kolada (${r.municipalityId}): inga indikatorer är kopplade till Kolada`;
  return `Kolada (${r.municipalityId}): ${r.fetched} värden hämtade, ${r.recorded} nya eller ändrade registrerade`;
}

/** `2021-2025`, `2021,2023` or a mix, as a list of years; a Swedish error names the flag. */
export function parseYears(text: string): number[] {
  const years = text.split(',').flatMap((part) => {
    const [from, to] = part.trim().split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) throw new Error(`--years: '${part}' är inget år`);
    if (to === undefined) return [from];
    if (!Number.isInteger(to) || to < from || to - from > 50)
      throw new Error(`--years: '${part}' är inget årsintervall`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
  return [...new Set(years)];
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** `arshjul kolada bind|refresh|run`: indicators bound to Kolada KPIs and their values fetched. */
export function registerKoladaCommand(program: Command): void {
  const kolada = program.command('kolada').description('indicator values from Kolada (API v3)');
  kolada
    .command('bind')
    .description("bind an indicator to a Kolada KPI (as a process owner or the organ's secretary)")
    .requiredOption('-m, --municipality <id>', 'the municipality')
    .requiredOption('--indicator <id>', 'the indicator (indikator)')
    .requiredOption('--kpi <id>', 'the Kolada KPI, e.g. N00945')
    .requiredOption('--years <list>', 'years, e.g. 2021-2025')
    .option('--compare <codes>', 'comparison municipalities, e.g. 1441,1462', '')
    .requiredOption('--as <user>', 'who binds it')
    .action(
      async (o: {
        municipality: string;
        indicator: string;
        kpi: string;
        years: string;
        compare: string;
        as: string;
      }) => {
        await withPool(async (pool) => {
          const result = await executeKoladaCommand(
            new EventStore(pool),
            o.municipality,
            {
              type: 'BindIndicatorToKolada',
              at: new Date().toISOString(),
              actor: o.as,
              indicatorId: o.indicator,
              kpiId: o.kpi,
              years: parseYears(o.years),
              comparisonMunicipalityCodes: o.compare
                .split(',')
                .map((c) => c.trim())
                .filter(Boolean),
            },
            {
              causationId: 'cli:kolada-bind',
              precheck: (s) => {
                if (s.municipality.status !== 'registered') return;
                const goal = s.municipality.steering.indicators[o.indicator]?.organGoalId;
                const organId = goal ? (s.municipality.steering.organGoals[goal]?.organId ?? null) : null;
                authorize(rosterOf(s.municipality), o.as, { type: 'municipality.change', organId });
              },
            },
          );
          console.log(
            result.events.length === 0
              ? `Indikatorn ${o.indicator} är redan kopplad till ${o.kpi} så`
              : `Indikatorn ${o.indicator} är kopplad till Kolada ${o.kpi}`,
          );
        });
      },
    );
  kolada
    .command('refresh')
    .description('fetch every bound KPI once and record only what changed')
    .requiredOption('-m, --municipality <id>', 'the municipality')
    .action(async (o: { municipality: string }) => {
      await withPool(async (pool) => {
        console.log(describe(await refreshKolada(new EventStore(pool), new KoladaClient(), o.municipality)));
      });
    });
  kolada
    .command('run')
    .description('refresh on an interval until Ctrl-C; a failed fetch is reported and retried next time')
    .requiredOption('-m, --municipality <id>', 'the municipality')
    .option('--interval <minutes>', 'minutes between refreshes', '1440')
    .action(async (o: { municipality: string; interval: string }) => {
      const minutes = Number(o.interval);
      if (!(minutes > 0)) throw new Error(`--interval: '${o.interval}' är inget positivt antal minuter`);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await withPool(async (pool) => {
          const store = new EventStore(pool);
          const client = new KoladaClient();
          console.log(`Kolada: hämtar var ${minutes}:e minut från ${client.options.baseUrl}; Ctrl-C stoppar`);
          while (!stop.signal.aborted) {
            try {
              console.log(describe(await refreshKolada(store, client, o.municipality)));
            } catch (error) {
              if (!(error instanceof KoladaError)) throw error;
              console.error(error.message);
            }
            await abortableSleep(minutes * 60_000, stop.signal);
          }
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      console.log('Kolada: stoppat');
    });
}
