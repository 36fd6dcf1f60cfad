import type { MigrateResult } from '../eventstore/migrate';
import { migrateAppDatabase } from './app-database';
import { idp } from './idp';
import { kafka } from './kafka';
import { mail } from './mail';
import { postgres } from './postgres';
import { temporalDevServer, temporalTestServer } from './temporal';
import type { Service, ServiceStatus } from './types';

export const services: readonly Service[] = [
  postgres,
  temporalDevServer,
  temporalTestServer,
  kafka,
  idp,
  mail,
];

export type ServiceName = 'postgres' | 'temporal' | 'temporal-test-server' | 'kafka' | 'idp' | 'mail';

function select(names: readonly string[]): Service[] {
  if (names.length === 0) return [...services];
  const unknown = names.filter((n) => !services.some((s) => s.name === n));
  if (unknown.length) {
    throw new Error(
      `unknown service '${unknown.join(', ')}'; known: ${services.map((s) => s.name).join(', ')}`,
    );
  }
  return services.filter((s) => names.includes(s.name));
}

/**
 * Provisions and starts the services, in parallel (each is idempotent and waits until it answers).
 * A failure names the service and is raised after the others have had their chance.
 */
export async function servicesUp(
  names: readonly string[] = [],
  log: (line: string) => void = () => {},
): Promise<{ migrated: MigrateResult | null }> {
  const chosen = select(names);
  const results = await Promise.allSettled(chosen.map((s) => s.up((line) => log(`[${s.name}] ${line}`))));
  const failures = results.flatMap((r, i) =>
    r.status === 'rejected'
      ? [`${chosen[i]?.name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`]
      : [],
  );
  if (failures.length) throw new Error(`kunde inte starta:\n${failures.join('\n')}`);
  if (!chosen.includes(postgres)) return { migrated: null };
  // The event store's schema (and the read models') is part of a working database.
  const migrated = await migrateAppDatabase((line) => log(`[postgres] ${line}`));
  if (migrated.applied.length) log(`[postgres] migrated: ${migrated.applied.join(', ')}`);
  return { migrated };
}

export async function servicesDown(names: readonly string[] = [], log: (line: string) => void = () => {}) {
  for (const s of select(names).reverse()) await s.down((line) => log(`[${s.name}] ${line}`));
}

export function servicesStatus(names: readonly string[] = []): Promise<ServiceStatus[]> {
  return Promise.all(select(names).map((s) => s.status()));
}
