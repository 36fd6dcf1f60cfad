import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase } from '../../services/app-database';
import { serviceUrls } from '../../services/config';

export interface TestDatabase {
  name: string;
  /** Connection URLs for the application role and the admin (superuser) role. */
  appUrl: string;
  adminUrl: string;
  /** Pools as the application role (`arshjul`) and as the admin role, on this database. */
  appPool: pg.Pool;
  adminPool: pg.Pool;
  /** Closes the pools and drops the database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated database with a random name, so suites never see each other's events. Call
 * `drop()` in afterAll. `label` ends up in the name to tell leftovers apart.
 */
export async function createTestDatabase(
  label = 'test',
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 30);
  const name = `arshjul_${safeLabel}_${randomBytes(5).toString('hex')}`;
  await migrateDatabase(serviceUrls.adminDatabaseUrl, name);
  const appUrl = withDatabase(serviceUrls.databaseUrl, name);
  const adminUrl = withDatabase(serviceUrls.adminDatabaseUrl, name);
  const appPool = new pg.Pool({ connectionString: appUrl, max: options.poolSize ?? 10 });
  const adminPool = new pg.Pool({ connectionString: adminUrl, max: 4 });
  // An idle client that loses its connection (e.g. the database is dropped) must not crash the run.
  appPool.on('error', () => {});
  adminPool.on('error', () => {});
  return {
    name,
    appUrl,
    adminUrl,
    appPool,
    adminPool,
    async drop() {
      await Promise.allSettled([appPool.end(), adminPool.end()]);
      const admin = new pg.Client({ connectionString: serviceUrls.adminDatabaseUrl });
      await admin.connect();
      try {
        await admin.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
