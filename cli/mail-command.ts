import type { Command } from 'commander';
import pg from 'pg';
import { mailConfig, mailpitWebUrl } from '../mail/config';
import { startMailSender } from '../mail/sender';
import { mailStatus } from '../mail/status';
import { smtpTransport } from '../mail/transport';
import { serviceUrls } from '../services/config';

/** `arshjul mail run` (until Ctrl-C) and `arshjul mail status`. */
export function registerMailCommand(program: Command): void {
  const mail = program
    .command('mail')
    .description('send the e-mails of the cycle (reminders, escalations, returns …)');
  mail
    .command('run')
    .description("follow the event store and send each fact's e-mails once (Ctrl-C to stop)")
    .action(async () => {
      const config = mailConfig();
      const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 3 });
      pool.on('error', () => {}); // a dropped idle connection is retried by the sender
      const transport = smtpTransport(config.smtpUrl);
      const sender = startMailSender({
        pool,
        transport,
        config,
        log: (line) => console.error(`e-post: ${line}`),
      });
      await sender.ready;
      console.log(`e-post: skickar via ${config.smtpUrl} (lokalt kan breven läsas på ${mailpitWebUrl()})`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sender.stop();
      transport.close();
      await pool.end();
      console.log('e-post: stoppad');
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
