import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiContext, claimsOf } from '../api/context';
import { ApiError, notFound } from '../api/errors';
import { authorizeMunicipalityCommand } from '../api/routes/organisation';
import { MunicipalityParams } from '../api/schemas';
import { jsonTypes } from '../application/read-models';
import { BindIndicatorToKolada } from '../domain/kolada/commands';
import { koladaSourceText } from '../domain/kolada/source';
import { Id } from '../domain/primitives';
import { KoladaClient } from './client';
import { KoladaError } from './errors';
import { refreshKolada } from './refresh';
import { executeKoladaCommand, loadKoladaState } from './store';

const TAG = 'Kolada';
const ALL = ['process_owner', 'secretary', 'auditor'] as const;
const BindBody = BindIndicatorToKolada.omit({
  type: true,
  at: true,
  actor: true,
  indicatorId: true,
}).strict();

/** 504 when Kolada timed out, 502 otherwise; the message says that nothing was changed. */
function toApiError(error: KoladaError): ApiError {
  const status = error.failure === 'timeout' ? 504 : 502;
  return new ApiError(
    status,
    `KOLADA_${error.failure.toUpperCase()}`,
    error.message,
    `kolada.${error.failure}`,
    {
      url: error.url,
      attempts: error.attempts,
      ...(error.httpStatus ? { httpStatus: error.httpStatus } : {}),
    },
  );
}

export function koladaRoutes(app: FastifyInstance, ctx: ApiContext, client = () => new KoladaClient()): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/municipalities/:municipalityId/steering/indicators/:indicatorId/kolada',
    {
      config: { roles: ['process_owner', 'secretary'] },
      schema: {
        tags: [TAG],
        summary: 'Koppla en indikator till ett nyckeltal i Kolada (processägare, organets sekreterare)',
        params: MunicipalityParams.extend({ indicatorId: Id }),
        body: BindBody,
      },
    },
    async (request, reply) => {
      const claims = claimsOf(request);
      const { municipalityId, indicatorId } = request.params;
      const result = await executeKoladaCommand(
        ctx.deps.store,
        municipalityId,
        { type: 'BindIndicatorToKolada', at: ctx.now(), actor: claims.sub, indicatorId, ...request.body },
        {
          causationId: `api:${request.id}`,
          precheck: (s) =>
            authorizeMunicipalityCommand(
              claims,
              s.municipality,
              {
                organ: (_b, steering) =>
                  steering.organGoals[steering.indicators[indicatorId]?.organGoalId ?? '']?.organId,
              },
              { indicatorId },
            ),
        },
      );
      return reply.code(201).send({
        municipalityId,
        version: result.version,
        events: result.events.map((e) => ({ type: e.type, data: e.data })),
      });
    },
  );

  r.post(
    '/municipalities/:municipalityId/kolada/refresh',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Hämta de kopplade nyckeltalen från Kolada nu (registrerar bara ändringar)',
        params: MunicipalityParams,
      },
    },
    async (request) => {
      const claims = claimsOf(request);
      const { municipalityId } = request.params;
      const { state } = await loadKoladaState(ctx.deps.store, municipalityId);
      if (state.municipality.status !== 'registered') throw notFound('Kommunen');
      authorizeMunicipalityCommand(claims, state.municipality, null, {});
      try {
        return await refreshKolada(ctx.deps.store, client(), municipalityId, {
          now: () => new Date(ctx.now()),
          actor: claims.sub,
        });
      } catch (error) {
        throw error instanceof KoladaError ? toApiError(error) : error;
      }
    },
  );

  r.get(
    '/municipalities/:municipalityId/kolada/values',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'Indikatorernas värden från Kolada, med källa (nyckeltal, hämtningsdag, händelse)',
        params: MunicipalityParams,
        querystring: z.object({ indicatorId: Id.optional() }),
      },
    },
    async (request) => {
      const { municipalityId } = request.params;
      const { rows: bindings } = await ctx.deps.pool.query({
        text: `select * from rm_kolada_bindings where municipality_id = $1
               and ($2::text is null or indicator_id = $2) order by indicator_id`,
        values: [municipalityId, request.query.indicatorId ?? null],
        types: jsonTypes,
      });
      const { rows: values } = await ctx.deps.pool.query({
        text: `select v.* from rm_kolada_values v where v.municipality_id = $1
               and v.kpi_id in (select kpi_id from rm_kolada_bindings b where b.municipality_id = $1
                                and ($2::text is null or b.indicator_id = $2))
               order by v.kpi_id, v.period, v.municipality_code, v.gender`,
        values: [municipalityId, request.query.indicatorId ?? null],
        types: jsonTypes,
      });
      return {
        bindings: bindings.map((b) => {
          const mine = values.filter((v) => v.kpi_id === b.kpi_id);
          const newest = mine.reduce<string | null>(
            (max, v) => (max === null || v.fetched_at > max ? v.fetched_at : max),
            null,
          );
          return {
            ...b,
            source: newest ? koladaSourceText(b.kpi_id, newest) : null,
            values: mine.map((v) => ({ ...v, sourceText: koladaSourceText(v.kpi_id, v.fetched_at) })),
          };
        }),
      };
    },
  );
}
