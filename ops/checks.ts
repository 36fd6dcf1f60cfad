/** Readiness checks: does a dependency answer right now? Each throws with the reason when not. */
import { Kafka, logLevel } from 'kafkajs';
import '../messaging/kafkajs-idle-fix';
import type pg from 'pg';

const CHECK_TIMEOUT_MS = 2_000;

export type ReadinessCheck = () => Promise<void>;

export async function withTimeout<T>(work: Promise<T>, ms = CHECK_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`svarade inte inom ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function databaseCheck(pool: pg.Pool): ReadinessCheck {
  return async () => {
    await withTimeout(pool.query('select 1'));
  };
}

/** Temporal's frontend answers GetSystemInfo (any connection type with a workflowService). */
export function temporalCheck(connection: {
  workflowService: { getSystemInfo(request: object): Promise<unknown> };
}): ReadinessCheck {
  return async () => {
    await withTimeout(connection.workflowService.getSystemInfo({}));
  };
}

export interface KafkaCheck {
  check: ReadinessCheck;
  close(): Promise<void>;
}

/** One admin client kept for the checks; a failed check drops it so the next one reconnects. */
export function kafkaCheck(brokers: string[]): KafkaCheck {
  const kafka = new Kafka({
    clientId: 'arshjul-readiness',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: CHECK_TIMEOUT_MS,
    retry: { retries: 0 },
  });
  let admin: ReturnType<Kafka['admin']> | null = null;
  const drop = async () => {
    const a = admin;
    admin = null;
    await a?.disconnect().catch(() => undefined);
  };
  return {
    async check() {
      try {
        if (!admin) {
          admin = kafka.admin();
          await withTimeout(admin.connect());
        }
        await withTimeout(admin.describeCluster());
      } catch (error) {
        await drop();
        throw error;
      }
    },
    close: drop,
  };
}

/** The SMTP server accepts a TCP connection (the sender's transport opens its own when it sends). */
export function smtpCheck(smtpUrl: string): ReadinessCheck {
  const url = new URL(smtpUrl);
  const port = Number(url.port || (url.protocol === 'smtps:' ? 465 : 587));
  return async () => {
    const { createConnection } = await import('node:net');
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const socket = createConnection({ host: url.hostname, port }, () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      }),
    );
  };
}
