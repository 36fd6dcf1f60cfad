import path from 'node:path';
import { host, paths, ports, repoRoot } from './config';
import { ensurePortsFree } from './port-check';
import { isAlive, readPid, startDetached, stopDetached, waitUntil } from './proc';
import type { Service, ServiceStatus } from './types';

export const idpIssuer = () => `http://${host}:${ports.idp}`;

async function answers(): Promise<boolean> {
  try {
    const response = await fetch(`${idpIssuer()}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok && ((await response.json()) as { issuer?: string }).issuer === idpIssuer();
  } catch {
    return false;
  }
}

/** The local OpenID provider (panva's oidc-provider in services/idp/), with Ale's people and groups. */
export const idp: Service = {
  name: 'idp',
  async up(log) {
    if (await answers()) return;
    if (isAlive(readPid('idp'))) await stopDetached('idp');
    await ensurePortsFree('idp', ['idp'], { log });
    log(`oidc-provider (issuer ${idpIssuer()})`);
    startDetached(
      'idp',
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'services', 'idp', 'main.ts')],
      {
        ARSHJUL_IDP_PORT: String(ports.idp),
        ARSHJUL_IDP_DATA_DIR: paths.idpData,
      },
    );
    await waitUntil('identity provider', answers, { timeoutMs: 60_000, logName: 'idp' });
  },
  async down(log) {
    if (await stopDetached('idp', 5000)) log('identity provider stopped');
  },
  async status(): Promise<ServiceStatus> {
    return {
      name: 'idp',
      endpoint: `${idpIssuer()} (users: services/idp/ale-users.json)`,
      answers: await answers(),
    };
  },
};
