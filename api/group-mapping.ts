import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../services/config';
import { AuthenticationError, type Role, Role as RoleSchema, type TokenClaims } from './auth';

/** The one place that says which provider group gives which role in which municipality. */
export const GROUPS_FILE = path.join(repoRoot, 'config', 'idp-groups.json');

const GroupGrant = z.union([
  z.object({ role: z.literal('secretary'), organ: z.string().min(1) }).strict(),
  z.object({ role: RoleSchema.exclude(['secretary']) }).strict(),
]);
/** A municipality's own OpenID provider (Entra ID, ADFS, Keycloak …); the secret is read from the environment. */
export const OwnProvider = z
  .object({
    issuer: z.url(),
    clientId: z.string().min(1),
    /** The environment variable that holds the client secret (never the secret itself in this file). */
    clientSecretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    /** The API's audience in this provider's access tokens (default: the deployment's). */
    audience: z.string().min(1).optional(),
  })
  .strict();
export type OwnProvider = z.infer<typeof OwnProvider>;

export const GroupMapping = z.object({
  comment: z.string().optional(),
  municipalities: z.record(
    z.string().min(1),
    z.object({ provider: OwnProvider.optional(), groups: z.record(z.string().min(1), GroupGrant) }),
  ),
});
export type GroupMapping = z.infer<typeof GroupMapping>;

export function loadGroupMapping(file = process.env.ARSHJUL_OIDC_GROUPS_FILE || GROUPS_FILE): GroupMapping {
  return GroupMapping.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const ROLE_ORDER: readonly Role[] = ['process_owner', 'secretary', 'auditor'];

/**
 * The claims a provider's groups give a user: the one municipality whose groups they carry, the roles
 * those groups grant there and, for secretaries, the organs. Groups of two municipalities are refused:
 * a token never acts in a municipality its groups were not listed under.
 */
export function claimsFromGroups(
  sub: string,
  groups: readonly string[],
  mapping: GroupMapping,
  /** The municipalities the token's provider signs people in for (default: all in the mapping). */
  servedBy: (municipality: string) => boolean = () => true,
): TokenClaims {
  const served = Object.entries(mapping.municipalities).filter(([municipality]) => servedBy(municipality));
  const grants = served.flatMap(([municipality, { groups: table }]) =>
    groups.flatMap((g) => {
      const grant = table[g];
      return grant ? [{ municipality, grant }] : [];
    }),
  );
  const municipalities = [...new Set(grants.map((g) => g.municipality))];
  if (municipalities.length === 0) throw new AuthenticationError('Dina grupper ger ingen roll i Årshjulet');
  if (municipalities.length > 1)
    throw new AuthenticationError('Dina grupper gäller flera kommuner; logga in med en roll i en kommun');
  const roles = ROLE_ORDER.filter((role) => grants.some((g) => g.grant.role === role));
  const organs = grants.flatMap((g) => (g.grant.role === 'secretary' ? [g.grant.organ] : []));
  return { sub, municipality: municipalities[0] as string, roles, organs: [...new Set(organs)] };
}
