/**
 * Hands the planned e-mails to SMTP, oldest fact first. Each row is marked 'sending' before the SMTP
 * transaction and 'sent' right after the server's reply; an SMTP server that is down is retried with
 * exponential backoff and nothing is dropped.
 */
import { SpanKind } from '@opentelemetry/api';
import type pg from 'pg';
import { activeTracer, contextOfTraceparent, inSpan } from '../ops/tracing';

/** What the sender needs of an SMTP client (nodemailer's transport in production). */
export interface MailTransport {
  send(mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<void>;
}

interface OutboxRow {
  key: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  kind: string;
  event_id: string;
  attempts: number;
  /** The fact's append trace context (only asked for when tracing is on). */
  traceparent?: string | null;
}

const TRACEPARENT_COLUMN = `,
  (select e.metadata->>'traceparent' from events e where e.event_id = mail_outbox.event_id) as traceparent`;

/** The SMTP hand-over as a `mail.send` span in the trace of the append that stored the fact. */
function sendInSpan(row: OutboxRow, send: () => Promise<void>): Promise<void> {
  return inSpan(
    'mail.send',
    () => ({
      'arshjul.mail.kind': row.kind,
      'arshjul.event_id': row.event_id,
      'arshjul.mail.attempt': row.attempts,
    }),
    send,
    SpanKind.CLIENT,
    contextOfTraceparent(row.traceparent ?? undefined),
  );
}

/** 5 s, 10 s, 20 s … at most 15 minutes between attempts. */
export function backoffSeconds(attempts: number): number {
  return Math.min(900, 5 * 2 ** Math.max(0, attempts - 1));
}

/** Sends up to `limit` due e-mails; returns how many went out and how many failed (to be retried). */
export async function deliverDue(
  pool: pg.Pool,
  transport: MailTransport,
  from: string,
  limit = 50,
): Promise<{ sent: number; failed: number }> {
  // Claim a batch: rows another sender holds are skipped, so two senders never send the same row.
  // Tracing on: each fact's trace context comes along from its event's metadata.
  const { rows } = await pool.query<OutboxRow>(
    `update mail_outbox set status = 'sending', attempts = attempts + 1
     where key in (
       select key from mail_outbox
       where status <> 'sent' and next_attempt_at <= now()
       order by global_position, key
       limit $1
       for update skip locked)
     returning key, recipient, subject, text_body, html_body, message_id, kind, event_id, attempts${
       activeTracer() ? TRACEPARENT_COLUMN : ''
     }`,
    [limit],
  );
  let sent = 0;
  let failed = 0;
  for (const [i, row] of rows.entries()) {
    try {
      const mail = {
        from,
        to: row.recipient,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        messageId: row.message_id,
        headers: { 'X-Arshjul-Fact': row.event_id, 'X-Arshjul-Kind': row.kind },
      };
      if (row.traceparent) await sendInSpan(row, () => transport.send(mail));
      else await transport.send(mail);
      await pool.query(
        `update mail_outbox set status = 'sent', sent_at = now(), last_error = null where key = $1`,
        [row.key],
      );
      sent++;
    } catch (error) {
      // The server is down or refused: this row and the rest of the batch wait for their next attempt.
      for (const waiting of rows.slice(i)) {
        await pool.query(
          `update mail_outbox set status = 'pending', last_error = $2,
             next_attempt_at = now() + make_interval(secs => $3) where key = $1`,
          [
            waiting.key,
            String(error instanceof Error ? error.message : error).slice(0, 500),
            backoffSeconds(waiting.attempts),
          ],
        );
      }
      failed = rows.length - i;
      break;
    }
  }
  return { sent, failed };
}

/**
 * At start-up: rows a killed sender left in 'sending' go out again. Their SMTP reply may have been lost
 * with the process, so the copy carries the same Message-ID and the receiving mailbox can tell.
 */
export async function releaseInterrupted(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(
    `update mail_outbox set status = 'pending', next_attempt_at = now() where status = 'sending'`,
  );
  return rowCount ?? 0;
}
