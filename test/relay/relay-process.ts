// A relay in its own process, for the kill test: RELAY_DATABASE_URL and RELAY_TOPIC say where.
import pg from 'pg';
import { createKafkaBus } from '../../messaging/kafkajs-bus';
import { OutboxRelay } from '../../relay';
import { serviceUrls } from '../../services/config';

const pool = new pg.Pool({ connectionString: process.env.RELAY_DATABASE_URL });
const relay = new OutboxRelay({
  pool,
  bus: createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'relay-process' }),
  topic: process.env.RELAY_TOPIC,
  batchSize: 20,
  log: (line) => console.error(line),
  onCheckpoint: (events) => console.log(`checkpoint ${events.at(-1)?.globalPosition}`),
});
await relay.run(new AbortController().signal);
