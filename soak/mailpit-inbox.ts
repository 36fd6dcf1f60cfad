import { mailpitWebUrl } from '../mail/config';

/** Mailpit's MessageID, without the angle brackets the header has. */
export const bareMessageId = (id: string) => id.replace(/^<|>$/g, '');

export interface InboxCount {
  /** Stored messages per Message-ID (bare): more than 1 means the mailbox holds two copies. */
  copies: Map<string, number>;
  /** Messages listed on more than one page (the list moved while it was read): counted once. */
  listedTwice: number;
}

/**
 * Counts Mailpit's stored messages per Message-ID, page by page. Mailpit lists newest first, so while
 * e-mails keep arriving each page starts a little further back and repeats the end of the page before:
 * messages are told apart by Mailpit's own ID, so a message read twice is still one message.
 */
export async function countInbox(
  options: { pageSize?: number; onPage?: (start: number) => Promise<void> } = {},
): Promise<InboxCount> {
  const pageSize = options.pageSize ?? 1000;
  const stored = new Map<string, string>();
  let listedTwice = 0;
  for (let start = 0; ; start += pageSize) {
    const res = await fetch(`${mailpitWebUrl()}/api/v1/messages?start=${start}&limit=${pageSize}`);
    if (!res.ok) throw new Error(`Mailpit svarade ${res.status}`);
    const page = (await res.json()) as { messages: { ID: string; MessageID: string }[] };
    for (const m of page.messages) {
      if (stored.has(m.ID)) listedTwice++;
      stored.set(m.ID, bareMessageId(m.MessageID));
    }
    if (page.messages.length < pageSize) break;
    await options.onPage?.(start);
  }
  const copies = new Map<string, number>();
  for (const messageId of stored.values()) copies.set(messageId, (copies.get(messageId) ?? 0) + 1);
  return { copies, listedTwice };
}

/** Copies Mailpit received with a Message-ID it already held and left out (its --ignore-duplicate-ids). */
export async function duplicatesIgnored(): Promise<number> {
  const res = await fetch(`${mailpitWebUrl()}/api/v1/info`);
  if (!res.ok) throw new Error(`Mailpit svarade ${res.status}`);
  const info = (await res.json()) as { RuntimeStats?: { SMTPIgnored?: number } };
  return info.RuntimeStats?.SMTPIgnored ?? 0;
}
