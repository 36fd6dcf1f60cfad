import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { aggregateStateAsOf } from '../application/aggregates';
import { auditExportLines } from '../application/audit-export';
import { readModelsAsOf } from '../application/read-models';
import { asOfInstant } from '../domain/calendar/dates';
import { EventStore, startHashWorkers } from '../eventstore/index';
import { registerAuditHeadsCommands } from './audit-heads-command';
import { withPool } from './pool';
import { cliKeyRing, publishOrWarn } from './signing-keys';
import { printVerifyResult, trustedSignedHeads, type VerifyOpts, verifyExportFile } from './verify-output';

/**
 * `arshjul audit verify|replay|export`: the auditor's tools, straight against the event store
 * (DATABASE_URL, the application role), without the API.
 */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description("the auditor's tools: verify, replay, export");

  audit
    .command('verify')
    .description(
      "walk the hash chains (every municipality's, or one), or check an export offline; exit code 1 if broken",
    )
    .option('-m, --municipality <id>', "only this municipality's chain")
    .option(
      '--from <position>',
      'first chain position to check (the event before it is trusted; needs -m)',
      Number,
    )
    .option('--file <export>', 'check an export (audit export) without the database')
    .option('--heads <file>', 'hold the chain to the signed heads in this file (e.g. an older export)')
    .option('--kafka-heads', 'hold the chain to the signed heads published on Kafka')
    .option('--keys <file>', "trusted public keys (audit keys public); default: the store's own key ring")
    .action(async (opts: VerifyOpts) => {
      if (opts.from !== undefined && !opts.municipality) {
        console.error('--from gäller en kommuns kedja: ange också --municipality.');
        process.exitCode = 2;
        return;
      }
      if (opts.file) return verifyExportFile(opts.file, opts);
      const signedHeads = await trustedSignedHeads(opts);
      await withPool(async (pool) => {
        const store = new EventStore(pool);
        // Workers read and hash the pages on connections of their own; this thread only links the pages.
        const workers = startHashWorkers();
        try {
          const result = await store.verify({
            ...(opts.municipality ? { chainId: opts.municipality } : {}),
            ...(opts.from ? { from: opts.from } : {}),
            signedHeads,
            workers,
          });
          printVerifyResult(result);
        } finally {
          await workers.close();
        }
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
    .description("one municipality's chain as NDJSON: its events with their links and its signed heads")
    .requiredOption('-m, --municipality <id>', 'the municipality')
    .option(
      '--as-of <date>',
      'only events that occurred at or before this date/instant (not verifiable offline)',
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: { municipality: string; asOf?: string; out?: string }) => {
      const ring = cliKeyRing();
      await withPool(async (pool) => {
        const out = opts.out ? createWriteStream(opts.out) : process.stdout;
        let lines = 0;
        for await (const line of auditExportLines(pool, {
          municipalityId: opts.municipality,
          asOf: opts.asOf ? asOfInstant(opts.asOf) : undefined,
          ring,
          onSigned: publishOrWarn,
        })) {
          if (!out.write(line)) await once(out, 'drain');
          lines++;
        }
        if (opts.out) {
          out.end();
          await once(out, 'finish');
          console.error(`${lines} rader skrivna till ${opts.out}`);
        }
      });
    });

  registerAuditHeadsCommands(audit);
}
