import { proxyActivities, uuid4, workflowInfo } from '@temporalio/workflow';
import type { ArshjulActivities } from '../activities/types';
import type { CycleClock } from './clock';

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

export interface RecordContext {
  actor: string;
  /** What caused these events: an update id, a timer, a parent step. */
  causationId: string;
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

  constructor(
    readonly streamId: string,
    private readonly correlationId: string,
    private readonly clock: CycleClock,
    version = 0,
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

  private appendInput(version: number, events: readonly DomainEventLike[], context: RecordContext) {
    return {
      streamId: this.streamId,
      expectedVersion: version === 0 ? ('no_stream' as const) : version,
      events: events.map((e) => ({
        eventId: uuid4(),
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
      })),
      metadata: {
        actor: context.actor,
        occurredAt: this.clock.nowIso(),
        correlationId: this.correlationId,
        causationId: context.causationId,
        workflowId: workflowInfo().workflowId,
      },
    };
  }

  /** Resolves when every append so far is stored. */
  flush(): Promise<unknown> {
    return this.tail;
  }

  snapshot(): RecorderSnapshot {
    return { streamId: this.streamId, version: this.version };
  }
}
