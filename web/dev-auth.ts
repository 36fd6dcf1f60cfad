import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Role, signToken } from '../api/auth';
import { ApiError, notFound } from '../api/errors';
import { loadMunicipality } from '../application/municipality';
import { Id, Text, UserId } from '../domain/primitives';
import type { WebDeps } from './server';

/** Dev sign-in is on with ARSHJUL_DEV_AUTH=1, and never in production. */
export function devAuthEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.ARSHJUL_DEV_AUTH === '1' && env.NODE_ENV !== 'production';
}

const DevTokenBody = z
  .object({
    municipalityId: Id,
    role: z.enum(['process_owner', 'secretary', 'auditor']),
    organId: Id.optional(),
    /** Setting up a municipality not yet registered: the process owner's user id and the name. */
    newMunicipality: z.object({ userId: UserId, name: Text }).strict().optional(),
  })
  .strict();

/**
 * The demo's sign-in: pick a municipality and a role (and an organ for a secretary); the token is
 * minted for a user the municipality lists in that role, as `arshjul token` would mint it.
 */
export function registerDevAuth(app: FastifyInstance, deps: WebDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/dev/municipalities',
    {
      config: { roles: 'public' },
      schema: {
        hide: true, // dev sign-in only: not part of the public API document
        tags: ['Utveckling'],
        summary: 'Registrerade kommuner och deras organ (endast utvecklingsläge)',
      },
    },
    async () => {
      const { rows } = await deps.pool.query<{ stream_id: string }>(
        `select distinct stream_id from events where stream_id like 'municipality-%' order by stream_id`,
      );
      const municipalities = [];
      for (const { stream_id } of rows) {
        const { state } = await loadMunicipality(deps.store, stream_id.slice('municipality-'.length));
        if (state.status !== 'registered') continue;
        municipalities.push({
          municipalityId: state.municipalityId,
          name: state.name,
          organs: Object.values(state.organs)
            .filter((o) => o.secretaries.length > 0)
            .map((o) => ({ organId: o.organId, name: o.name, shortName: o.shortName, kind: o.kind })),
        });
      }
      return { municipalities };
    },
  );

  r.post(
    '/dev/token',
    {
      config: { roles: 'public' },
      schema: {
        hide: true, // dev sign-in only: not part of the public API document
        tags: ['Utveckling'],
        summary: 'Utvecklingstoken för en roll i en kommun (endast utvecklingsläge)',
        body: DevTokenBody,
      },
    },
    async (request) => {
      const { municipalityId, role, organId, newMunicipality } = request.body;
      const { state } = await loadMunicipality(deps.store, municipalityId);
      if (newMunicipality) {
        // Only a process owner can set up a municipality, and only one that does not exist yet.
        if (state.status === 'registered')
          throw conflict('Kommunen är redan registrerad', ['municipalityId']);
        if (role !== 'process_owner') throw invalid('Bara en processägare kan registrera kommunen', ['role']);
        const sub = newMunicipality.userId;
        const roles: Role[] = [role];
        const token = await signToken(
          { sub, municipality: municipalityId, roles, organs: [] },
          { secret: deps.jwtSecret, expiresIn: '12h' },
        );
        return { token, sub, municipalityId, municipalityName: newMunicipality.name, roles, organs: [] };
      }
      if (state.status !== 'registered') throw notFound('Kommunen');
      let sub: string | undefined;
      let organs: string[] = [];
      if (role === 'process_owner') sub = state.processOwners[0];
      if (role === 'auditor') sub = state.auditors[0];
      if (role === 'secretary') {
        if (!organId) throw invalid('Välj organ för nämndsekreteraren', ['organId']);
        const organ = state.organs[organId];
        if (!organ) throw notFound('Organet');
        sub = organ.secretaries[0];
        if (sub) {
          const user = sub;
          organs = Object.values(state.organs)
            .filter((o) => o.secretaries.includes(user))
            .map((o) => o.organId);
        }
      }
      if (!sub) throw invalid('Kommunen har ingen användare med den rollen', ['role']);
      const roles: Role[] = [role];
      const token = await signToken(
        { sub, municipality: municipalityId, roles, organs },
        { secret: deps.jwtSecret, expiresIn: '12h' },
      );
      return { token, sub, municipalityId, municipalityName: state.name, roles, organs };
    },
  );
}

function invalid(message: string, path: string[]): ApiError {
  return new ApiError(422, 'VALIDATION_FAILED', message, 'dev.token', { issues: [{ path, message }] });
}

function conflict(message: string, path: string[]): ApiError {
  return new ApiError(409, 'ALREADY_EXISTS', message, 'dev.token', { issues: [{ path, message }] });
}
