import type { Command } from 'commander';
import pg from 'pg';
import { mailStatus } from '../mail/status';
import { runMailProcess } from '../ops/mail-process';
import { serviceUrls } from '../services/config';

/** `arshjul mail run` (until Ctrl-C) and `arshjul mail status`. */
export function registerMailCommand(program: Command): void {
  const mail = program
    .command('mail')
    .description('send the e-mails of the cycle (reminders, escalations, returns …)');
  mail
    .command('run')
    .description(
      "follow the event store and send each fact's e-mails once (health port ARSHJUL_MAIL_HEALTH_PORT; Ctrl-C to stop)",
    )
    .action(async () => {
      await runMailProcess();
    });
  mail
    .command('status')
    .description('how far the sender has come and what waits')
    .action(async () => {
      const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 1 });
      try {
        const s = await mailStatus(pool);
        console.log(
          `e-post: planerat till position ${s.position} av ${s.head}; ${s.sent} skickade, ${s.pending} väntar, ${s.sending} under sändning`,
        );
        if (s.lastError) console.log(`senaste fel: ${s.lastError}`);
      } finally {
        await pool.end();
      }
    });
}
