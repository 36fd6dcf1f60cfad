import path from 'node:path';
import { eventStoreMigrationsDir, type MigrateResult, migrate } from '../eventstore/migrate';
import { repoRoot, serviceUrls } from './config';

/**
 * Every migration folder of the application database, each beside the module that owns its tables:
 * the event store, the outbox relay's checkpoints, the projections' read models, the API's
 * idempotency keys and the e-mail sender's sent log. The runner merges them in timestamp order.
 */
export const appMigrationDirs: readonly string[] = [
  eventStoreMigrationsDir,
  path.join(repoRoot, 'relay', 'migrations'),
  path.join(repoRoot, 'projections', 'migrations'),
  path.join(repoRoot, 'api', 'migrations'),
  path.join(repoRoot, 'mail', 'migrations'),
];

/** The database the application connects to (DATABASE_URL or the local default). */
export function appDatabaseName(): string {
  return decodeURIComponent(new URL(serviceUrls.databaseUrl).pathname.replace(/^\//, ''));
}

/**
 * Brings a database (created if missing) up to the application's schema, as the admin role given by
 * `adminUrl`.
 */
export function migrateDatabase(
  adminUrl: string,
  database: string,
  log: (line: string) => void = () => {},
): Promise<MigrateResult> {
  return migrate(adminUrl, database, { dirs: appMigrationDirs, log });
}

/**
 * For service start-up: once Postgres answers, bring the application database's schema up to date
 * (creating the database if needed), as the configured admin role.
 */
export function migrateAppDatabase(log: (line: string) => void = () => {}): Promise<MigrateResult> {
  return migrateDatabase(serviceUrls.adminDatabaseUrl, appDatabaseName(), log);
}
