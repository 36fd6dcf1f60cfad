import { signToken, type TokenClaimsInput } from '../api/auth';
import { municipalityCommandRequest } from '../api/routes/organisation';
import { ALE_USERS, aleMunicipalityCommands } from '../domain/examples/ale';
import type { ApiClient } from './http-port';

/** The claims of each Ale user in a municipality (tenant) id: roles and, for secretaries, organs. */
export function aleClaims(municipalityId: string, userId: string): TokenClaimsInput {
  if (userId === ALE_USERS.processOwner)
    return { sub: userId, municipality: municipalityId, roles: ['process_owner'] };
  if (userId === ALE_USERS.auditor) return { sub: userId, municipality: municipalityId, roles: ['auditor'] };
  const organs = Object.entries(ALE_USERS.secretaries)
    .filter(([, u]) => u === userId)
    .map(([organId]) => organId);
  if (organs.length === 0) throw new Error(`unknown Ale user ${userId}`);
  return { sub: userId, municipality: municipalityId, roles: ['secretary'], organs };
}

/** Tokens per user, minted once. */
export function aleTokens(municipalityId: string, secret?: Uint8Array): (userId: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (userId) => {
    let token = cache.get(userId);
    if (!token) {
      token = signToken(aleClaims(municipalityId, userId), { secret, expiresIn: '24h' });
      cache.set(userId, token);
    }
    return token;
  };
}

/**
 * Registers Ale kommun — organisation, roles and steering documents — through the API, under the given
 * municipality id (the demo uses a fresh one per run). Returns how long each command took.
 */
export async function registerAleViaApi(
  client: ApiClient,
  municipalityId: string,
  token: string,
): Promise<{ commands: number; durationsMs: number[] }> {
  const durationsMs: number[] = [];
  for (const command of aleMunicipalityCommands()) {
    const { path, body } = municipalityCommandRequest(command);
    const url = path === '/municipalities' ? path : `/municipalities/${municipalityId}${path}`;
    const payload = path === '/municipalities' ? { ...body, municipalityId } : body;
    const started = performance.now();
    await client.ok('POST', url, { token, body: payload });
    durationsMs.push(performance.now() - started);
  }
  return { commands: durationsMs.length, durationsMs };
}
