import type { Command } from 'commander';
import { migrate } from '../eventstore/migrate';
import { appDatabaseName } from '../eventstore/startup';
import { serviceUrls } from '../services/config';

/** `arshjul db ...`: database administration (runs as the admin role). */
export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply pending event store migrations (idempotent; creates the database if missing)')
    .option('--database <name>', 'database to migrate (default: the one DATABASE_URL names)')
    .option('--admin-url <url>', 'admin connection URL (default: ADMIN_DATABASE_URL or the local cluster)')
    .action(async (opts: { database?: string; adminUrl?: string }) => {
      const database = opts.database ?? appDatabaseName();
      const result = await migrate(opts.adminUrl ?? serviceUrls.adminDatabaseUrl, database, {
        log: (line) => console.log(line),
      });
      console.log(
        result.applied.length
          ? `${result.database}: applied ${result.applied.join(', ')}`
          : `${result.database}: up to date`,
      );
    });
}
