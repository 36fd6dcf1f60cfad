import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { Id, UserId } from '../domain/primitives';

/** Roles in the token. processägare, nämndsekreterare, revisor. */
export const ROLES = ['process_owner', 'secretary', 'auditor'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const JWT_ISSUER = 'arshjul';
export const JWT_AUDIENCE = 'arshjul-api';

/** Used when ARSHJUL_JWT_SECRET is not set: for local development only. */
export const DEV_JWT_SECRET = 'arshjul-dev-secret-do-not-use-in-production';

/** The claims arshjul reads from a bearer token. */
export const TokenClaims = z.object({
  /** The user's id (e.g. e-mail); the actor of every command sent with the token. */
  sub: UserId,
  /** The tenant: the one municipality the token is valid for. */
  municipality: Id,
  roles: z.array(Role).min(1),
  /** The organs a secretary acts for (ignored for other roles). */
  organs: z.array(Id).default([]),
});
export type TokenClaims = z.infer<typeof TokenClaims>;
export type TokenClaimsInput = z.input<typeof TokenClaims>;

export function jwtSecret(value = process.env.ARSHJUL_JWT_SECRET): Uint8Array {
  return new TextEncoder().encode(value && value.length > 0 ? value : DEV_JWT_SECRET);
}

/** Signs an HS256 token with the given claims. */
export async function signToken(
  claims: TokenClaimsInput,
  options: { secret?: Uint8Array; expiresIn?: string | number } = {},
): Promise<string> {
  const c = TokenClaims.parse(claims);
  return new SignJWT({ municipality: c.municipality, roles: c.roles, organs: c.organs })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(c.sub)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(options.secret ?? jwtSecret());
}

export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

/** Verifies signature, issuer, audience and expiry, then the claims' shape. */
export async function verifyToken(token: string, secret: Uint8Array = jwtSecret()): Promise<TokenClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithms: ['HS256'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new AuthenticationError('Token har gått ut');
    throw new AuthenticationError('Ogiltig token');
  }
  const claims = TokenClaims.safeParse(payload);
  if (!claims.success)
    throw new AuthenticationError('Token saknar giltiga claims (sub, municipality, roles)');
  return claims.data;
}

/** Reads `Authorization: Bearer <token>`; null when missing or malformed. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export function hasRole(claims: TokenClaims, role: Role): boolean {
  return claims.roles.includes(role);
}

/** A secretary token acts for an organ only when the organ is in its `organs` claim. */
export function actsForOrgan(claims: TokenClaims, organId: string): boolean {
  return hasRole(claims, 'secretary') && claims.organs.includes(organId);
}
