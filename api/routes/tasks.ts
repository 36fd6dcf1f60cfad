import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loadTask } from '../../application/aggregates';
import { loadMunicipality } from '../../application/municipality';
import {
  jsonTypes,
  type Queryable,
  readDecisionDeviations,
  readView,
  withReadModelsAsOf,
} from '../../application/read-models';
import { type Action, isAuditor, isProcessOwner, isSecretaryOf } from '../../domain/access/authorize';
import { asOfInstant } from '../../domain/calendar/dates';
import type { AssignedTask } from '../../domain/task/state';
import { authorizeAtVersion, authorizeNow, keptRosterOf } from '../access';
import type { TokenClaims } from '../auth';
import { type ApiContext, claimsOf } from '../context';
import { deleteDraft } from '../drafts';
import { notFound } from '../errors';
import { updateIdOf } from '../idempotency';
import { INBOX_COLUMNS } from '../inbox-reads';
import {
  ApproveTaskBody,
  AsOfQuery,
  CancelTaskBody,
  ChangeDueDateBody,
  OrganParams,
  ReturnTaskBody,
  SubmitTaskBody,
  TaskListQuery,
  TaskParams,
} from '../schemas';
import { ServerTiming } from '../server-timing';
import { actOnTask } from '../task-actions';
import { tasksAsOf } from './tasks-as-of';

const TAG = 'Uppgifter';
const ALL = ['process_owner', 'secretary', 'auditor'] as const;

/** Secretaries see their own organs' tasks only; process owners and auditors see all (current state). */
const requireOrganAccess = (ctx: ApiContext, claims: TokenClaims, municipalityId: string, organId: string) =>
  authorizeNow(ctx, claims, municipalityId, { type: 'organ.read', organId });

/** The task from its stream, in this municipality (404 otherwise, also for other municipalities). */
async function taskIn(ctx: ApiContext, municipalityId: string, taskId: string): Promise<AssignedTask> {
  const task = await ctx.workflows.task(taskId);
  if (!task || task.municipalityId !== municipalityId) throw notFound('Uppgiften');
  return task;
}

const REVIEW: Action = { type: 'task.review' };

