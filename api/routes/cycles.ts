import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadCycle } from '../../application/aggregates';
import { municipalityCycles } from '../../application/municipality-cycles';
import { storedCycleView } from '../../application/workflow-service';
import { asOfInstant } from '../../domain/calendar/dates';
import { balanceLedger } from '../../domain/cycle/balance-ledger';
import { organsRecordingOwnDecision, rolesSending } from '../../domain/cycle/person-commands';
import { formatDecisionCitation } from '../../domain/decision';
import { Year } from '../../domain/primitives';
import type { CycleCommandInput } from '../../workflows/messages';
import { cycleWorkflowId } from '../../workflows/messages';
import { authorizeNow } from '../access';
import { type ApiContext, claimsOf } from '../context';
import { ApiError, notFound } from '../errors';
import { updateIdOf } from '../idempotency';
import { AsOfQuery, CYCLE_COMMAND_ROUTES, CycleParams, MunicipalityParams, StartCycleBody } from '../schemas';

const TAG = 'Cykler';
const ALL = ['process_owner', 'secretary', 'auditor'] as const;

export function cycleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/municipalities/:municipalityId/cycles',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Starta cykeln för budgetår N med en kalender (valideras mot lagens och ordningens regler)',
        params: MunicipalityParams,
        body: StartCycleBody,
      },
    },
    async (request, reply) => {
      const claims = claimsOf(request);
      const { municipalityId } = request.params;
      const { calendar, clock } = request.body;
      if (clock && !ctx.deps.allowClockOverride) {
        throw new ApiError(
          422,
          'CLOCK_OVERRIDE_NOT_ALLOWED',
          'Cykelns klocka kan bara ändras i demo- och testmiljö',
          'api.cycle.clock',
        );
      }
      const budgetYear = request.body.budgetYear ?? calendar.budgetYear;
      const input = await ctx.workflows.startCycle(
        { municipalityId, budgetYear, calendar, actor: claims.sub, clock },
        ctx.now(),
      );
      return reply.code(201).send({
        municipalityId,
        budgetYear,
        workflowId: cycleWorkflowId(municipalityId, budgetYear),
        organs: input.organs.map((o) => o.organId),
        reference: input.reference,
        location: `/municipalities/${municipalityId}/cycles/${budgetYear}`,
      });
    },
  );

  r.get(
    '/municipalities/:municipalityId/cycles',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'Kommunens cykler (läsmodellen cycle_board)',
        params: MunicipalityParams,
      },
    },
    async (request) => {
      const { rows } = await ctx.deps.pool.query(
        `select budget_year as "budgetYear", status, started_at as "startedAt", closed_at as "closedAt",
                organ_count as "organCount"
         from rm_cycles where municipality_id = $1 order by budget_year`,
        [request.params.municipalityId],
      );
      return { cycles: rows };
    },
  );

  r.get(
    '/municipalities/:municipalityId/cycles/:budgetYear',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'Cykelns status: faser, beslut, planerade uppgifter, klocka (per ett datum med asOf)',
        params: CycleParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const { municipalityId, budgetYear } = request.params;
      const { asOf } = request.query;
      if (asOf) {
        // As it stood then: from the cycle's own events, like the current view.
        const { state, clock } = await loadCycle(
          ctx.deps.store,
          municipalityId,
          budgetYear,
          asOfInstant(asOf),
        );
        if (state.status === 'not_started') throw notFound('Cykeln');
        return { ...storedCycleView(state, clock), asOf };
      }
      const status = await ctx.workflows.cycleStatus(municipalityId, budgetYear);
      if (!status) throw notFound('Cykeln');
      return status;
    },
  );

  r.get(
    '/municipalities/:municipalityId/decisions',
    {
      config: { roles: ALL },
      schema: {
        tags: ['Beslut'],
        summary: 'Beslut (§) registrerade i en cykel',
        params: MunicipalityParams,
        querystring: AsOfQuery.extend({ budgetYear: z.coerce.number().pipe(Year) }),
      },
    },
    async (request) => {
      const { asOf } = request.query;
      const { state } = await loadCycle(
        ctx.deps.store,
        request.params.municipalityId,
        request.query.budgetYear,
        asOf ? asOfInstant(asOf) : undefined,
      );
      if (state.status === 'not_started') throw notFound('Cykeln');
      return {
        budgetYear: state.budgetYear,
        decisions: state.decisions.map((d) => ({ ...d, citation: formatDecisionCitation(d) })),
      };
    },
  );

  r.get(
    '/municipalities/:municipalityId/balance',
    {
      config: { roles: ALL },
      schema: {
        tags: ['Balanskrav'],
        summary: 'Balanskravet: underskott som följer med mellan cyklerna (KL 11 kap. 12 §)',
        params: MunicipalityParams,
        querystring: z.object({ budgetYear: z.coerce.number().pipe(Year) }),
      },
    },
    async (request) => {
      const { municipalityId } = request.params;
      const year = request.query.budgetYear;
      // Every earlier cycle's own events (the one authority for its result), however far back: a deficit
      // stays outstanding until later results restore it, whatever its age.
      const cycles = await municipalityCycles(ctx.deps.pool, ctx.deps.store, municipalityId, year);
      return { budgetYear: year, ...balanceLedger(cycles, year) };
    },
  );

  for (const route of CYCLE_COMMAND_ROUTES) {
    r.post(
      `/municipalities/:municipalityId/cycles/:budgetYear${route.path}`,
      {
        config: { roles: rolesSending(route.type) },
        schema: { tags: [TAG], summary: route.summary, params: CycleParams, body: route.schema },
      },
      async (request) => {
        const claims = claimsOf(request);
        const body = request.body as Record<string, unknown>;
        const { municipalityId, budgetYear } = request.params;
        // Refused callers are refused first, whatever the cycle's state: the cycle's update validator
        // decides the command against that state before its handler asks `authorize`, so a refusal
        // would otherwise come back as the state's 409/422. The cycle asks again when it records.
        await authorizeNow(ctx, claims, municipalityId, {
          type: 'cycle.command',
          command: route.type,
          ownDecisionOf: organsRecordingOwnDecision(route.type, body),
        });
        const cycle = await ctx.workflows.cycleCommand(
          municipalityId,
          budgetYear,
          claims.sub,
          { type: route.type, ...body } as CycleCommandInput['command'],
          updateIdOf(request),
        );
        return { cycle };
      },
    );
  }
}
