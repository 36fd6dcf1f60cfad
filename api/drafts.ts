import type pg from 'pg';

/**
 * Drafts of task submissions (api_task_drafts): the form's own state, saved as the secretary types.
 * Not domain facts — the submission is the event — so they live in an API table, versioned for
 * optimistic concurrency: a save names the version it was based on and is refused when another tab
 * or person saved in between.
 */
export interface TaskDraft {
  taskId: string;
  /** 0: no draft saved yet. */
  version: number;
  content: Record<string, unknown> | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

const COLUMNS = `task_id as "taskId", version, content, updated_by as "updatedBy", updated_at as "updatedAt"`;

function emptyDraft(taskId: string): TaskDraft {
  return { taskId, version: 0, content: null, updatedBy: null, updatedAt: null };
}

function rowOf(row: Omit<TaskDraft, 'updatedAt'> & { updatedAt: Date | string | null }): TaskDraft {
  return {
    ...row,
    updatedAt: row.updatedAt instanceof Date ? row.updatedAt.toISOString() : row.updatedAt,
  };
}

export async function readDraft(pool: pg.Pool, municipalityId: string, taskId: string): Promise<TaskDraft> {
  const { rows } = await pool.query(
    `select ${COLUMNS} from api_task_drafts where municipality_id = $1 and task_id = $2`,
    [municipalityId, taskId],
  );
  return rows[0] ? rowOf(rows[0]) : emptyDraft(taskId);
}

/**
 * Saves the draft if the stored one is still at `baseVersion` (0: none stored). Returns the saved
 * draft, or the stored one as `conflict` when another save came first.
 */
export async function saveDraft(
  pool: pg.Pool,
  input: { municipalityId: string; taskId: string; baseVersion: number; content: unknown; by: string },
): Promise<{ saved: TaskDraft } | { conflict: TaskDraft }> {
  const { municipalityId, taskId, baseVersion, content, by } = input;
  // One statement: insert the first version, or update only from the version the client saw.
  const { rows } = await pool.query(
    `insert into api_task_drafts as d (municipality_id, task_id, version, content, updated_by)
     select $1, $2, 1, $4::jsonb, $5 where $3::int = 0
     on conflict (municipality_id, task_id) do nothing
     returning ${COLUMNS}`,
    [municipalityId, taskId, baseVersion, JSON.stringify(content), by],
  );
  if (rows[0]) return { saved: rowOf(rows[0]) };
  const updated = await pool.query(
    `update api_task_drafts set version = version + 1, content = $4::jsonb, updated_by = $5, updated_at = now()
     where municipality_id = $1 and task_id = $2 and version = $3
     returning ${COLUMNS}`,
    [municipalityId, taskId, baseVersion, JSON.stringify(content), by],
  );
  if (updated.rows[0]) return { saved: rowOf(updated.rows[0]) };
  return { conflict: await readDraft(pool, municipalityId, taskId) };
}

/** After a submission the draft has served its purpose: the submission is the record. */
export async function deleteDraft(pool: pg.Pool, municipalityId: string, taskId: string): Promise<void> {
  await pool.query('delete from api_task_drafts where municipality_id = $1 and task_id = $2', [
    municipalityId,
    taskId,
  ]);
}