export function taskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/municipalities/:municipalityId/organs/:organId/inbox',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary:
          'Organets inkorg: uppgifter med sista dag, status och skäl till retur (läsmodellen task_inbox)',
        params: OrganParams,
        querystring: TaskListQuery.omit({ organId: true }),
      },
    },
    async (request, reply) => {
      const claims = claimsOf(request);
      const { municipalityId, organId } = request.params;
      const { asOf, budgetYear, open } = request.query;
      const action = { type: 'organ.read', organId } as const;
      if (asOf) {
        await authorizeNow(ctx, claims, municipalityId, action);
        const tasks = await tasksAsOf(ctx, municipalityId, asOfInstant(asOf), {
          budgetYear,
          organIds: [organId],
          open: open === undefined ? undefined : open === 'true',
        });
        return { organId, tasks: tasks.sort((a, b) => Number(b.open) - Number(a.open)) };
      }
      // The hot read (every secretary's start page): one statement brings the inbox and the
      // municipality's version, which the permission check is made against before anything is returned.
      const { municipalityVersion, tasksJson } = await ctx.inboxes({
        municipalityId,
        organId,
        budgetYear: budgetYear ?? null,
        open: open === undefined ? null : open === 'true',
      });
      await authorizeAtVersion(ctx, claims, municipalityId, action, municipalityVersion);
      // The tasks as Postgres wrote them (api/inbox-reads.ts), sent on without parsing them here.
      return reply
        .type('application/json; charset=utf-8')
        .send(`{"organId":${JSON.stringify(organId)},"tasks":${tasksJson}}`);
    },
  );

  r.get(
    '/municipalities/:municipalityId/tasks',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'Uppgifter i kommunen (sekreterare: de egna organens)',
        params: TaskParams.omit({ taskId: true }),
        querystring: TaskListQuery,
      },
    },
    async (request) => {
      const claims = claimsOf(request);
      const { budgetYear, organId, open } = request.query;
      const { state } = await loadMunicipality(ctx.deps.store, request.params.municipalityId);
      const roster = keptRosterOf(state);
      const seesAll = isProcessOwner(roster, claims.sub) || isAuditor(roster, claims.sub);
      const organScope = seesAll
        ? null
        : Object.keys(roster.secretaries).filter((o) => isSecretaryOf(roster, claims.sub, o));
      if (request.query.asOf) {
        const scope = organScope ?? null;
        const organIds = organId ? (scope === null || scope.includes(organId) ? [organId] : []) : scope;
        const tasks = await tasksAsOf(ctx, request.params.municipalityId, asOfInstant(request.query.asOf), {
          budgetYear,
          organIds,
          open: open === undefined ? undefined : open === 'true',
        });
        return { tasks };
      }
      const { rows } = await ctx.deps.pool.query({
        text: `select ${INBOX_COLUMNS} from rm_inbox_tasks
               where municipality_id = $1 and ($2::int is null or budget_year = $2)
                 and ($3::text is null or organ_id = $3) and ($4::boolean is null or is_open = $4)
                 and ($5::text[] is null or organ_id = any($5))
               order by budget_year, due_date, task_id`,
        values: [
          request.params.municipalityId,
          budgetYear ?? null,
          organId ?? null,
          open === undefined ? null : open === 'true',
          organScope,
        ],
        types: jsonTypes,
      });
      return { tasks: rows };
    },
  );

  r.get(
    '/municipalities/:municipalityId/tasks/:taskId',
    {
      config: { roles: ALL },
      schema: {
        tags: [TAG],
        summary: 'En uppgift med innehåll, returer och godkännande (per ett datum med asOf)',
        params: TaskParams,
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const { municipalityId, taskId } = request.params;
      const task = await taskIn(ctx, municipalityId, taskId);
      await requireOrganAccess(ctx, claimsOf(request), municipalityId, task.organId);
      const { asOf } = request.query;
      if (!asOf) return task;
      // The task as it stood then, from its own events (the one authority for it).
      const { state } = await loadTask(ctx.deps.store, taskId, asOfInstant(asOf));
      if (state.status === 'unassigned') throw notFound('Uppgiften (den var inte tilldelad vid datumet)');
      return state;
    },
  );

  r.post(
    '/municipalities/:municipalityId/tasks/:taskId/submission',
    {
      config: { roles: ['secretary'] },
      schema: {
        tags: [TAG],
        summary: 'Lämna in uppgiften (organets sekreterare)',
        params: TaskParams,
        body: SubmitTaskBody,
      },
    },
    async (request, reply) => {
      const claims = claimsOf(request);
      const timing = new ServerTiming();
      const task = await timing.time('task', () =>
        taskIn(ctx, request.params.municipalityId, request.params.taskId),
      );
      // Whether the user is the organ's secretary is decided by the task, from the current state.
      const submitted = await timing.time('submit', () =>
        actOnTask(ctx, claims, task, { type: 'task.submit', organId: task.organId }, () =>
          ctx.workflows.submitTask(task.taskId, claims.sub, request.body.content, updateIdOf(request)),
        ),
      );
      await timing.time('draft', () => deleteDraft(ctx.deps.pool, task.municipalityId, task.taskId));
      timing.writeTo(reply);
      return submitted;
    },
  );

  r.post(
    '/municipalities/:municipalityId/tasks/:taskId/return',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Returnera uppgiften för komplettering (processägare)',
        params: TaskParams,
        body: ReturnTaskBody,
      },
    },
    async (request) => {
      const task = await taskIn(ctx, request.params.municipalityId, request.params.taskId);
      return actOnTask(ctx, claimsOf(request), task, REVIEW, () =>
        ctx.workflows.returnTask(
          task.taskId,
          claimsOf(request).sub,
          request.body.reason,
          updateIdOf(request),
        ),
      );
    },
  );

  r.post(
    '/municipalities/:municipalityId/tasks/:taskId/approval',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Godkänn uppgiften (processägare)',
        params: TaskParams,
        body: ApproveTaskBody.optional(),
      },
    },
    async (request) => {
      const task = await taskIn(ctx, request.params.municipalityId, request.params.taskId);
      return actOnTask(ctx, claimsOf(request), task, REVIEW, () =>
        ctx.workflows.approveTask(task.taskId, claimsOf(request).sub, updateIdOf(request)),
      );
    },
  );

  r.post(
    '/municipalities/:municipalityId/tasks/:taskId/due-date',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Flytta uppgiftens sista dag (processägare; inom lagens gräns)',
        params: TaskParams,
        body: ChangeDueDateBody,
      },
    },
    async (request) => {
      const task = await taskIn(ctx, request.params.municipalityId, request.params.taskId);
      return actOnTask(ctx, claimsOf(request), task, REVIEW, () =>
        ctx.workflows.changeTaskDueDate(
          task.taskId,
          claimsOf(request).sub,
          request.body.dueDate,
          request.body.reason,
          updateIdOf(request),
        ),
      );
    },
  );

  r.post(
    '/municipalities/:municipalityId/tasks/:taskId/cancellation',
    {
      config: { roles: ['process_owner'] },
      schema: {
        tags: [TAG],
        summary: 'Avbryt uppgiften med ett skäl (processägare); inga fler påminnelser eller eskaleringar',
        params: TaskParams,
        body: CancelTaskBody,
      },
    },
    async (request) => {
      const task = await taskIn(ctx, request.params.municipalityId, request.params.taskId);
      return actOnTask(ctx, claimsOf(request), task, REVIEW, () =>
        ctx.workflows.cancelTask(
          task.taskId,
          claimsOf(request).sub,
          request.body.reason,
          updateIdOf(request),
        ),
      );
    },
  );

  r.get(
    '/municipalities/:municipalityId/reports/deadline-compliance',
    {
      config: { roles: ALL },
      schema: {
        tags: ['Rapporter'],
        summary:
          'Inlämning i tid: uppgifter per organ och fas (i tid, sent, eskalerat) och beslut fattade efter planerad dag eller lagens sista dag',
        params: TaskParams.omit({ taskId: true }),
        querystring: AsOfQuery,
      },
    },
    async (request) => {
      const { municipalityId } = request.params;
      const read = async (db: Queryable) => ({
        rows: await readView(db, 'rm_deadline_compliance', municipalityId),
        decisions: await readDecisionDeviations(db, municipalityId),
      });
      const { asOf } = request.query;
      return asOf
        ? withReadModelsAsOf(ctx.deps.pool, municipalityId, asOfInstant(asOf), read)
        : read(ctx.deps.pool);
    },
  );
}
