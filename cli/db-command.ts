import type { Command } from 'commander';
import { appDatabaseName, migrateDatabase } from '../services/app-database';
import { serviceUrls } from '../services/config';

/** `arshjul db ...`: database administration (runs as the admin role). */
export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply pending migrations of every module (idempotent; creates the database if missing)')
    .option('--database <name>', 'database to migrate (default: the one DATABASE_URL names)')
    .option('--admin-url <url>', 'admin connection URL (default: ADMIN_DATABASE_URL or the local cluster)')
    .action(async (opts: { database?: string; adminUrl?: string }) => {
      const database = opts.database ?? appDatabaseName();
      const result = await migrateDatabase(opts.adminUrl ?? serviceUrls.adminDatabaseUrl, database, (line) =>
        console.log(line),
      );
      console.log(
        result.applied.length
          ? `${result.database}: applied ${result.applied.join(', ')}`
          : `${result.database}: up to date`,
      );
    });
}
