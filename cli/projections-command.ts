import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { runProjectionsProcess } from '../ops/projections-process';
import { PROJECTIONS, projectionStatus, rebuildProjections, selectProjections } from '../projections';
import { EVENTS_TOPIC } from '../relay/topic';
import { withPool } from './pool';

const formatLag = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** `arshjul projections run|rebuild [name]` and `arshjul projections status`. */
export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').description('the read models for reporting');
  projections
    .command('run')
    .argument('[name]', `läsmodell (${PROJECTIONS.map((p) => p.name).join(', ')}); alla om inget anges`)
    .description(
      'build the read models from Kafka as they happen (health port ARSHJUL_PROJECTIONS_HEALTH_PORT; Ctrl-C to stop)',
    )
    .option('--topic <name>', 'Kafka-ämne', EVENTS_TOPIC)
    .option('--group-prefix <prefix>', 'konsumentgrupp per läsmodell: <prefix>.<läsmodell>')
    .action(async (name: string | undefined, opts: { topic: string; groupPrefix?: string }) => {
      await runProjectionsProcess(name, opts);
    });
  projections
    .command('rebuild')
    .argument('[name]', `läsmodell (${PROJECTIONS.map((p) => p.name).join(', ')}); alla om inget anges`)
    .description('rebuild read models from the event store (all in one pass over the log)')
    .action(async (name?: string) => {
      const chosen = selectProjections(name);
      const label = name ?? 'alla läsmodeller';
      await withPool(async (pool) => {
        const bar = new SingleBar({
          format: `${label.padEnd(20)} {bar} {percentage}% | {value}/{total} händelser | {duration_formatted}`,
          hideCursor: true,
        });
        const warnings: string[] = [];
        bar.start(1, 0);
        const result = await rebuildProjections(pool, chosen, {
          onProgress: ({ position, head }) => {
            bar.setTotal(Math.max(head, 1));
            bar.update(position);
          },
          warn: (line) => warnings.push(line),
        });
        bar.update(Math.max(result.position, 1));
        bar.stop();
        for (const line of warnings) console.error(line);
        const seconds = result.foldSeconds + result.writeSeconds;
        console.log(
          `${chosen.map((p) => p.name).join(', ')}: ombyggda till position ${result.position} (${result.events} händelser på ${seconds.toFixed(1)} s${result.partitions > 1 ? `, i ${result.partitions} delar` : ''})`,
        );
      });
    });
  projections
    .command('status')
    .description('position and lag of each read model')
    .action(async () => {
      const statuses = await withPool((pool) =>
        projectionStatus(
          pool,
          PROJECTIONS.map((p) => p.name),
        ),
      );
      const width = Math.max(...statuses.map((s) => s.name.length));
      console.log(`${'läsmodell'.padEnd(width)}  position  efter  tid efter  uppdaterad`);
      for (const s of statuses) {
        console.log(
          `${s.name.padEnd(width)}  ${String(s.position).padStart(8)}  ${String(s.lag).padStart(5)}  ${formatLag(s.timeLagMs).padStart(9)}  ${s.updatedAt ?? '–'}`,
        );
      }
      console.log(`händelselagrets position: ${statuses[0]?.head ?? 0}`);
    });
}
