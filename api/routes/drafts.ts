import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AssignedTask } from '../../domain/task/state';
import { authorizeNow } from '../access';
import { type ApiContext, claimsOf } from '../context';
import { readDraft, saveDraft } from '../drafts';
import { ApiError, notFound } from '../errors';
import { TaskParams } from '../schemas';

const TAG = 'Uppgifter';
/** A draft is a form's state; big enough for any form, small enough to refuse a runaway client. */
const MAX_DRAFT_BYTES = 512 * 1024;

export const SaveDraftBody = z
  .object({
    /** The version the draft was based on (0 when none was saved before); stored as a Postgres integer. */
    baseVersion: z.number().int().min(0).max(2_147_483_647),
    content: z.record(z.string(), z.unknown()),
  })
  .strict();

async function taskIn(ctx: ApiContext, municipalityId: string, taskId: string): Promise<AssignedTask> {
  const task = await ctx.workflows.task(taskId);
  if (!task || task.municipalityId !== municipalityId) throw notFound('Uppgiften');
  return task;
}

/** A submission of the task's organ to start a form from (see `basisOf`). */
interface Basis {
  taskId: string;
  budgetYear: number;
  at: string;
  content: unknown;
}

/** The newest submission of `kind` by the organ, in a budget year before `beforeYear` (or up to it). */
async function latestSubmission(
  ctx: ApiContext,
  task: AssignedTask,
  kind: string,
  years: { max: number },
): Promise<Basis | null> {
  const { rows } = await ctx.deps.pool.query<{ taskId: string }>(
    `select task_id as "taskId" from rm_inbox_tasks
     where municipality_id = $1 and organ_id = $2 and kind = $3 and budget_year <= $4 and task_id <> $5
       and submitted_at is not null
     order by budget_year desc, submitted_at desc limit 1`,
    [task.municipalityId, task.organId, kind, years.max, task.taskId],
  );
  const found = rows[0] && (await ctx.workflows.task(rows[0].taskId));
  if (!found?.submission) return null;
  return {
    taskId: found.taskId,
    budgetYear: found.budgetYear,
    at: found.submission.at,
    content: found.submission.submission.content,
  };
}

export function draftRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/municipalities/:municipalityId/tasks/:taskId/draft',
    {
      config: { roles: ['secretary'] },
      schema: {
        tags: [TAG],
        summary: 'Uppgiftens utkast (organets sekreterare); version 0 när inget är sparat',
        params: TaskParams,
      },
    },
    async (request) => {
      const { municipalityId, taskId } = request.params;
      const task = await taskIn(ctx, municipalityId, taskId);
      await authorizeNow(ctx, claimsOf(request), municipalityId, {
        type: 'task.submit',
        organId: task.organId,
      });
      return readDraft(ctx.deps.pool, municipalityId, taskId);
    },
  );

  r.put(
    '/municipalities/:municipalityId/tasks/:taskId/draft',
    {
      config: { roles: ['secretary'] },
      schema: {
        tags: [TAG],
        summary:
          'Spara uppgiftens utkast (organets sekreterare); 409 VERSION_CONFLICT med det nyare utkastet om någon sparade efter baseVersion',
        params: TaskParams,
        body: SaveDraftBody,
      },
    },
    async (request) => {
      const { municipalityId, taskId } = request.params;
      const claims = claimsOf(request);
      const task = await taskIn(ctx, municipalityId, taskId);
      await authorizeNow(ctx, claims, municipalityId, { type: 'task.submit', organId: task.organId });
      if (JSON.stringify(request.body.content).length > MAX_DRAFT_BYTES) {
        throw new ApiError(422, 'DRAFT_TOO_LARGE', 'Utkastet är för stort (högst 512 kB)', 'api.draft-size');
      }
      const result = await saveDraft(ctx.deps.pool, {
        municipalityId,
        taskId,
        baseVersion: request.body.baseVersion,
        content: request.body.content,
        by: claims.sub,
      });
      if ('conflict' in result) {
        throw new ApiError(
          409,
          'VERSION_CONFLICT',
          'Utkastet har sparats i en annan flik eller av någon annan sedan du öppnade det. Välj vilken version du vill behålla.',
          'api.draft-version',
          { baseVersion: request.body.baseVersion, current: result.conflict },
        );
      }
      return result.saved;
    },
  );

  r.get(
    '/municipalities/:municipalityId/tasks/:taskId/basis',
    {
      config: { roles: ['process_owner', 'secretary', 'auditor'] },
      schema: {
        tags: [TAG],
        summary:
          'Underlag att börja formuläret från: organets förra inlämning av samma slag (för en returnerad uppgift dess egen) och årets verksamhetsplan',
        params: TaskParams,
      },
    },
    async (request) => {
      const { municipalityId, taskId } = request.params;
      const task = await taskIn(ctx, municipalityId, taskId);
      await authorizeNow(ctx, claimsOf(request), municipalityId, {
        type: 'organ.read',
        organId: task.organId,
      });
      const own = task.submission && {
        taskId: task.taskId,
        budgetYear: task.budgetYear,
        at: task.submission.at,
        content: task.submission.submission.content,
      };
      const previous = own ?? (await latestSubmission(ctx, task, task.kind, { max: task.budgetYear - 1 }));
      const plan =
        task.kind === 'delarsrapport' || task.kind === 'arsrapport'
          ? await latestSubmission(ctx, task, 'verksamhetsplan', { max: task.budgetYear })
          : null;
      return { previous: previous ?? null, source: own ? 'own' : previous ? 'previous-cycle' : null, plan };
    },
  );
}
