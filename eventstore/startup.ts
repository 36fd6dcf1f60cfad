import { serviceUrls } from '../services/config';
import { type MigrateResult, migrate } from './migrate';

/** The database the application connects to (DATABASE_URL or the local default). */
export function appDatabaseName(): string {
  return decodeURIComponent(new URL(serviceUrls.databaseUrl).pathname.replace(/^\//, ''));
}

/**
 * For service start-up: once Postgres answers, bring the application database's event store schema up
 * to date (creating the database if needed), as the configured admin role.
 */
export function migrateAppDatabase(log: (line: string) => void = () => {}): Promise<MigrateResult> {
  return migrate(serviceUrls.adminDatabaseUrl, appDatabaseName(), { log });
}
