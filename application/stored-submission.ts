import { createHash, randomUUID } from 'node:crypto';
import { loadActionContext } from '../activities/action-context';
import { authorize } from '../domain/access/authorize';
import { handle } from '../domain/decider';
import { taskStream } from '../domain/streams';
import { taskDecider } from '../domain/task/decider';
import type { TaskState } from '../domain/task/state';
import {
  type EventStore,
  IdempotencyConflictError,
  type RecordedEvent,
  VersionConflictError,
} from '../eventstore/index';
import { domainTimeAt } from '../workflows/clock';
import { STORED_SUBMISSION } from '../workflows/messages';
import { taskFrom } from './aggregates';
import type { CycleClocks } from './cycle-clocks';

/** Appends refused because the task's stream moved on (its workflow stored a reminder) before one holds. */
const ATTEMPTS = 5;

export interface StoredSubmissionRequest {
  taskId: string;
  actor: string;
  content: unknown;
  /** The request's idempotency id: a retry stores nothing again and answers the task as it is. */
  requestId?: string;
}

export interface StoredSubmissionDeps {
  store: EventStore;
  clocks: CycleClocks;
  /** Workflow time now (epoch ms): the wall clock, or the time-skipping test server's. */
  workflowNow: () => Promise<number>;
}

/**
 * A submission stored by the API itself (SUBMISSIONS_STORED), without a workflow task: read the task's
 * stream, check permission once from the municipality as it is now, decide with the task's decider
 * and append at the stream's version. A version conflict (the workflow stored a reminder meanwhile)
 * is met by reading, deciding and appending again. The task's workflow follows the stream at its next
 * step (workflows/task-follows-store.ts). Null when the task's workflow does not take it (started by
 * earlier code, or its cycle's clock not stored): the caller sends the workflow its update.
 */
export async function submitStored(
  deps: StoredSubmissionDeps,
  request: StoredSubmissionRequest,
): Promise<TaskState | null> {
  // SubmitTask decides one event (TaskSubmitted): its id, the same in every attempt.
  const eventId = request.requestId ? idFrom(request.taskId, request.requestId) : randomUUID();
  for (let attempt = 1; ; attempt++) {
    const recorded = await deps.store.readStream(taskStream(request.taskId));
    const assigned = recorded[0];
    if (!assigned || !takesStoredSubmission(assigned)) return null;
    const { state, version } = taskFrom(recorded);
    if (state.status === 'unassigned') return null;
    // A retried request whose submission is stored: answered with the task as it is, acting no more.
    if (recorded.some((e) => e.eventId === eventId)) return state;
    const clock = await deps.clocks.of(state.municipalityId, state.budgetYear);
    if (!clock) return null;
    const context = await loadActionContext(deps.store, {
      municipalityId: state.municipalityId,
      budgetYear: state.budgetYear,
    });
    authorize(context.roster, request.actor, { type: 'task.submit', organId: state.organId });
    // Never before the stream's last event, so its events stay in time order.
    const lastAt = Date.parse(recorded.at(-1)?.metadata.occurredAt ?? '');
    const at = new Date(Math.max(Math.floor(domainTimeAt(clock, await deps.workflowNow())), lastAt));
    const decided = handle(taskDecider, state, {
      type: 'SubmitTask',
      taskId: request.taskId,
      content: request.content,
      reference: context.reference,
      actor: request.actor,
      at: at.toISOString(),
    });
    try {
      await deps.store.append(
        taskStream(request.taskId),
        version,
        decided.events.map((e) => ({ ...e, eventId })),
        {
          actor: request.actor,
          occurredAt: at.toISOString(),
          correlationId: assigned.metadata.correlationId,
          causationId: `api:${request.requestId ?? eventId}`,
        },
      );
      return decided.state;
    } catch (error) {
      const raced = error instanceof VersionConflictError || error instanceof IdempotencyConflictError;
      if (!raced || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** Whether the workflow that gave the task out follows its stream (its TaskAssigned says so). */
export function takesStoredSubmission(assigned: RecordedEvent): boolean {
  if (assigned.type !== 'TaskAssigned') return false;
  return (assigned.metadata.workflowCapabilities ?? '').split(' ').includes(STORED_SUBMISSION);
}

/** A UUID (version 8, RFC 9562) from the request's idempotency id: the same for every retry. */
function idFrom(taskId: string, requestId: string): string {
  const hex = createHash('sha256').update(`stored-submission\n${taskId}\n${requestId}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
