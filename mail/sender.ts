/**
 * The e-mail sender: one active process per deployment (a Postgres advisory lock; others wait as
 * standbys). It plans the e-mails of new events into the sent log, then delivers what is due, and
 * repeats; a sender killed at any point resumes from the checkpoint and the sent log.
 */
import type pg from 'pg';
import { EventStore } from '../eventstore/index';
import { acquireLeadership } from '../relay/leadership';
import type { MailConfig } from './config';
import { deliverDue, type MailTransport, releaseInterrupted } from './delivery';
import { planPage } from './planner';

export interface MailSenderOptions {
  pool: pg.Pool;
  transport: MailTransport;
  config: MailConfig;
  /** Pause when there is nothing to do (default 500 ms). */
  idleMs?: number;
  log?: (line: string) => void;
}

export interface RunningMailSender {
  /** Resolves once this process leads and has released what a killed predecessor left half-sent. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export function startMailSender(options: MailSenderOptions): RunningMailSender {
  const { pool, transport, config } = options;
  const log = options.log ?? (() => {});
  const idleMs = options.idleMs ?? 500;
  const store = new EventStore(pool);
  const abort = new AbortController();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const loop = async () => {
    while (!abort.signal.aborted) {
      const lead = await acquireLeadership(pool, 'arshjul.mail', {
        signal: abort.signal,
        onWaiting: () => log('en annan avsändare är aktiv; väntar'),
      });
      if (!lead) return;
      try {
        const released = await releaseInterrupted(pool);
        if (released) log(`${released} e-brev som avbröts skickas igen (samma Message-ID)`);
        markReady();
        while (!abort.signal.aborted && lead.held) {
          const planned = await planPage(pool, store, config.publicUrl);
          const delivered = await deliverDue(pool, transport, config.from);
          if (delivered.failed) log(`${delivered.failed} e-brev väntar på nytt försök (SMTP svarar inte)`);
          if (planned.events === 0 && delivered.sent === 0) await pause(idleMs, abort.signal);
        }
      } catch (error) {
        log(`avsändaren: ${String(error)}; försöker igen`);
        await pause(idleMs * 4, abort.signal);
      } finally {
        await lead.release();
      }
    }
  };
  const running = loop();
  return {
    ready,
    async stop() {
      abort.abort();
      await running;
    },
  };
}
