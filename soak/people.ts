/**
 * Each municipality of the soak gets Ale's organisation as a template (the scenario in
 * scenario/ale-scenario.ts acts on Ale's organ ids and roles), under its own name and code, with its
 * own people: Ale's user ids mapped to addresses of the municipality, and its companies renamed.
 */
import { signToken, type TokenClaimsInput } from '../api/auth';
import { municipalityCommandRequest } from '../api/routes/organisation';
import { aleClaims } from '../demo/ale';
import type { ApiClient } from '../demo/http-port';
import { ALE_ORGAN, ALE_USERS, aleMunicipalityCommands } from '../domain/examples/ale';
import type { MunicipalityCommandInput } from '../domain/municipality/commands';
import type { Kommun } from './kommuner';

/** The official name: "Ale kommun", "Stockholms kommun", "Borås kommun", "Region Gotland". */
export function officialName(k: Pick<Kommun, 'name' | 'code'>): string {
  if (k.code === '0980') return 'Region Gotland';
  const genitive = /[aeiouyåäö]$|[sxz]$/i.test(k.name) ? k.name : `${k.name}s`;
  return `${genitive} kommun`;
}

/** The companies of the template, named after the municipality. */
function companyOf(organId: string, k: Kommun): { name: string; shortName: string } | null {
  if (organId === ALE_ORGAN.alebyggen)
    return { name: `Bostadsbolaget i ${k.name} AB`, shortName: 'Bostäder' };
  if (organId === ALE_ORGAN.fjarrvarme) return { name: `${k.name} Energi AB`, shortName: 'Energi' };
  return null;
}

/** The municipality's own person in the role an Ale user id has in the scenario. */
export function personOf(municipalityId: string, aleUserId: string): string {
  const [local = aleUserId, domain = ''] = aleUserId.split('@');
  // Ale's two companies have a board secretary each under the same local part: keep them apart.
  const company = domain === 'ale.se' ? '' : `.${domain.replace(/\.se$/, '')}`;
  return `${local}${company}@${municipalityId}.kommun.test`;
}

/** Tokens per scenario actor (an Ale user id), for the municipality's own person in that role. */
export function kommunTokens(municipalityId: string): (aleUserId: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (aleUserId) => {
    let token = cache.get(aleUserId);
    if (!token) {
      const claims: TokenClaimsInput = {
        ...aleClaims(municipalityId, aleUserId),
        sub: personOf(municipalityId, aleUserId),
      };
      token = signToken(claims, { expiresIn: '24h' });
      cache.set(aleUserId, token);
    }
    return token;
  };
}

/** Ale's set-up commands for this municipality: its name and code, its people, its companies. */
export function kommunCommands(k: Kommun, municipalityId: string): MunicipalityCommandInput[] {
  const person = (userId: string) => personOf(municipalityId, userId);
  return aleMunicipalityCommands().map((command): MunicipalityCommandInput => {
    switch (command.type) {
      case 'RegisterMunicipality':
        return { ...command, municipalityId, name: officialName(k), municipalityCode: k.code };
      case 'AddOrgan':
        return { ...command, ...(companyOf(command.organId, k) ?? {}) };
      case 'AssignSecretary':
      case 'AssignProcessOwner':
      case 'AssignAuditor':
        return { ...command, userId: person(command.userId) };
      case 'SetVision':
        return { ...command, text: `${k.name} – där människor möts, växer och gör skillnad` };
      default:
        return command;
    }
  });
}

/** Registers the municipality through the API (organisation, people, steering documents). */
export async function registerKommun(client: ApiClient, k: Kommun, municipalityId: string): Promise<number> {
  const token = await kommunTokens(municipalityId)(ALE_USERS.processOwner);
  const commands = kommunCommands(k, municipalityId);
  for (const command of commands) {
    const { path, body } = municipalityCommandRequest(command);
    const url = path === '/municipalities' ? path : `/municipalities/${municipalityId}${path}`;
    await client.ok('POST', url, { token, body });
  }
  return commands.length;
}
