import type { Command } from 'commander';
import pg from 'pg';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { EVENTS_TOPIC, OutboxRelay, relayStatus } from '../relay';
import { serviceUrls } from '../services/config';

/** `arshjul relay run` (until Ctrl-C) and `arshjul relay status`. */
export function registerRelayCommand(program: Command): void {
  const relay = program
    .command('relay')
    .description("publish the event store's events to Kafka (outbox relay)");
  relay
    .command('run')
    .description('follow the event store and publish every event to Kafka (Ctrl-C to stop)')
    .option('--topic <name>', 'Kafka-ämne', EVENTS_TOPIC)
    .action(async (opts: { topic: string }) => {
      const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 2 });
      pool.on('error', () => {}); // a dropped idle connection is retried by the relay's backoff
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'arshjul-relay' });
      console.log(`relä: publicerar till ${opts.topic} (${serviceUrls.kafkaBrokers.join(', ')})`);
      try {
        await new OutboxRelay({ pool, bus, topic: opts.topic, log: (line) => console.error(line) }).run(
          stop.signal,
        );
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await pool.end();
      }
      console.log('relä: stoppat');
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
