import { servicesUp } from '../../services/index';

/**
 * Integration and end-to-end tests talk to the real services: provision and start them once per run
 * (idempotent, cached). Set ARSHJUL_EXTERNAL_SERVICES=1 to use services you run yourself (docker-compose),
 * found through DATABASE_URL, ADMIN_DATABASE_URL, TEMPORAL_ADDRESS and KAFKA_BROKERS.
 */
export default async function setup(): Promise<void> {
  if (process.env.ARSHJUL_EXTERNAL_SERVICES === '1') return;
  await servicesUp([], (line) => console.log(`services: ${line}`));
}
