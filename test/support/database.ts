import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { appMigrationDirs, migrateDatabase } from '../../services/app-database';
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

const TEMPLATE_PREFIX = 'arshjul_template_';

/** A hash of every migration file's name and bytes: a changed migration makes a new template. */
async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of appMigrationDirs) {
    for (const file of (await readdir(dir)).sort()) {
      hash
        .update(file)
        .update('\0')
        .update(await readFile(path.join(dir, file)))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function withAdmin<T>(act: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serviceUrls.adminDatabaseUrl });
  await admin.connect();
  try {
    return await act(admin);
  } finally {
    await admin.end();
  }
}

let template: Promise<string> | undefined;
/**
 * The migrated database every test database is copied from, one per version of the migrations: a copy
 * takes a tenth of running the migrations again, which every test file did. Built under another name
 * and renamed when complete, so a copy never starts from a half-migrated template.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `${TEMPLATE_PREFIX}${await migrationsHash()}`;
    const exists = async (admin: pg.Client) =>
      Boolean((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount);
    if (await withAdmin(exists)) return name;
    const building = `arshjul_building_${randomBytes(5).toString('hex')}`;
    await migrateDatabase(serviceUrls.adminDatabaseUrl, building);
    await withAdmin(async (admin) => {
      try {
        await admin.query(`alter database "${building}" rename to "${name}"`);
      } catch (error) {
        // Another run built the same template meanwhile: use theirs.
        await admin.query(`drop database if exists "${building}" with (force)`);
        if (!(await exists(admin))) throw error;
      }
    });
    return name;
  })().catch((error: unknown) => {
    template = undefined;
    throw error;
  });
  return template;
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
  const source = await migratedTemplate();
  await withAdmin((admin) => admin.query(`create database "${name}" template "${source}"`));
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
