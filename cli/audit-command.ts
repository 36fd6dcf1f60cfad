import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { aggregateStateAsOf } from '../application/aggregates';
import { exportMunicipalityEvents } from '../application/history';
import { readModelsAsOf } from '../application/read-models';
import { asOfInstant } from '../domain/calendar/dates';
import { EventStore } from '../eventstore/index';
import { withPool } from './pool';
import { printVerifyResult } from './verify-output';

/**
 * `arshjul audit verify|replay|export`: the auditor's tools, straight against the event store
 * (DATABASE_URL, the application role), without the API.
 */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description("the auditor's tools: verify, replay, export");

  audit
    .command('verify')
    .description(
      "walk the hash chains (one per municipality, or one municipality's); exit code 1 and the first bad position if broken",
    )
    .option('-m, --municipality <id>', "only this municipality's chain")
    .option(
      '--from <position>',
      'first chain position to check (the event before it is trusted; needs -m)',
      Number,
    )
    .action(async (opts: { municipality?: string; from?: number }) => {
      if (opts.from !== undefined && !opts.municipality) {
        console.error('--from gäller en kommuns kedja: ange också --municipality.');
        process.exitCode = 2;
        return;
      }
      await withPool(async (pool) => {
        const store = new EventStore(pool);
        const result = await store.verify({
          ...(opts.municipality ? { chainId: opts.municipality } : {}),
          ...(opts.from ? { from: opts.from } : {}),
        });
        printVerifyResult(result);
      });
    });

  audit
    .command('replay')
    .description('the state of an aggregate (or all read models) as of a date, replayed from the events')
    .requiredOption('--municipality <id>', 'the municipality')
    .option('--cycle <year>', 'a cycle (budget year) instead of the municipality', Number)
    .option('--task <taskId>', 'a task instead of the municipality')
    .option('--read-models', 'replay every read model instead of an aggregate (needs --as-of)')
    .option('--as-of <date>', 'a date (end of that day, Stockholm) or an instant; default: now')
    .action(
      async (opts: {
        municipality: string;
        cycle?: number;
        task?: string;
        readModels?: boolean;
        asOf?: string;
      }) => {
        const asOf = opts.asOf ? asOfInstant(opts.asOf) : undefined;
        await withPool(async (pool) => {
          if (opts.readModels) {
            const result = await readModelsAsOf(pool, opts.municipality, asOf ?? new Date().toISOString());
            console.log(JSON.stringify(result, null, 2));
            return;
          }
          const store = new EventStore(pool);
          const ref = opts.task
            ? ({ kind: 'task', taskId: opts.task } as const)
            : opts.cycle
              ? ({ kind: 'cycle', municipalityId: opts.municipality, budgetYear: opts.cycle } as const)
              : ({ kind: 'municipality', municipalityId: opts.municipality } as const);
          const result = await aggregateStateAsOf(store, ref, asOf);
          console.log(JSON.stringify({ asOf: asOf ?? null, ...result }, null, 2));
        });
      },
    );

  audit
    .command('export')
    .description("every event of a municipality as NDJSON (with each event's hash-chain link)")
    .requiredOption('--municipality <id>', 'the municipality')
    .option('--as-of <date>', 'only events that occurred at or before this date/instant')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: { municipality: string; asOf?: string; out?: string }) => {
      await withPool(async (pool) => {
        const out = opts.out ? createWriteStream(opts.out) : process.stdout;
        let count = 0;
        for await (const event of exportMunicipalityEvents(pool, {
          municipalityId: opts.municipality,
          asOf: opts.asOf ? asOfInstant(opts.asOf) : undefined,
        })) {
          if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
          count++;
        }
        if (opts.out) {
          out.end();
          await once(out, 'finish');
          console.error(`${count} händelser skrivna till ${opts.out}`);
        }
      });
    });
}
