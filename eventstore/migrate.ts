import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

/** The event store's own migrations (the events table, its chains, the append function and grants). */
export const eventStoreMigrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

export interface MigrateOptions {
  /**
   * Folders of migrations (SQL, or TypeScript where a step needs code), each beside the module that owns its tables. Their files run as one
   * list in timestamp order; a file's name (without `.sql`/`.ts`) is what pgmigrations records.
   */
  dirs: readonly string[];
  log?: (line: string) => void;
}

export interface MigrateResult {
  database: string;
  /** Names of the migrations this call applied (empty when the schema was already current). */
  applied: string[];
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`database URL names no database: ${redact(url)}`);
  return name;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

// node-pg-migrate reads several folders only through glob patterns, so a folder's own path must not
// be read as one (a clone under "Projects (old)", say).
const globLiteral = (dir: string) => dir.replace(/[?*()[\]{}\\]/g, '\\$&');

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Creates the database if it is missing; tolerates a concurrent creator. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return;
    await client.query(`create database ${quoteIdent(database)}`).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      // 42P04 duplicate_database; 23505 when two creators race on pg_database's unique index.
      if (code !== '42P04' && code !== '23505') throw error;
    });
  } finally {
    await client.end();
  }
}

/**
 * Brings a database's schema up to date from the migrations in `options.dirs`. Runs as the admin
 * (owner) role given by `adminUrl`; with `database`, that database (created if missing) instead of the
 * one the URL names. Idempotent, and safe to call concurrently: node-pg-migrate waits on a session
 * advisory lock before it reads the migrations table, and all pending migrations apply in one
 * transaction.
 */
export async function migrate(
  adminUrl: string,
  database: string | undefined,
  options: MigrateOptions,
): Promise<MigrateResult> {
  const target = database ?? databaseOf(adminUrl);
  if (database !== undefined) await ensureDatabase(adminUrl, database);
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, target) });
  await client.connect();
  try {
    const log = options.log ?? (() => {});
    const applied = await runner({
      dbClient: client,
      dir: options.dirs.flatMap((dir) => [`${globLiteral(dir)}/*.sql`, `${globLiteral(dir)}/*.ts`]),
      useGlob: true,
      migrationsTable: 'pgmigrations',
      direction: 'up',
      singleTransaction: true,
      advisoryLockMode: 'wait',
      checkOrder: true,
      logger: { debug: () => {}, info: log, warn: log, error: log },
    });
    return { database: target, applied: applied.map((m) => m.name) };
  } finally {
    await client.end();
  }
}
