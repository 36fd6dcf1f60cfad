import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { executeMunicipalityCommand, loadMunicipality } from '../../application/municipality';
import { cycleYearsOf } from '../../application/municipality-cycles';
import { authorize, rosterOf } from '../../domain/access/authorize';
import { asOfInstant } from '../../domain/calendar/dates';
import type { MunicipalityCommandInput } from '../../domain/municipality/commands';
import type { MunicipalityState } from '../../domain/municipality/state';
import type { TokenClaims } from '../auth';
import { type ApiContext, claimsOf } from '../context';
import { ApiError, notFound } from '../errors';
import {
  AsOfQuery,
  MUNICIPALITY_COMMAND_ROUTES,
  type MunicipalityCommandRoute,
  MunicipalityParams,
  ProcessOwnerParam,
  RegisterMunicipalityBody,
  UserIdParam,
} from '../schemas';

const TAG = 'Kommun och organisation';
/** Commands after which running cycles are told to follow the organisation (organ.change-during-cycle). */
const ORGANISATION_CHANGES = new Set(['AddOrgan', 'RenameOrgan', 'RemoveOrgan']);
const optionalAsOf = (value: string | undefined) => (value ? asOfInstant(value) : undefined);

/**
 * Who may change the municipality: the shared `authorize` on its freshly loaded state (a process owner,
 * anyone while it has none yet so it can be set up, or for organ-level steering — organ goals,
 * indicators, activities — the organ's secretary).
 */
export function authorizeMunicipalityCommand(
  claims: TokenClaims,
  state: MunicipalityState,
  route: Pick<MunicipalityCommandRoute, 'organ'> | null,
  body: Record<string, unknown>,
): void {
  if (state.status !== 'registered') return; // the decider answers NOT_REGISTERED
  const organId = route?.organ?.(body, state.steering) ?? null;
  authorize(rosterOf(state), claims.sub, { type: 'municipality.change', organId });
}

async function run(
  ctx: ApiContext,
  requestId: string,
  claims: TokenClaims,
  municipalityId: string,
  command: Record<string, unknown>,
  route: Pick<MunicipalityCommandRoute, 'organ'> | null,
) {
  const result = await executeMunicipalityCommand(
    ctx.deps.store,
    municipalityId,
    { ...command, at: ctx.now(), actor: claims.sub } as MunicipalityCommandInput,
    {
      causationId: `api:${requestId}`,
      precheck: (state) => authorizeMunicipalityCommand(claims, state, route, command),
    },
  );
  return {
    municipalityId,
    version: result.version,
    events: result.events.map((e) => ({ type: e.type, data: e.data })),
  };
}

/** Which route and body send a municipality command (the demo registers Ale through these). */
export function municipalityCommandRequest(command: MunicipalityCommandInput & { municipalityId?: string }): {
  path: string;
  body: Record<string, unknown>;
} {
  const { type, at: _at, actor: _actor, ...rest } = command as Record<string, unknown> & { type: string };
  if (type === 'RegisterMunicipality') return { path: '/municipalities', body: rest };
  const route = MUNICIPALITY_COMMAND_ROUTES.find((r) => r.type === type);
  if (!route) throw new Error(`no route for ${type}`);
  return { path: route.path, body: rest };
}

export function organisationRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/municipalities',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Registrera kommunen (processägare; kommunen i token)',
        body: RegisterMunicipalityBody,
      },
    },
    async (request, reply) => {
      const claims = claimsOf(request);
      if (request.body.municipalityId !== claims.municipality) {
        throw new ApiError(403, 'FORBIDDEN', 'Token gäller en annan kommun', 'api.tenant.register-own', {
          municipalityId: request.body.municipalityId,
        });
      }
      const result = await run(
        ctx,
        request.id,
        claims,
        request.body.municipalityId,
        { type: 'RegisterMunicipality', ...request.body },
        null,
      );
      return reply.code(201).send(result);
    },
  );

  r.get(
    '/municipalities/:municipalityId',
    {
      config: { roles: ['process_owner', 'secretary', 'auditor'] },
      schema: {
        tags: [TAG],
        summary: 'Kommunen: organisation, roller och styrdokument',
        params: MunicipalityParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const { state, version } = await loadMunicipality(
        ctx.deps.store,
        request.params.municipalityId,
        optionalAsOf(request.query.asOf),
      );
      if (state.status !== 'registered') throw notFound('Kommunen');
      return { version, ...state };
    },
  );

  r.get(
    '/municipalities/:municipalityId/steering',
    {
      config: { roles: ['process_owner', 'secretary', 'auditor'] },
      schema: {
        tags: ['Styrdokument'],
        summary: 'Styrdokument: vision, värdegrund, riktningsmål, omvärldsfaktorer, nämndmål',
        params: MunicipalityParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const { state } = await loadMunicipality(
        ctx.deps.store,
        request.params.municipalityId,
        optionalAsOf(request.query.asOf),
      );
      if (state.status !== 'registered') throw notFound('Kommunen');
      return state.steering;
    },
  );

  for (const route of MUNICIPALITY_COMMAND_ROUTES) {
    r.post(
      `/municipalities/:municipalityId${route.path}`,
      {
        config: { roles: route.organ ? ['process_owner', 'secretary'] : ['process_owner'] },
        schema: {
          tags: [route.path.startsWith('/steering') ? 'Styrdokument' : TAG],
          summary: route.summary,
          params: MunicipalityParams,
          body: route.schema,
        },
      },
      async (request, reply) => {
        const claims = claimsOf(request);
        const body = request.body as Record<string, unknown>;
        const result = await run(
          ctx,
          request.id,
          claims,
          request.params.municipalityId,
          { type: route.type, ...body },
          route,
        );
        if (ORGANISATION_CHANGES.has(route.type)) {
          // Running cycles follow: each reads the organs from the store and records what changed.
          // The change is stored already: a cycle not reached now follows at the next change.
          const { municipalityId } = request.params;
          try {
            const years = await cycleYearsOf(ctx.deps.pool, municipalityId);
            await ctx.workflows.organisationChanged(municipalityId, years);
          } catch (error) {
            request.log.warn({ err: error, municipalityId }, 'running cycles not told of the change');
          }
        }
        return reply.code(201).send(result);
      },
    );
  }

  r.delete(
    '/municipalities/:municipalityId/organs/:organId/secretaries/:userId',
    {
      config: { roles: ['process_owner'] },
      schema: { tags: [TAG], summary: 'Ta bort en nämndsekreterare', params: UserIdParam },
    },
    async (request) => {
      const claims = claimsOf(request);
      const { municipalityId, organId, userId } = request.params;
      return run(ctx, request.id, claims, municipalityId, { type: 'RemoveSecretary', organId, userId }, null);
    },
  );

  r.delete(
    '/municipalities/:municipalityId/process-owners/:userId',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Ta bort en processägare (kommunen behåller minst en)',
        params: ProcessOwnerParam,
      },
    },
    async (request) => {
      const claims = claimsOf(request);
      const { municipalityId, userId } = request.params;
      return run(ctx, request.id, claims, municipalityId, { type: 'RemoveProcessOwner', userId }, null);
    },
  );
}
