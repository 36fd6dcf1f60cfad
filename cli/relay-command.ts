import type { Command } from 'commander';
import pg from 'pg';
import { runRelayProcess } from '../ops/relay-process';
import { relayStatus } from '../relay/status';
import { EVENTS_TOPIC } from '../relay/topic';
import { serviceUrls } from '../services/config';

/** `arshjul relay run` (until Ctrl-C) and `arshjul relay status`. */
export function registerRelayCommand(program: Command): void {
  const relay = program
    .command('relay')
    .description("publish the event store's events to Kafka (outbox relay)");
  relay
    .command('run')
    .description(
      'follow the event store and publish every event to Kafka (health port ARSHJUL_RELAY_HEALTH_PORT; Ctrl-C to stop)',
    )
    .option('--topic <name>', 'Kafka-ämne', EVENTS_TOPIC)
    .action(async (opts: { topic: string }) => {
      await runRelayProcess(opts.topic);
    });
  relay
    .command('status')
    .description("the relay's position and lag")
    .option('--topic <name>', 'Kafka-ämne', EVENTS_TOPIC)
    .action(async (opts: { topic: string }) => {
      const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 1 });
      try {
        const s = await relayStatus(pool, opts.topic);
        console.log(
          `${s.topic}: position ${s.position} av ${s.head}, efter ${s.lag} händelser (${s.timeLagMs} ms)`,
        );
      } finally {
        await pool.end();
      }
    });
}
