import { ApplicationFailure, proxyActivities, uuid4, workflowInfo } from '@temporalio/workflow';
import type { ArshjulActivities } from '../activities/types';
import type { CycleClock } from './clock';
import { type LocalSteps, localSteps } from './local-steps';

const { appendEvents } = proxyActivities<ArshjulActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    // Retries forever on transient errors (Postgres down); conflicts are not transient.
    nonRetryableErrorTypes: ['VersionConflictError', 'IdempotencyConflictError'],
  },
});

export interface DomainEventLike {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** What a decider answers a command: the new events and the state after them. */
export interface Decision<S> {
  events: readonly DomainEventLike[];
  state: S;
}

export interface RecordContext {
  actor: string;
  /** What caused these events: an update id, a timer, a parent step. */
  causationId: string;
  /** The metadata's workflowCapabilities (what this workflow takes beyond its messages). */
  capabilities?: string;
}

export interface RecorderSnapshot {
  streamId: string;
  version: number;
}

/**
 * Appends one stream's events from workflow code, in the order they were decided. Event ids come
 * from the workflow's deterministic uuid4(), fixed before the activity is scheduled, so a retried or
 * replayed append stores nothing twice.
 */
export class StreamRecorder {
  private version: number;
  private tail: Promise<unknown> = Promise.resolve();
  private answeredAtMs = 0;

  constructor(
    readonly streamId: string,
    private readonly correlationId: string,
    private readonly clock: CycleClock,
    version = 0,
    /** The workflow's local activities (its per-task bound); appendDecision appends through them. */
    private readonly steps: LocalSteps = localSteps,
  ) {
    this.version = version;
  }

  /**
   * Appends the events expecting the version this recorder last stored, and moves the version only
   * once the store has them: a rejected or failed append changes nothing and the next append expects
   * the same version. Callers serialise appends (Mutex), so each decides on the state last stored.
   */
  async append(events: readonly DomainEventLike[], context: RecordContext): Promise<number> {
    if (events.length === 0) return this.version;
    const result = await appendEvents(this.appendInput(this.version, events, context));
    this.version = result.streamVersion;
    return this.version;
  }

  /**
   * LOCAL_STEPS: decides at this moment and appends in this workflow task (a local activity), moving
   * the version once stored; answers the decided state and the version. A failed attempt of the same
   * workflow task may have stored this step already, under the same event ids but decided at its own
   * time: the store names that time, the step is decided again at it and appended again, which the
   * store takes as the retry it is (nothing stored twice). A step that decides otherwise at the stored
   * time is a real conflict, as any other event under the same ids is.
   */
  async appendDecision<S>(
    decide: (at: string) => Decision<S>,
    context: RecordContext,
    /** The step's event ids (STEPS_FIND_THEMSELVES, step-ids.ts); otherwise drawn from uuid4(). */
    stepIds?: (index: number) => string,
  ): Promise<{ state: S; version: number }> {
    const at = this.clock.nowIso();
    const decision = decide(at);
    if (decision.events.length === 0) return { state: decision.state, version: this.version };
    const ids = decision.events.map((_, i) => stepIds?.(i) ?? uuid4());
    const expected = this.version;
    const append = (events: readonly DomainEventLike[], time: string) =>
      this.steps.appendDecision(this.appendInput(expected, events, context, { at: time, ids }));
    const result = await append(decision.events, at);
    if (!('storedBefore' in result)) {
      if (stepIds) inPlace(result, expected, decision.events.length);
      this.answeredAtMs = result.answeredAtMs;
      this.version = result.streamVersion;
      return { state: decision.state, version: this.version };
    }
    const storedAt = result.storedBefore.occurredAt;
    const again = decidedAgain(decide, storedAt);
    const retry = await append(again.events, storedAt);
    if ('storedBefore' in retry)
      throw conflict(`decided again at ${storedAt}, the step differs from the one stored`);
    if (stepIds) inPlace(retry, expected, again.events.length);
    this.version = retry.streamVersion;
    this.answeredAtMs = retry.answeredAtMs;
    return { state: again.state, version: this.version };
  }

  /**
   * Real milliseconds this workflow task had run when its last local append answered (0 once a later
   * task runs). Workflow time stands still within a task, but a timer starts when the task completes:
   * a timer set after a local step is shortened by this much, so it fires when it was meant to.
   * From the append's answer, recorded in the history: the same on replay.
   */
  timeSpentInTask(): number {
    return Math.max(0, this.answeredAtMs - Date.now());
  }

  /**
   * Histories recorded before `state-follows-store`: bumps the version before the append runs and chains
   * every append on the previous one. Kept only so those histories replay; new runs use append().
   */
  record(events: readonly DomainEventLike[], context: RecordContext): Promise<unknown> {
    if (events.length === 0) return this.tail;
    const input = this.appendInput(this.version, events, context);
    this.version += events.length;
    this.tail = this.tail.then(() => appendEvents(input));
    return this.tail;
  }

  /** `fixed`: the time and event ids of an appendDecision (otherwise now, and new ids). */
  private appendInput(
    version: number,
    events: readonly DomainEventLike[],
    context: RecordContext,
    fixed?: { at: string; ids: string[] },
  ) {
    return {
      streamId: this.streamId,
      expectedVersion: version === 0 ? ('no_stream' as const) : version,
      events: events.map((e, i) => ({
        eventId: fixed?.ids[i] ?? uuid4(),
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
      })),
      metadata: {
        actor: context.actor,
        occurredAt: fixed?.at ?? this.clock.nowIso(),
        correlationId: this.correlationId,
        causationId: context.causationId,
        workflowId: workflowInfo().workflowId,
        ...(context.capabilities ? { workflowCapabilities: context.capabilities } : {}),
      },
    };
  }

  /** The stream was read as stored (others append to it too): later appends expect that version. */
  followStored(version: number): void {
    this.version = version;
  }

  /** Resolves when every append so far is stored. */
  flush(): Promise<unknown> {
    return this.tail;
  }

  snapshot(): RecorderSnapshot {
    return { streamId: this.streamId, version: this.version };
  }
}

/** The step decided again at the time it was stored; a refusal now means it was another step. */
function decidedAgain<S>(decide: (at: string) => Decision<S>, at: string): Decision<S> {
  try {
    return decide(at);
  } catch (error) {
    throw conflict(`decided again at ${at}, the step is refused: ${String(error)}`);
  }
}

/**
 * A step found stored (alreadyAppended) must sit right after the version it was decided on; stored
 * further on, steps stored after it by a lost attempt are missing from this state: the stream is ahead.
 */
function inPlace(result: { streamVersion: number }, expected: number, count: number): void {
  if (result.streamVersion === expected + count) return;
  throw ApplicationFailure.nonRetryable(
    `the step is stored at version ${result.streamVersion - count + 1}, this state is at ${expected}`,
    'VersionConflictError',
  );
}

/** Event ids stored before with content this step does not decide: not a retry, not transient. */
function conflict(detail: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `events stored before under this step's ids: ${detail}`,
    'IdempotencyConflictError',
  );
}
