import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { loggingNotifier } from '../activities/notifier';
import { EventStore } from '../eventstore/index';
import { serviceUrls } from '../services/config';
import { createArshjulWorker } from './create-worker';
import { installRuntimeLogger } from './runtime';

/** Runs the worker until SIGINT/SIGTERM: `arshjul worker` or `node --import tsx worker/main.ts`. */
export async function runWorker(): Promise<void> {
  const logger = pino({ name: 'arshjul-worker' });
  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 10 });
  installRuntimeLogger();
  const connection = await NativeConnection.connect({ address: serviceUrls.temporalAddress });
  try {
    const worker = await createArshjulWorker({
      connection,
      namespace: serviceUrls.temporalNamespace,
      store: new EventStore(pool),
      notifier: loggingNotifier(logger),
    });
    logger.info({ temporal: serviceUrls.temporalAddress }, 'worker started');
    await worker.run();
  } finally {
    await connection.close();
    await pool.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runWorker();
}
