/** `arshjul mail run`: the e-mail sender in one process. */
import { mailConfig } from '../mail/config';
import { startMailSender } from '../mail/sender';
import { smtpTransport } from '../mail/transport';
import { databaseCheck, smtpCheck } from './checks';
import { startHealthServer } from './health-server';
import { stopOnSignal } from './lifecycle';
import { appPool, log } from './processes';
import { startTracing } from './tracing';

/** `arshjul mail run`: plans and sends the cycle's e-mails until a signal. */
export async function runMailProcess(): Promise<never> {
  const config = mailConfig();
  const tracing = startTracing('mail');
  const pool = appPool(3);
  const transport = smtpTransport(config.smtpUrl);
  const sender = startMailSender({ pool, transport, config, log: (line) => log(`e-post: ${line}`) });
  let running = true;
  const health = await startHealthServer({
    name: 'mail',
    checks: { database: databaseCheck(pool), smtp: smtpCheck(config.smtpUrl) },
    running: () => running,
  });
  console.log(`e-post: skickar via ${config.smtpUrl}; hälsa ${health.url}`);
  return stopOnSignal('e-post', async () => {
    running = false;
    await sender.stop();
    transport.close();
    await health.close();
    await pool.end();
    await tracing?.shutdown();
  });
}
