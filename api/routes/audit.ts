import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { aggregateStateAsOf, loadTask } from '../../application/aggregates';
import { auditExportLines } from '../../application/audit-export';
import { municipalityEvents } from '../../application/history';
import { readModelsAsOf } from '../../application/read-models';
import { asOfInstant } from '../../domain/calendar/dates';
import { sharedHashWorkers } from '../../eventstore/index';
import type { ApiContext } from '../context';
import { ApiError, notFound } from '../errors';
import {
  AsOfQuery,
  CycleParams,
  HistoryQuery,
  MunicipalityParams,
  TaskParams,
  VerifyQuery,
} from '../schemas';

const TAG = 'Revision';
const AUDIT = ['auditor', 'process_owner'] as const;

const optionalAsOf = (value: string | undefined) => (value ? asOfInstant(value) : undefined);

export function auditRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, store } = ctx.deps;

  r.get(
    '/municipalities/:municipalityId/audit/events',
    {
      config: { roles: AUDIT },
      schema: {
        tags: [TAG],
        summary: 'Händelsehistorik för kommunen eller en ström, sidvis efter global position',
        params: MunicipalityParams,
        querystring: HistoryQuery,
      },
    },
    async (request) => {
      const { after, limit, stream, asOf } = request.query;
      const events = await municipalityEvents(pool, {
        municipalityId: request.params.municipalityId,
        after,
        limit,
        streamId: stream,
        asOf: optionalAsOf(asOf),
      });
      return {
        events,
        nextAfter: events.length === limit ? (events.at(-1)?.globalPosition ?? null) : null,
      };
    },
  );

  r.get(
    '/municipalities/:municipalityId/audit/export',
    {
      config: { roles: AUDIT },
      schema: {
        tags: [TAG],
        summary: 'Kommunens hashkedja som NDJSON (strömmad): händelser med länkar och signerade kedjehuvuden',
        params: MunicipalityParams,
        querystring: AsOfQuery,
      },
    },
    async (request, reply) => {
      const lines = auditExportLines(pool, {
        municipalityId: request.params.municipalityId,
        asOf: optionalAsOf(request.query.asOf),
        ring: ctx.deps.signingKeys,
      });
      reply.type('application/x-ndjson; charset=utf-8');
      reply.header(
        'content-disposition',
        `attachment; filename="${request.params.municipalityId}-events.ndjson"`,
      );
      return reply.send(Readable.from(lines));
    },
  );

  r.get(
    '/municipalities/:municipalityId/audit/state/municipality',
    {
      config: { roles: AUDIT },
      schema: {
        tags: [TAG],
        summary: 'Kommunens tillstånd per ett datum (omspelat med beslutarens evolve)',
        params: MunicipalityParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const asOf = optionalAsOf(request.query.asOf);
      const result = await aggregateStateAsOf(
        store,
        { kind: 'municipality', municipalityId: request.params.municipalityId },
        asOf,
      );
      return { asOf: asOf ?? null, ...result };
    },
  );

  r.get(
    '/municipalities/:municipalityId/audit/state/cycles/:budgetYear',
    {
      config: { roles: AUDIT },
      schema: {
        tags: [TAG],
        summary: 'Cykelns tillstånd per ett datum',
        params: CycleParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const asOf = optionalAsOf(request.query.asOf);
      const { municipalityId, budgetYear } = request.params;
      const result = await aggregateStateAsOf(store, { kind: 'cycle', municipalityId, budgetYear }, asOf);
      return { asOf: asOf ?? null, ...result };
    },
  );

  r.get(
    '/municipalities/:municipalityId/audit/state/tasks/:taskId',
    {
      config: { roles: AUDIT },
      schema: {
        tags: [TAG],
        summary: 'En uppgifts tillstånd per ett datum',
        params: TaskParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const { municipalityId, taskId } = request.params;
      const latest = await loadTask(store, taskId);
      if (latest.state.status === 'unassigned' || latest.state.municipalityId !== municipalityId) {
        throw notFound('Uppgiften');
      }
      const asOf = optionalAsOf(request.query.asOf);
      const result = await aggregateStateAsOf(store, { kind: 'task', taskId }, asOf);
      return { asOf: asOf ?? null, ...result };
    },
  );

  r.get(
    '/municipalities/:municipalityId/audit/read-models',
    {
      config: { roles: AUDIT },
      schema: {
        tags: [TAG],
        summary:
          'Alla läsmodeller som de såg ut per ett datum (projektionerna omspelade i en transaktion som rullas tillbaka)',
        params: MunicipalityParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      if (!request.query.asOf) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'asOf krävs', 'request.querystring', {
          issues: [{ path: ['asOf'], message: 'asOf krävs' }],
        });
      }
      return readModelsAsOf(pool, request.params.municipalityId, asOfInstant(request.query.asOf));
    },
  );

  r.get(
    '/municipalities/:municipalityId/audit/verify',
    {
      config: { roles: AUDIT },
      schema: {
        tags: [TAG],
        summary: 'Kontrollera kommunens hashkedja; anger första felaktiga position i kedjan',
        params: MunicipalityParams,
        querystring: VerifyQuery,
      },
    },
    async (request) => {
      // The municipality's own chain: an auditor checks its history without the others' rows.
      const chainId = request.params.municipalityId;
      // Read and hashed on the process's worker threads, so a long chain does not block the event loop.
      const workers = sharedHashWorkers();
      const result = await store.verify(
        request.query.from ? { chainId, from: request.query.from, workers } : { chainId, workers },
      );
      const head = await store.chainHead(chainId);
      return { ...result, head };
    },
  );
}
