import { mailpitWebUrl } from '../../mail/config';

/** One message as Mailpit's API lists it. */
export interface MailpitMessage {
  ID: string;
  MessageID: string;
  Subject: string;
  To: { Address: string }[];
  Created: string;
}

/** Every message in Mailpit's inbox whose subject contains `tag` (a run's own marker). */
export async function messagesTagged(tag: string): Promise<MailpitMessage[]> {
  const response = await fetch(`${mailpitWebUrl()}/api/v1/messages?limit=5000`);
  if (!response.ok) throw new Error(`Mailpit answered ${response.status}`);
  const { messages } = (await response.json()) as { messages: MailpitMessage[] };
  return messages.filter((m) => m.Subject.includes(tag));
}

/** The plain-text body and our headers of one message. */
export async function messageDetail(id: string): Promise<{ text: string; fact: string; kind: string }> {
  const [message, headers] = await Promise.all([
    fetch(`${mailpitWebUrl()}/api/v1/message/${id}`).then((r) => r.json() as Promise<{ Text: string }>),
    fetch(`${mailpitWebUrl()}/api/v1/message/${id}/headers`).then(
      (r) => r.json() as Promise<Record<string, string[]>>,
    ),
  ]);
  return {
    text: message.Text,
    fact: headers['X-Arshjul-Fact']?.[0] ?? '',
    kind: headers['X-Arshjul-Kind']?.[0] ?? '',
  };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
