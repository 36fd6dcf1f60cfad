import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { loadOrCreateKeys } from './keys';
import { type LoginErrors, loginPage } from './login-page';
import { createProvider } from './provider';
import { checkPassword, type IdpUser, loadUsers } from './users';

export interface RunningIdp {
  issuer: string;
  provider: Provider;
  server: Server;
  close(): Promise<void>;
}

export interface StartIdpOptions {
  port: number;
  host?: string;
  /** Default http://{host}:{port}; set it when the provider is reached by another name (docker). */
  issuer?: string;
  dataDir: string;
  users?: IdpUser[];
  redirectUris?: string[];
  accessTokenTtl?: number;
}

/** Runs the local provider: our login page at /interaction/{uid}, everything else oidc-provider's. */
export async function startIdp(o: StartIdpOptions): Promise<RunningIdp> {
  const host = o.host ?? '127.0.0.1';
  const users = o.users ?? loadUsers();
  const keys = await loadOrCreateKeys(o.dataDir);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(o.port, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const issuer = o.issuer ?? `http://${host}:${port}`;
  const provider = createProvider({
    issuer,
    users,
    keys,
    redirectUris: o.redirectUris,
    accessTokenTtl: o.accessTokenTtl,
  });
  const oidc = provider.callback();
  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return void oidc(req, res);
    interaction(provider, users, req, res, match[1] as string, Boolean(match[2])).catch((error) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="sv"><title>Fel</title><main><h1>Inloggningen kunde inte slutföras</h1><p>Börja om från Årshjulet.</p></main></html>`,
      );
      console.error(error);
    });
  });
  return {
    issuer,
    provider,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function interaction(
  provider: Provider,
  users: readonly IdpUser[],
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  submitted: boolean,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (!submitted || req.method !== 'POST') {
    // arshjul is the municipality's own application: what it asks for is granted without a consent page.
    if (details.prompt.name === 'consent') return grantConsent(provider, details, req, res);
    return html(res, 200, loginPage(uid));
  }
  const form = new URLSearchParams(await readBody(req));
  const username = (form.get('username') ?? '').trim();
  const password = form.get('password') ?? '';
  const errors: LoginErrors = {};
  if (!username) errors.username = 'Fyll i e-postadress';
  if (!password) errors.password = 'Fyll i lösenord';
  const user = username && password ? checkPassword(users, username, password) : null;
  if (username && password && !user) errors.password = 'Fel e-postadress eller lösenord';
  if (!user) return html(res, 422, loginPage(uid, { username }, errors));
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub } },
    { mergeWithLastSubmission: false },
  );
}

async function grantConsent(
  provider: Provider,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({
        accountId: details.session?.accountId,
        clientId: details.params.client_id as string,
      });
  if (!grant) throw new Error('grant not found');
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function html(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

function readBody(req: IncomingMessage, limit = 16_384): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > limit) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
