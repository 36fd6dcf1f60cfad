import type pg from 'pg';
import { municipalityStream } from '../domain/streams';

/** Which inbox a request asks for. */
export interface InboxQuery {
  municipalityId: string;
  organId: string;
  budgetYear: number | null;
  open: boolean | null;
}

/**
 * An organ's inbox as the JSON text of its tasks, built by Postgres, and the municipality stream's
 * version read in the same statement. The API sends the text on as it is: no rows parsed into objects
 * and written out again, which was most of an inbox read's CPU in the API after the round trip.
 */
export interface InboxAnswer {
  municipalityVersion: number;
  /** A JSON array of the inbox's tasks: open first, then by due date and id. */
  tasksJson: string;
}

export const INBOX_COLUMNS = `task_id as "taskId", budget_year as "budgetYear", organ_id as "organId", phase, kind, title,
  due_date as "dueDate", status, is_open as "open", revision, last_submission_late as "lastSubmissionLate",
  escalated, reminders_sent as "remindersSent", assigned_at as "assignedAt", submitted_at as "submittedAt",
  approved_at as "approvedAt", cancelled_at as "cancelledAt", cancel_reason as "cancelReason"`;

/** A time stamp as the API writes one everywhere (jsonTypes: Date.toISOString, milliseconds, UTC). */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One task of an inbox as JSON: the fields (and their order) of INBOX_COLUMNS, then its returns. */
const TASK_JSON = `json_build_object('taskId', t.task_id, 'budgetYear', t.budget_year, 'organId', t.organ_id,
  'phase', t.phase, 'kind', t.kind, 'title', t.title, 'dueDate', t.due_date, 'status', t.status,
  'open', t.is_open, 'revision', t.revision, 'lastSubmissionLate', t.last_submission_late,
  'escalated', t.escalated, 'remindersSent', t.reminders_sent, 'assignedAt', ${iso('t.assigned_at')},
  'submittedAt', ${iso('t.submitted_at')}, 'approvedAt', ${iso('t.approved_at')},
  'cancelledAt', ${iso('t.cancelled_at')}, 'cancelReason', t.cancel_reason,
  'returns', coalesce((select json_agg(json_build_object('revision', r.revision, 'reason', r.reason,
    'returnedBy', r.returned_by, 'returnedAt', r.returned_at) order by r.revision)
    from rm_inbox_returns r where r.task_id = t.task_id), '[]'))`;

/**
 * Every inbox asked for in one statement: one snapshot, so each inbox and its municipality's version
 * are of one moment, which the permission check is then made against. One row per inbox.
 */
const BATCH_SQL = `select k.i::int as "i", m.version as "municipalityVersion", coalesce(t.tasks, '[]')::text as "tasksJson"
  from unnest($1::text[], $2::text[], $3::int[], $4::boolean[], $5::text[])
       with ordinality as k(municipality_id, organ_id, budget_year, is_open, stream_id, i)
  cross join lateral (select coalesce(max(e.stream_version), 0) as version
                      from events e where e.stream_id = k.stream_id) m
  cross join lateral (
    select json_agg(${TASK_JSON} order by t.is_open desc, t.due_date, t.task_id) as tasks
    from rm_inbox_tasks t
    where t.municipality_id = k.municipality_id and t.organ_id = k.organ_id
      and (k.budget_year is null or t.budget_year = k.budget_year)
      and (k.is_open is null or t.is_open = k.is_open)) t
  order by k.i`;

/** Statements under way at once; reads arriving meanwhile wait and go together in the next one. */
const IN_FLIGHT = 4;
/** Inboxes in one statement at most. */
const BATCH_SIZE = 256;

interface Waiting {
  query: InboxQuery;
  resolve(answer: InboxAnswer): void;
  reject(error: unknown): void;
}

/**
 * The hot read (every secretary's start page, thousands a second) as few statements as the load
 * allows: while IN_FLIGHT statements run, the inboxes asked for meanwhile wait and are then read
 * together in one. Unloaded, each read goes at once on its own; under load, one round trip (and one
 * wake-up of a Postgres backend) serves many, which is most of what a read cost the API and Postgres.
 */
export function createInboxReader(pool: pg.Pool): (query: InboxQuery) => Promise<InboxAnswer> {
  const waiting: Waiting[] = [];
  let running = 0;
  let scheduled = false;

  const run = async (batch: Waiting[]) => {
    running++;
    try {
      const { rows } = await pool.query<{ i: number; municipalityVersion: string; tasksJson: string }>({
        name: 'organ-inbox-json',
        text: BATCH_SQL,
        values: [
          batch.map((w) => w.query.municipalityId),
          batch.map((w) => w.query.organId),
          batch.map((w) => w.query.budgetYear),
          batch.map((w) => w.query.open),
          batch.map((w) => municipalityStream(w.query.municipalityId)),
        ],
      });
      const answers: InboxAnswer[] = [];
      for (const row of rows) {
        answers[row.i - 1] = {
          municipalityVersion: Number(row.municipalityVersion),
          tasksJson: row.tasksJson,
        };
      }
      for (const [n, w] of batch.entries()) w.resolve(answers[n] as InboxAnswer);
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      running--;
      flush();
    }
  };

  const flush = () => {
    while (waiting.length > 0 && running < IN_FLIGHT) void run(waiting.splice(0, BATCH_SIZE));
  };

  return (query) =>
    new Promise<InboxAnswer>((resolve, reject) => {
      waiting.push({ query, resolve, reject });
      // The reads parsed in this turn of the event loop go together.
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush();
        });
      }
    });
}
