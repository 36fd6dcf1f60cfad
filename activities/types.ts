import type { Roster } from '../domain/access/authorize';
import type { MandateHistory } from '../domain/calendar/mandate';
import type { CycleOrgan } from '../domain/cycle/events';
import type { CycleState } from '../domain/cycle/state';
import type { IsoDate } from '../domain/primitives';
import type { TaskKind } from '../domain/task/kinds';
import type { TaskState } from '../domain/task/state';

/**
 * Contracts of the activities the workflows call. Workflow code imports these types only; the
 * implementations (with their I/O) live beside them and run in the worker.
 */

/** A domain event on its way to the store; `eventId` is fixed by the workflow, so retries are idempotent. */
export interface EventToAppend {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
}

export interface AppendEventsInput {
  streamId: string;
  /** The stream's version the workflow last wrote (0 or 'no_stream' for a new stream). */
  expectedVersion: number | 'no_stream';
  events: EventToAppend[];
  metadata: {
    actor: string;
    /** Workflow time of the fact (differs from wall time under time skipping). */
    occurredAt: string;
    correlationId: string;
    causationId: string;
    workflowId: string;
  };
}

export interface AppendEventsResult {
  streamVersion: number;
  globalPositions: number[];
}

/**
 * What appendDecision answers: the append's result (alreadyAppended: an exact retry, nothing written),
 * or, with nothing written, the time at which these event ids were stored before with other content:
 * a failed attempt of the same workflow task decided the same step at its own time (LOCAL_STEPS).
 */
export type AppendDecisionResult =
  | (AppendEventsResult & {
      alreadyAppended: boolean;
      /** The worker's clock when the append answered: how long the workflow task has run by then. */
      answeredAtMs: number;
    })
  | { storedBefore: { occurredAt: string } };

/** A message to people; for now logged (e-mail later), the fact itself is recorded as an event. */
export interface Notification {
  kind: 'reminder' | 'escalation' | 'assigned' | 'returned' | 'cancelled' | 'info';
  to: string[];
  /** Swedish, as the recipient reads it. */
  subject: string;
  body: string;
  correlationId: string;
}

/** A task's stream as stored: its state and the version it was built from. */
export interface StoredTask {
  state: TaskState;
  version: number;
  /**
   * The causationId of each of its events, in order (UPDATES_FIND_OWN_STEP: a step run again after its
   * workflow task was lost finds what it stored). Absent in results recorded before it.
   */
  causationIds?: string[];
  /** The id of each of its events (STEPS_FIND_THEMSELVES); absent in results recorded before it. */
  eventIds?: string[];
}

/** Which cycle to read, and after which version its events' ids are wanted. */
export interface CycleStreamInput {
  municipalityId: string;
  budgetYear: number;
  afterVersion: number;
}

/** A cycle's state and version as its stream holds them, and the ids of the events after the version asked. */
export interface StoredCycle {
  state: CycleState;
  version: number;
  eventIds: string[];
}

/** What a workflow asks of the current state before it acts (see loadActionContext). */
export interface ActionContextInput {
  municipalityId: string;
  budgetYear: number;
  /** When given, the latest due date the cycle's current calendar allows for a task of this kind. */
  taskKind?: TaskKind;
}

/** The facts an action depends on, read from the event store at the moment of the action. */
export interface ActionContext {
  /** Who holds which role now (for the shared `authorize`, and the recipients of notifications). */
  roster: Roster;
  /** The steering documents in force in the budget year, to check ids in a submission. */
  reference: { councilGoalIds: string[]; externalFactorIds: string[] };
  /** dueDateLimit of `taskKind` from the cycle's current calendar (null: none, or no kind asked). */
  legalLimit: IsoDate | null;
  /** The organs now (absent in histories recorded before cycle-follows-organs). */
  organs?: CycleOrgan[];
  /** Organs removed, with the removal's reason and who removed them (same). */
  removedOrgans?: { organId: string; reason: string; by: string }[];
  /** The municipality's extra elections, for the election-year rule (absent in older histories). */
  mandates?: MandateHistory;
}

/** The open tasks of a removed organ to cancel, as the removal's author, with the removal's reason. */
export interface CancelOrganTasksInput {
  municipalityId: string;
  budgetYear: number;
  organId: string;
  /** Every task id the organ had in the cycle's plan; those not given out or finished are skipped. */
  taskIds: string[];
  reason: string;
  actor: string;
}

export interface ArshjulActivities {
  appendEvents(input: AppendEventsInput): Promise<AppendEventsResult>;
  /** appendEvents for a local activity's step: reports ids stored before instead of failing (see the result). */
  appendDecision(input: AppendEventsInput): Promise<AppendDecisionResult>;
  loadActionContext(input: ActionContextInput): Promise<ActionContext>;
  /** A task's state and version as its stream holds them now (SUBMISSIONS_STORED). */
  loadTaskStream(input: { taskId: string }): Promise<StoredTask>;
  /** A cycle's stream as stored now, for a step the store refused (STEPS_FIND_THEMSELVES). */
  loadCycleStream(input: CycleStreamInput): Promise<StoredCycle>;
  notify(notification: Notification): Promise<void>;
  /** Cancels each still open task through its workflow (rule organ.change-during-cycle); returns their ids. */
  cancelOrganTasks(input: CancelOrganTasksInput): Promise<string[]>;
}
