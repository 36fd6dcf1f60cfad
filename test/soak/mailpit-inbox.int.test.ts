import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { mailConfig } from '../../mail/config';
import { smtpTransport } from '../../mail/transport';
import { countInbox, duplicatesIgnored } from '../../soak/mailpit-inbox';

/**
 * The soak's mail check paged Mailpit's newest-first list while reminders kept arriving: each new
 * e-mail pushed the list one place on, the next page began with the last message of the page before,
 * and that message was counted as delivered twice. Here e-mails arrive between the pages on purpose.
 */
describe('counting Mailpit while e-mails keep arriving (real Mailpit)', () => {
  const transport = smtpTransport(mailConfig().smtpUrl);
  const tag = randomUUID();
  afterAll(() => transport.close());

  const send = (messageId: string) =>
    transport.send({
      from: 'arshjul@localhost',
      to: 'test@example.test',
      subject: `inkorgsräkning ${tag}`,
      text: 'x',
      html: '<p>x</p>',
      messageId: `<${messageId}>`,
      headers: {},
    });

  it('counts each stored message once although pages repeat, and sees a resent Message-ID once', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `${tag}.${i}@arshjul`);
    for (const id of ids) await send(id);
    const ignoredBefore = await duplicatesIgnored();
    // The same Message-ID handed over again (a sender killed before it marked the row sent).
    await send(ids[0] as string);
    const late: string[] = [];
    const counted = await countInbox({
      pageSize: 4,
      onPage: async (start) => {
        if (start > 8) return;
        const id = `${tag}.late${start}@arshjul`;
        late.push(id);
        await send(id);
      },
    });
    expect(late.length).toBeGreaterThanOrEqual(2);
    // Each new e-mail pushed a message already read onto the next page.
    expect(counted.listedTwice).toBeGreaterThanOrEqual(late.length - 1);
    for (const id of ids) expect(counted.copies.get(id), id).toBe(1);
    // Mailpit keeps one copy of a Message-ID and counts the copy it left out.
    expect((await duplicatesIgnored()) - ignoredBefore).toBe(1);
  }, 60_000);
});
