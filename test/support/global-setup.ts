import { existsSync } from 'node:fs';
import { servicesUp } from '../../services/index';
import { ensureWebBuilt, webDistIndex } from '../../web/build';
import { workflowBundle } from '../../worker/create-worker';

/**
 * Integration and end-to-end tests talk to the real services: provision and start them once per run
 * (idempotent, cached). Set ARSHJUL_EXTERNAL_SERVICES=1 to use services you run yourself (docker-compose),
 * found through DATABASE_URL, ADMIN_DATABASE_URL, TEMPORAL_ADDRESS and KAFKA_BROKERS.
 *
 * While the services start (mostly waiting for them to answer), the two builds that the first test
 * needing them would otherwise wait for are made: the workflow bundle (every worker; cached on disk)
 * and, in a fresh clone, the web app (the browser tests).
 */
export default async function setup(): Promise<void> {
  const starting =
    process.env.ARSHJUL_EXTERNAL_SERVICES === '1'
      ? Promise.resolve()
      : servicesUp([], (line) => console.log(`services: ${line}`));
  await Promise.all([
    starting,
    workflowBundle(),
    // Only when never built: a stale build is rebuilt by the browser tests themselves, so a single
    // other test file run after a change to web/ does not wait for Vite.
    existsSync(webDistIndex) ? undefined : ensureWebBuilt((line) => console.log(`web: ${line}`)),
  ]);
}
