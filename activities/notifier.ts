import type { Logger } from 'pino';
import type { Notification } from './types';

export interface Notifier {
  send(notification: Notification): Promise<void>;
}

/** Logs notifications instead of mailing them; the reminder or escalation is recorded as an event anyway. */
export function loggingNotifier(logger: Logger): Notifier {
  return {
    async send(n) {
      logger.info({ kind: n.kind, to: n.to, correlationId: n.correlationId }, `${n.subject}: ${n.body}`);
    },
  };
}

/** Keeps notifications in memory, for tests that assert who was told what. */
export function recordingNotifier(): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    sent,
    async send(n) {
      sent.push(n);
    },
  };
}
