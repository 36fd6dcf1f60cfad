import type pg from 'pg';
import { MAIL_CHECKPOINT } from './planner';

export interface MailStatus {
  /** The last global position planned into the sent log, and the store's newest. */
  position: number;
  head: number;
  pending: number;
  sending: number;
  sent: number;
  /** The newest delivery error of a row still waiting, if any. */
  lastError: string | null;
}

export async function mailStatus(pool: pg.Pool): Promise<MailStatus> {
  const { rows } = await pool.query<{
    position: string | null;
    head: string | null;
    pending: string;
    sending: string;
    sent: string;
    last_error: string | null;
  }>(
    `select (select position from mail_checkpoint where name = $1) as position,
            (select max(global_position) from events) as head,
            count(*) filter (where status = 'pending') as pending,
            count(*) filter (where status = 'sending') as sending,
            count(*) filter (where status = 'sent') as sent,
            (select last_error from mail_outbox where status <> 'sent' and last_error is not null
              order by next_attempt_at desc limit 1) as last_error
     from mail_outbox`,
    [MAIL_CHECKPOINT],
  );
  const r = rows[0];
  return {
    position: Number(r?.position ?? 0),
    head: Number(r?.head ?? 0),
    pending: Number(r?.pending ?? 0),
    sending: Number(r?.sending ?? 0),
    sent: Number(r?.sent ?? 0),
    lastError: r?.last_error ?? null,
  };
}
