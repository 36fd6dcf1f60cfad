import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadCycle, loadTask } from '../../application/aggregates';
import { loadMunicipality } from '../../application/municipality';
import { authorize, rosterOf } from '../../domain/access/authorize';
import { asOfInstant } from '../../domain/calendar/dates';
import { defaultCalendar } from '../../domain/calendar/defaults';
import type { MandateHistory } from '../../domain/calendar/mandate';
import { CALENDAR_RULES, publicCitation } from '../../domain/calendar/rules';
import { CALENDAR_MILESTONES, CycleCalendar, PHASES } from '../../domain/calendar/schema';
import { validateCalendar } from '../../domain/calendar/validate';
import { nextStep } from '../../domain/cycle/next-step';
import { phaseOpensOn, phasePlan } from '../../domain/cycle/phase-plan';
import type { CycleData } from '../../domain/cycle/state';
import { mandateHistoryOf } from '../../domain/municipality/mandate';
import { Year } from '../../domain/primitives';
import { isTaskFinished } from '../../domain/task/state';
import { type ApiContext, claimsOf } from '../context';
import { notFound } from '../errors';
import { AsOfQuery, CycleParams, MunicipalityParams } from '../schemas';

const TAG = 'Cykler';
const ALL = ['process_owner', 'secretary', 'auditor'] as const;

/** A calendar's broken rules as users may see them: the citation only when it has been verified. */
function checked(calendar: CycleCalendar, mandates?: MandateHistory) {
  const violations = validateCalendar(calendar, mandates).map((v) => ({
    rule: v.rule,
    milestone: v.milestone,
    date: v.date,
    limit: v.limit,
    message: v.message,
    description: CALENDAR_RULES[v.rule].description,
    citation: publicCitation(v.rule),
  }));
  return { valid: violations.length === 0, violations };
}

/** What an open phase still waits for: its gates (decisions) not yet recorded. */
function waitingGates(cycle: CycleData) {
  return PHASES.filter((p) => cycle.phases[p] === 'open').flatMap((phase) =>
    phasePlan(phase, cycle).flatMap((stage) =>
      stage.kind === 'gate' && !stage.gate.satisfied(cycle)
        ? [{ phase, gateId: stage.gate.id, label: stage.gate.label, deadline: stage.gate.deadline }]
        : [],
    ),
  );
}

/** Dry runs and look-aheads for planning a cycle: the calendar's rules, and what a cycle waits for. */
export function planningRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/municipalities/:municipalityId/calendar-template',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Förslag till kalender för budgetår N (lagens sista dagar), med reglernas kontroll',
        params: MunicipalityParams,
        querystring: z.object({ budgetYear: z.coerce.number().pipe(Year) }),
      },
    },
    async (request) => {
      const calendar = defaultCalendar(request.query.budgetYear);
      return { calendar, milestones: CALENDAR_MILESTONES, ...checked(calendar) };
    },
  );

  r.post(
    '/municipalities/:municipalityId/calendar-validation',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Kontrollera en kalender mot lagens och ordningens regler utan att starta cykeln',
        params: MunicipalityParams,
        body: z.object({ calendar: CycleCalendar }).strict(),
      },
    },
    async (request) => {
      const { state } = await loadMunicipality(ctx.deps.store, request.params.municipalityId);
      if (state.status !== 'registered') throw notFound('Kommunen');
      authorize(rosterOf(state), claimsOf(request).sub, { type: 'municipality.change', organId: null });
      // The same check as the cycle's start: with the municipality's mandate periods as recorded.
      return checked(request.body.calendar, mandateHistoryOf(state));
    },
  );

  r.get(
    '/municipalities/:municipalityId/cycles/:budgetYear/waiting',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'Vad cykeln väntar på nu: beslut som saknas i öppna faser och nästa steg',
        params: CycleParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const { municipalityId, budgetYear } = request.params;
      const asOf = request.query.asOf ? asOfInstant(request.query.asOf) : undefined;
      const { state } = await loadCycle(ctx.deps.store, municipalityId, budgetYear, asOf);
      if (state.status === 'not_started') throw notFound('Cykeln');
      const gates = waitingGates(state);
      // A phase is finished when its decisions are recorded and every task of it is approved or cancelled.
      const settled = new Set<(typeof PHASES)[number]>();
      for (const phase of PHASES) {
        if (state.phases[phase] !== 'open' || gates.some((g) => g.phase === phase)) continue;
        const tasks = phasePlan(phase, state).flatMap((s) => (s.kind === 'tasks' ? s.tasks : []));
        const states = await Promise.all(tasks.map((t) => loadTask(ctx.deps.store, t.taskId, asOf)));
        if (states.every(({ state: t }) => isTaskFinished(t.status))) settled.add(phase);
      }
      const now = Date.parse(asOf ?? ctx.now());
      const step = nextStep(state, settled, now);
      return {
        budgetYear,
        status: state.status,
        phases: state.phases,
        gates,
        next:
          step.kind === 'wait'
            ? { kind: 'wait', until: step.wakeAt === null ? null : new Date(step.wakeAt).toISOString() }
            : step,
        opensOn: Object.fromEntries(PHASES.map((p) => [p, phaseOpensOn(p, state)])),
      };
    },
  );
}
