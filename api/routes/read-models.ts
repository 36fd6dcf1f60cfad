import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  findProjection,
  jsonTypes,
  type Queryable,
  readModelNow,
  readModelsAsOf,
  readProjectionTables,
  withReadModelsAsOf,
} from '../../application/read-models';
import { buildSummary } from '../../application/summary';
import { asOfInstant } from '../../domain/calendar/dates';
import { Year } from '../../domain/primitives';
import { PROJECTIONS, type Projection, projectionStatus } from '../../projections/index';
import { relayStatus } from '../../relay/index';
import { hasRole } from '../auth';
import { type ApiContext, claimsOf } from '../context';
import { forbidden, notFound } from '../errors';
import { AsOfQuery, CycleParams, MunicipalityParams } from '../schemas';

const ALL = ['process_owner', 'secretary', 'auditor'] as const;
const TAG = 'Läsmodeller och rapporter';

export function readModelRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.deps.pool;
  /** A projection's tables now, or (asOf) replayed from the events up to then, as the audit does. */
  const tablesAt = async (projection: Projection, municipalityId: string, asOf: string | undefined) => {
    if (!asOf) return readProjectionTables(pool, projection, municipalityId, pool);
    const replayed = await readModelsAsOf(pool, municipalityId, asOfInstant(asOf));
    return replayed.readModels[projection.name] ?? {};
  };

  r.get(
    '/projections/status',
    {
      config: { roles: ALL },
      schema: { tags: [TAG], summary: 'Läsmodellernas och reläets position och eftersläpning' },
    },
    async () => ({
      projections: await projectionStatus(
        pool,
        PROJECTIONS.map((p) => p.name),
      ),
      relay: await relayStatus(pool).catch(() => null),
    }),
  );

  r.get(
    '/municipalities/:municipalityId/read-models',
    {
      config: { roles: ALL },
      schema: { tags: [TAG], summary: 'Alla läsmodeller med status', params: MunicipalityParams },
    },
    async () => {
      const status = await projectionStatus(
        pool,
        PROJECTIONS.map((p) => p.name),
      );
      return {
        readModels: PROJECTIONS.map((p, i) => ({
          name: p.name,
          description: p.description,
          tables: p.tables,
          status: status[i] ?? null,
        })),
      };
    },
  );

  r.get(
    '/municipalities/:municipalityId/read-models/:name',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'En läsmodells tabeller för kommunen; med asOf (revisor, processägare) som de såg ut då',
        params: MunicipalityParams.extend({ name: z.string().min(1).max(100) }),
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const claims = claimsOf(request);
      const projection = findProjection(request.params.name);
      if (!projection) throw notFound('Läsmodellen');
      const { municipalityId } = request.params;
      if (request.query.asOf) {
        if (!hasRole(claims, 'auditor') && !hasRole(claims, 'process_owner')) {
          throw forbidden('Historiska läsmodeller är till för revisorer och processägare', 'api.audit-role');
        }
        const asOf = asOfInstant(request.query.asOf);
        const replayed = await readModelsAsOf(pool, municipalityId, asOf);
        return { name: projection.name, asOf, tables: replayed.readModels[projection.name] ?? {} };
      }
      const { tables, status } = await readModelNow(pool, projection, municipalityId);
      return { name: projection.name, status, tables };
    },
  );

  r.get(
    '/municipalities/:municipalityId/dialogues',
    {
      config: { roles: ALL },
      schema: {
        tags: ['Tillitsdialoger'],
        summary: 'Tillitsdialogernas protokoll och redovisningen till KF',
        params: MunicipalityParams,
        querystring: AsOfQuery.extend({ budgetYear: z.coerce.number().pipe(Year).optional() }),
      },
    },
    async (request) => {
      const { municipalityId } = request.params;
      const year = request.query.budgetYear ?? null;
      const { asOf } = request.query;
      const read = (db: Queryable) => readDialogues(db, municipalityId, year);
      return asOf ? withReadModelsAsOf(pool, municipalityId, asOfInstant(asOf), read) : read(pool);
    },
  );

  async function readDialogues(db: Queryable, municipalityId: string, year: number | null) {
    {
      const dialogues = await db.query({
        text: `select d.task_id as "taskId", d.budget_year as "budgetYear", d.organ_id as "organId", d.title,
                 d.due_date as "dueDate", d.status, d.dialogue_kind as "kind", d.held_on as "heldOn",
                 d.participants, d.agreements, d.reported_to_kf as "reportedToKf",
                 d.kf_report_citation as "kfReportCitation",
                 coalesce((select json_agg(json_build_object('type', p.proposal_type, 'description', p.description)
                   order by p.seq) from rm_dialogue_proposals p where p.task_id = d.task_id), '[]') as proposals
               from rm_dialogues d
               where d.municipality_id = $1 and ($2::int is null or d.budget_year = $2)
               order by d.budget_year, d.organ_id, d.task_id`,
        values: [municipalityId, year],
        types: jsonTypes,
      });
      const reports = await db.query({
        text: `select budget_year as "budgetYear", citation, decided_on as "decidedOn", case_number as "caseNumber",
                 subject, dialogue_task_ids as "dialogueTaskIds"
               from rm_dialogue_reports where municipality_id = $1 and ($2::int is null or budget_year = $2)
               order by budget_year, decided_on`,
        values: [municipalityId, year],
        types: jsonTypes,
      });
      return { dialogues: dialogues.rows, reportsToKf: reports.rows };
    }
  }

  r.get(
    '/municipalities/:municipalityId/budget/:budgetYear',
    {
      config: { roles: ALL },
      schema: {
        tags: ['Budget'],
        summary: 'Budgetramar per organ (förslag och beslut), treårsplan och nämndernas verksamhetsplaner',
        params: CycleParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const { municipalityId, budgetYear } = request.params;
      const projection = findProjection('budget');
      if (!projection) throw notFound('Läsmodellen budget');
      const tables = await tablesAt(projection, municipalityId, request.query.asOf);
      const forYear = (rows: Record<string, unknown>[] | undefined) =>
        (rows ?? []).filter((row) => row.budget_year === budgetYear);
      return {
        budgetYear,
        budget: forYear(tables.rm_budget),
        frames: forYear(tables.rm_budget_frames),
        planYears: forYear(tables.rm_budget_plan_years),
        organPlans: forYear(tables.rm_budget_organ_plans),
      };
    },
  );

  r.get(
    '/municipalities/:municipalityId/reports/goals',
    {
      config: { roles: ALL },
      schema: {
        tags: ['Rapporter'],
        summary: 'Måluppfyllelse: riktningsmål → nämndmål → indikatorer och aktiviteter',
        params: MunicipalityParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const projection = findProjection('goals');
      if (!projection) throw notFound('Läsmodellen goals');
      return tablesAt(projection, request.params.municipalityId, request.query.asOf);
    },
  );

  r.get(
    '/municipalities/:municipalityId/reports/summary',
    {
      config: { roles: ALL },
      schema: {
        tags: ['Rapporter'],
        summary: 'Sammanfattning av läsmodellerna för ett budgetår (svenska)',
        params: MunicipalityParams,
        querystring: z.object({ budgetYear: z.coerce.number().pipe(Year) }),
      },
    },
    async (request) => buildSummary(pool, request.params.municipalityId, request.query.budgetYear),
  );
}
