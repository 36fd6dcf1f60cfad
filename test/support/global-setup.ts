import { existsSync } from 'node:fs';

/**
 * Integration and end-to-end tests talk to the real services: provision and start them once per run
 * (idempotent, cached). Set ARSHJUL_EXTERNAL_SERVICES=1 to use services you run yourself (docker-compose),
 * found through DATABASE_URL, ADMIN_DATABASE_URL, TEMPORAL_ADDRESS and KAFKA_BROKERS.
 *
 * While the services start (mostly waiting for them to answer), the two builds that the first test
 * needing them would otherwise wait for are made: the workflow bundle (every worker; cached on disk)
 * and, in a fresh clone, the web app (the browser tests).
 *
 * Two projects (the files run two at a time and those run alone) name this file; vitest loads it once
 * for each in the same process. The work is kept on globalThis and the app's modules are imported only
 * here, so the second load neither starts the services again nor registers the metrics a second time.
 */
export default async function setup(): Promise<void> {
  const run = globalThis as { arshjulServicesReady?: Promise<void> };
  run.arshjulServicesReady ??= provision();
  await run.arshjulServicesReady;
}

async function provision(): Promise<void> {
  const [{ servicesUp }, { ensureWebBuilt, webDistIndex }, { workflowBundle }] = await Promise.all([
    import('../../services/index'),
    import('../../web/build'),
    import('../../worker/create-worker'),
  ]);
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
