import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { mailpitWebUrl } from '../mail/config';
import { cacheDir, host, ports, stateDir } from './config';
import { ensurePortsFree } from './port-check';
import { isAlive, portOpen, readPid, startDetached, stopDetached, waitUntil } from './proc';
import { commandExists, run } from './shell';
import type { Service, ServiceStatus } from './types';

export const MAILPIT_VERSION = '1.33.1';
const goBin = path.join(cacheDir, `mailpit-${MAILPIT_VERSION}`);
export const mailpitBin = path.join(goBin, 'mailpit');

async function answers(): Promise<boolean> {
  try {
    const response = await fetch(`${mailpitWebUrl()}/api/v1/info`, { signal: AbortSignal.timeout(3000) });
    return response.ok && (await portOpen(ports.mailSmtp, host));
  } catch {
    return false;
  }
}

/** Builds Mailpit with the Go toolchain into the cache, once. */
async function provision(log: (line: string) => void): Promise<void> {
  if (existsSync(mailpitBin)) return;
  if (!(await commandExists('go'))) throw new Error('Mailpit needs the Go toolchain (go) to be installed');
  log(`go install github.com/axllent/mailpit@v${MAILPIT_VERSION} (one time, a few minutes)`);
  mkdirSync(goBin, { recursive: true });
  await run('go', ['install', `github.com/axllent/mailpit@v${MAILPIT_VERSION}`], {
    env: { ...process.env, GOBIN: goBin },
  });
}

/** Mailpit: the local SMTP server and inbox where the cycle's e-mails can be read (web UI and API). */
export const mail: Service = {
  name: 'mail',
  async up(log) {
    if (await answers()) return;
    await provision(log);
    if (isAlive(readPid('mail'))) await stopDetached('mail');
    await ensurePortsFree('mail', ['mailSmtp', 'mailWeb'], { log });
    const database = path.join(stateDir, 'mail', 'mailpit.db');
    mkdirSync(path.dirname(database), { recursive: true });
    log(`mailpit ${MAILPIT_VERSION} (SMTP ${host}:${ports.mailSmtp}, inbox ${mailpitWebUrl()})`);
    startDetached('mail', mailpitBin, [
      '--smtp',
      `${host}:${ports.mailSmtp}`,
      '--listen',
      `${host}:${ports.mailWeb}`,
      '--database',
      database,
      '--max',
      // The soak keeps every one of its tens of thousands (ARSHJUL_MAILPIT_MAX); 5000 otherwise.
      process.env.ARSHJUL_MAILPIT_MAX || '5000',
      '--smtp-auth-accept-any',
      '--smtp-auth-allow-insecure',
      // As Exchange and Gmail do: a copy with a Message-ID already delivered is shown once (the sender
      // hands the one e-mail in flight at a crash over again with the same id; see mail/delivery.ts).
      '--ignore-duplicate-ids',
    ]);
    await waitUntil('Mailpit', answers, { timeoutMs: 60_000, logName: 'mail' });
  },
  async down(log) {
    if (await stopDetached('mail', 5000)) log('Mailpit stopped');
  },
  async status(): Promise<ServiceStatus> {
    return {
      name: 'mail',
      endpoint: `smtp://${host}:${ports.mailSmtp} (inkorg ${mailpitWebUrl()})`,
      answers: await answers(),
    };
  },
};
