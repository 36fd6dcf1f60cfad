/**
 * Turns the event log into the sent log: reads the events after the checkpoint (gap-safe), works out
 * the e-mails of each fact, and stores them with the new checkpoint in one transaction. A fact is
 * planned once whatever happens to the process: the rows are keyed `{eventId}:{recipient}`.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { loadMunicipality } from '../application/municipality';
import { wantsReminders } from '../domain/municipality/state';
import { parseStreamId, taskStream } from '../domain/streams';
import type { TaskKind } from '../domain/task/kinds';
import type { EventStore, RecordedEvent } from '../eventstore/index';
import {
  mailsForCycleFact,
  mailsForTaskFact,
  type PlannedMail,
  type Recipients,
  type TaskFacts,
} from './messages';

export const MAIL_CHECKPOINT = 'mail';

/** Event types someone is told of by e-mail. */
export const MAILED_EVENT_TYPES = new Set([
  'TaskAssigned',
  'TaskReminderSent',
  'TaskEscalated',
  'TaskReturnedForRevision',
  'TaskApproved',
  'TaskCancelled',
  'DecisionOverdue',
]);

/** The stable Message-ID of one fact's e-mail to one person (the same on every retry). */
export function messageIdOf(key: string, domain = 'arshjul'): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

/** Reads what the messages need from the store, once per batch. */
class FactContext {
  private readonly people = new Map<
    string,
    Promise<{ recipients: Recipients; organName: (id: string) => string }>
  >();
  private readonly tasks = new Map<
    string,
    Promise<Omit<TaskFacts, 'organName'> & { municipalityId: string }>
  >();

  constructor(private readonly store: EventStore) {}

  peopleOf(municipalityId: string) {
    let loaded = this.people.get(municipalityId);
    if (!loaded) {
      loaded = loadMunicipality(this.store, municipalityId).then(({ state }) => ({
        recipients: {
          secretariesOf: (organId: string) =>
            state.status === 'registered' ? (state.organs[organId]?.secretaries ?? []) : [],
          processOwners: state.status === 'registered' ? state.processOwners : [],
          wantsReminders: (userId: string) => wantsReminders(state, userId),
        },
        organName: (id: string) => (state.status === 'registered' ? (state.organs[id]?.name ?? id) : id),
      }));
      this.people.set(municipalityId, loaded);
    }
    return loaded;
  }

  taskOf(taskId: string) {
    let loaded = this.tasks.get(taskId);
    if (!loaded) {
      loaded = this.store.readStream(taskStream(taskId), { limit: 1 }).then(([first]) => {
        const d = (first?.data ?? {}) as Record<string, string>;
        if (first?.type !== 'TaskAssigned') throw new Error(`task ${taskId} has no TaskAssigned`);
        return {
          taskId,
          municipalityId: String(d.municipalityId),
          organId: String(d.organId),
          kind: d.kind as TaskKind,
          title: String(d.title),
        };
      });
      this.tasks.set(taskId, loaded);
    }
    return loaded;
  }
}

export interface PlannedRow extends PlannedMail {
  key: string;
  eventId: string;
  globalPosition: number;
  municipalityId: string;
  occurredAt: string;
}

async function mailsOf(event: RecordedEvent, context: FactContext, publicUrl: string): Promise<PlannedRow[]> {
  if (!MAILED_EVENT_TYPES.has(event.type)) return [];
  const data = (event.data ?? {}) as Record<string, unknown>;
  const stream = parseStreamId(event.streamId);
  let municipalityId: string;
  let mails: PlannedMail[];
  if (stream?.category === 'task') {
    const task = await context.taskOf(stream.taskId);
    const people = await context.peopleOf(task.municipalityId);
    municipalityId = task.municipalityId;
    const facts: TaskFacts = { ...task, organName: people.organName(task.organId) };
    mails = mailsForTaskFact({ type: event.type, data }, facts, people.recipients, publicUrl);
  } else if (stream?.category === 'cycle') {
    municipalityId = stream.municipalityId;
    const people = await context.peopleOf(municipalityId);
    mails = mailsForCycleFact({ type: event.type, data }, people.recipients, publicUrl);
  } else {
    return [];
  }
  return mails.map((m) => ({
    ...m,
    key: `${event.eventId}:${m.recipient}`,
    eventId: event.eventId,
    globalPosition: event.globalPosition,
    municipalityId,
    occurredAt: event.occurredAt,
  }));
}

/**
 * Plans one page of events; returns how many events it read (0: caught up). Only one planner moves
 * the checkpoint at a time (the row is locked), so two senders never plan the same page twice.
 */
export async function planPage(
  pool: pg.Pool,
  store: EventStore,
  publicUrl: string,
  pageSize = 500,
): Promise<{ events: number; mails: number }> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('insert into mail_checkpoint (name) values ($1) on conflict do nothing', [
      MAIL_CHECKPOINT,
    ]);
    const { rows } = await client.query<{ position: string }>(
      'select position from mail_checkpoint where name = $1 for update',
      [MAIL_CHECKPOINT],
    );
    const after = Number(rows[0]?.position ?? 0);
    const events = await store.readAll({ after, limit: pageSize });
    const context = new FactContext(store);
    let mails = 0;
    for (const event of events) {
      for (const row of await mailsOf(event, context, publicUrl)) {
        const inserted = await client.query(
          `insert into mail_outbox (key, event_id, global_position, municipality_id, kind, recipient, subject,
             text_body, html_body, message_id, occurred_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (key) do nothing`,
          [
            row.key,
            row.eventId,
            row.globalPosition,
            row.municipalityId,
            row.kind,
            row.recipient,
            row.subject,
            row.text,
            row.html,
            messageIdOf(row.key),
            row.occurredAt,
          ],
        );
        mails += inserted.rowCount ?? 0;
      }
    }
    const last = events.at(-1);
    if (last) {
      await client.query('update mail_checkpoint set position = $2, updated_at = now() where name = $1', [
        MAIL_CHECKPOINT,
        last.globalPosition,
      ]);
    }
    await client.query('commit');
    return { events: events.length, mails };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
