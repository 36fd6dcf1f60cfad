import type pg from 'pg';
import { mailConfig, mailpitWebUrl } from '../mail/config';
import { startMailSender } from '../mail/sender';
import { mailStatus } from '../mail/status';
import { smtpTransport } from '../mail/transport';
import type { Shutdown } from './shutdown';

/**
 * The demo's e-mail: the sender follows the event store and delivers to the local Mailpit, where a
 * newcomer reads what the cycle told its people. Returns a line for the summary.
 */
export async function startDemoMail(
  pool: pg.Pool,
  publicUrl: string,
  shutdown: Shutdown,
  log: (line: string) => void,
): Promise<(municipalityId: string) => Promise<string>> {
  const config = { ...mailConfig(), publicUrl };
  const transport = smtpTransport(config.smtpUrl);
  const sender = startMailSender({ pool, transport, config, log: (line) => log(`   e-post: ${line}`) });
  await sender.ready;
  shutdown.add('e-posten', 250, async () => {
    await sender.stop();
    transport.close();
  });
  log(`   e-posten skickas via ${config.smtpUrl}; läs breven på ${mailpitWebUrl()}`);
  return async (municipalityId) => {
    // The last facts of the scenario are a moment old: give the sender up to 5 s to plan and send them.
    for (let waited = 0; waited < 5_000; waited += 200) {
      const s = await mailStatus(pool);
      if (s.position >= s.head && s.pending + s.sending === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const { rows } = await pool.query<{ kind: string; n: string; waiting: string }>(
      `select kind, count(*) as n, count(*) filter (where status <> 'sent') as waiting
       from mail_outbox where municipality_id = $1 group by kind order by kind`,
      [municipalityId],
    );
    // In the order of a task's life, each in the singular or the plural.
    const words: [string, string, string][] = [
      ['assigned', 'ny uppgift', 'nya uppgifter'],
      ['reminder', 'påminnelse', 'påminnelser'],
      ['escalation', 'eskalering', 'eskaleringar'],
      ['returned', 'returnerad för komplettering', 'returnerade för komplettering'],
      ['approved', 'godkännande', 'godkännanden'],
      ['cancelled', 'avbruten uppgift', 'avbrutna uppgifter'],
      ['decision-overdue', 'försenat beslut', 'försenade beslut'],
    ];
    const count = (kind: string) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
    const total = rows.reduce((n, r) => n + Number(r.n), 0);
    const waiting = rows.reduce((n, r) => n + Number(r.waiting), 0);
    const parts = words
      .filter(([kind]) => count(kind) > 0)
      .map(([kind, one, many]) => `${count(kind)} ${count(kind) === 1 ? one : many}`)
      .join(', ');
    return `${total} e-brev (${parts})${waiting ? `, ${waiting} på väg` : ''} – läs dem på ${mailpitWebUrl()}`;
  };
}
