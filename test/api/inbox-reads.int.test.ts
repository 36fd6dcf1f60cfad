import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxReader, INBOX_COLUMNS, type InboxAnswer, type InboxQuery } from '../../api/inbox-reads';
import { jsonTypes } from '../../application/read-models';
import { municipalityStream } from '../../domain/streams';
import { EventStore } from '../../eventstore/index';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Tasks of two municipalities' organs, as the task inbox projection writes them. */
const TASKS = [
  { taskId: 'a.1', municipalityId: 'a', organId: 'o1', status: 'assigned', dueDate: '2026-03-01' },
  { taskId: 'a.2', municipalityId: 'a', organId: 'o1', status: 'submitted', dueDate: '2026-02-01' },
  { taskId: 'a.3', municipalityId: 'a', organId: 'o2', status: 'returned', dueDate: '2026-04-01' },
  { taskId: 'b.1', municipalityId: 'b', organId: 'o1', status: 'assigned', dueDate: '2026-05-01' },
];
/** Events appended to each municipality's stream: its version. */
const EVENTS = { a: 3, b: 1 } as const;

/** The inbox's tasks, from the JSON text the reader hands on. */
const tasksOf = (answer: InboxAnswer) => JSON.parse(answer.tasksJson) as Record<string, unknown>[];

describe('inbox reads arriving together', () => {
  let db: TestDatabase;
  let statements = 0;

  beforeAll(async () => {
    db = await createTestDatabase('inbox_reads');
    const store = new EventStore(db.appPool);
    for (const [municipalityId, count] of Object.entries(EVENTS)) {
      await store.append(
        municipalityStream(municipalityId),
        'no_stream',
        Array.from({ length: count }, (_, n) => ({
          eventId: randomUUID(),
          type: 'TestNoted',
          schemaVersion: 1,
          data: { n },
        })),
        { actor: 'test', occurredAt: '2026-01-07T08:00:00.000Z', correlationId: 'test', causationId: 'test' },
      );
    }
    for (const t of TASKS) {
      await db.appPool.query(
        `insert into rm_inbox_tasks (task_id, municipality_id, budget_year, organ_id, phase, kind, title,
           due_date, status, assigned_at, updated_at)
         values ($1, $2, 2027, $3, 'nulagesanalys', 'nulagesanalys', $1, $4, $5, now(), now())`,
        [t.taskId, t.municipalityId, t.organId, t.dueDate, t.status],
      );
    }
    await db.appPool.query(
      `insert into rm_inbox_returns (task_id, revision, reason, returned_by, returned_at)
       values ('a.3', 1, 'Komplettera', 'po', now())`,
    );
  });
  afterAll(async () => db?.drop());

  /** The pool as the reader sees it, counting its statements. */
  const counting = () =>
    new Proxy(db.appPool, {
      get(target, property, receiver) {
        if (property === 'query') {
          return (...args: Parameters<pg.Pool['query']>) => {
            statements++;
            return (target.query as (...a: unknown[]) => unknown)(...args);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });

  it('answers each read with its own organ’s tasks and its municipality’s version, in fewer statements', async () => {
    const read = createInboxReader(counting());
    const queries: InboxQuery[] = [];
    for (let n = 0; n < 30; n++) {
      const municipalityId = n % 3 === 2 ? 'b' : 'a';
      const organId = n % 3 === 1 ? 'o2' : n % 5 === 0 ? 'o9' : 'o1';
      queries.push({
        municipalityId,
        organId,
        budgetYear: n % 4 === 0 ? 2027 : null,
        open: n % 7 === 0 ? true : null,
      });
    }
    statements = 0;
    const answers = await Promise.all(queries.map(read));
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(queries.length);
    for (const [n, q] of queries.entries()) {
      const answer = answers[n] && { ...answers[n], tasks: tasksOf(answers[n]) };
      const expected = TASKS.filter(
        (t) =>
          t.municipalityId === q.municipalityId &&
          t.organId === q.organId &&
          (q.open === null || ['assigned', 'returned'].includes(t.status) === q.open),
      );
      expect(answer?.municipalityVersion).toBe(EVENTS[q.municipalityId as keyof typeof EVENTS]);
      expect(answer?.tasks.map((t) => t.taskId).sort()).toEqual(expected.map((t) => t.taskId).sort());
      // Open tasks first, then by due date.
      const open = answer?.tasks.map((t) => t.open) ?? [];
      expect(open).toEqual([...open].sort((x, y) => Number(y) - Number(x)));
      for (const task of answer?.tasks ?? []) {
        expect(task.returns).toEqual(
          task.taskId === 'a.3' ? [expect.objectContaining({ revision: 1, reason: 'Komplettera' })] : [],
        );
      }
    }
  });

  it('answers a municipality without a stream with version 0 and an organ without tasks with none', async () => {
    const read = createInboxReader(db.appPool);
    const answer = await read({ municipalityId: 'none', organId: 'o1', budgetYear: null, open: null });
    expect(answer).toEqual({ municipalityVersion: 0, tasksJson: '[]' });
  });

  it('writes each task as the task list does (same fields, dates and time stamps), with its returns', async () => {
    await db.appPool.query(
      `update rm_inbox_tasks set submitted_at = '2026-02-03T10:11:12.345678Z', last_submission_late = true,
         revision = 1 where task_id = 'a.2'`,
    );
    const read = createInboxReader(db.appPool);
    const { rows } = await db.appPool.query({
      text: `select ${INBOX_COLUMNS} from rm_inbox_tasks where municipality_id = 'a' and organ_id = 'o1'`,
      types: jsonTypes,
    });
    const tasks = tasksOf(await read({ municipalityId: 'a', organId: 'o1', budgetYear: null, open: null }));
    expect(tasks.map(({ returns, ...task }) => task)).toEqual(
      [...rows].sort((x, y) => Number(y.open) - Number(x.open)),
    );
    expect(tasks.find((t) => t.taskId === 'a.2')?.submittedAt).toBe('2026-02-03T10:11:12.345Z');
    const [returned] = tasksOf(
      await read({ municipalityId: 'a', organId: 'o2', budgetYear: null, open: null }),
    );
    expect(returned?.returns).toEqual([
      expect.objectContaining({ revision: 1, reason: 'Komplettera', returnedBy: 'po' }),
    ]);
  });
});
