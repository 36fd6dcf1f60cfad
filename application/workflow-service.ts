import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { authorize, rosterOf } from '../domain/access/authorize';
import type { CycleCalendar } from '../domain/calendar/schema';
import { cycleDecider, cycleDeciderWith } from '../domain/cycle/decider';
import type { CycleOrgan } from '../domain/cycle/events';
import type { CycleState } from '../domain/cycle/state';
import { handle } from '../domain/decider';
import { fail } from '../domain/errors';
import { mandateHistoryOf } from '../domain/municipality/mandate';
import { organsOf } from '../domain/municipality/state';
import type { AssignedTask, TaskState } from '../domain/task/state';
import type { EventStore } from '../eventstore/index';
import type { AnnualCycleInput } from '../workflows/annual-cycle';
import type { ClockOptions } from '../workflows/clock';
import {
  type CycleCommandInput,
  type CycleView,
  cycleViewQuery,
  cycleWorkflowId,
  organisationChangedSignal,
  TASK_QUEUE,
} from '../workflows/messages';
import { loadCycle, loadTask } from './aggregates';
import { CycleClocks } from './cycle-clocks';
import { loadMunicipality } from './municipality';
import { type CycleStatus, storedCycleView } from './stored-views';
import { type TimeSource, temporalCyclePort, wallClock } from './temporal-cycle-port';
import { TemporarilyUnavailableError } from './unavailable';

export { type CycleStatus, storedCycleView };

/** How long a cycle started before its clock was stored waits for its workflow's view. */
const QUERY_DEADLINE_MS = 10_000;

export interface WorkflowServiceDeps {
  client: Client;
  store: EventStore;
  taskQueue?: string;
  /** Workflow time as the Temporal server sees it (default: the wall clock). */
  time?: TimeSource;
}

export interface StartCycleRequest {
  municipalityId: string;
  budgetYear: number;
  calendar: CycleCalendar;
  actor: string;
  clock?: ClockOptions;
}

/**
 * Starts cycles and drives them and their tasks through the same workflow updates the tests and the
 * scenario use (temporal-cycle-port.ts), whose refusals arrive as DomainErrors. Reads come from the event store, which the workflows
 * write before an update returns, so they also work once a workflow has completed.
 */
export class WorkflowService {
  readonly taskQueue: string;
  readonly #clocks: CycleClocks;

  constructor(private readonly deps: WorkflowServiceDeps) {
    this.taskQueue = deps.taskQueue ?? TASK_QUEUE;
    this.#clocks = new CycleClocks(deps.store);
  }

  private port(municipalityId: string, budgetYear: number) {
    return temporalCyclePort({
      client: this.deps.client,
      taskQueue: this.taskQueue,
      municipalityId,
      budgetYear,
      time: this.deps.time ?? wallClock,
      store: this.deps.store,
      clocks: this.#clocks,
    });
  }

  /**
   * Builds the cycle's input from the municipality's state (its organs) and starts the annual cycle
   * workflow; who may act and which steering documents apply are read at each action, not copied here. The start is decided up front, so an invalid calendar is rejected here (CALENDAR_INVALID
   * naming the rule) and no workflow is started.
   */
  async startCycle(request: StartCycleRequest, now: string): Promise<AnnualCycleInput> {
    const { state } = await loadMunicipality(this.deps.store, request.municipalityId);
    if (state.status !== 'registered') {
      fail('NOT_REGISTERED', 'municipality.registered', 'Kommunen är inte registrerad');
    }
    // The one check, for the API and the CLI alike: a process owner of the municipality as it is now.
    authorize(rosterOf(state), request.actor, { type: 'cycle.start' });
    const organs: CycleOrgan[] = organsOf(state).map(({ organId, kind, name, shortName }) => ({
      organId,
      kind,
      name,
      shortName,
    }));
    // The calendar is checked against the municipality's mandate periods as recorded now.
    handle(cycleDeciderWith({ mandates: mandateHistoryOf(state) }), cycleDecider.initialState(), {
      type: 'StartCycle',
      at: request.clock?.startAt ? new Date(request.clock.startAt).toISOString() : now,
      actor: request.actor,
      municipalityId: request.municipalityId,
      budgetYear: request.budgetYear,
      calendar: request.calendar,
      organs,
    });
    const existing = await loadCycle(this.deps.store, request.municipalityId, request.budgetYear);
    if (existing.version > 0) {
      fail('ALREADY_EXISTS', 'cycle.start-once', `Cykeln för ${request.budgetYear} är redan startad`, {
        budgetYear: request.budgetYear,
      });
    }
    const input: AnnualCycleInput = {
      municipalityId: request.municipalityId,
      budgetYear: request.budgetYear,
      calendar: request.calendar,
      organs,
      startedBy: request.actor,
      ...(request.clock ? { clock: request.clock } : {}),
    };
    try {
      await this.port(request.municipalityId, request.budgetYear).startCycle(input);
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        fail('ALREADY_EXISTS', 'cycle.start-once', `Cykeln för ${request.budgetYear} är redan startad`, {
          budgetYear: request.budgetYear,
        });
      }
      throw error;
    }
    return input;
  }

  /**
   * The cycle's view from its stream: state, planned tasks, open phases and the clock its workflow
   * stored with the start, so no read waits for a worker. Cycles started before the clock was stored
   * ask their workflow for it (bounded), else answer without it. A cycle whose workflow runs but has
   * not yet recorded its start (no worker has taken it, e.g. one killed a moment ago) is neither shown
   * nor denied: TemporarilyUnavailableError (503, ask again).
   */
  async cycleStatus(municipalityId: string, budgetYear: number): Promise<CycleStatus | null> {
    const handle = this.deps.client.workflow.getHandle(cycleWorkflowId(municipalityId, budgetYear));
    const { state, clock } = await loadCycle(this.deps.store, municipalityId, budgetYear);
    if (state.status === 'not_started') {
      // describe() is answered by the Temporal server, not by a worker.
      if (await workflowRunning(handle)) {
        throw new TemporarilyUnavailableError(
          `Cykeln för ${budgetYear} startas men är inte registrerad än; försök igen om en stund`,
          'cycle.starting',
        );
      }
      return null;
    }
    if (!clock) {
      const view = await this.queryWorkflow(handle);
      if (view && view.cycle.status !== 'not_started') return { ...view, source: 'workflow' };
    }
    return storedCycleView(state, clock);
  }

  /** A cycle started before its clock was stored: its workflow's view, or null when it cannot be asked. */
  private async queryWorkflow(handle: WorkflowHandle): Promise<CycleView | null> {
    try {
      // Bounded: with no worker to answer, a query would wait for one; the store answers meanwhile.
      return await this.deps.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        handle.query(cycleViewQuery),
      );
    } catch {
      return null; // completed and not queryable, or Temporal unreachable
    }
  }

  cycleCommand(
    municipalityId: string,
    budgetYear: number,
    actor: string,
    command: CycleCommandInput['command'],
    updateId?: string,
  ): Promise<CycleState> {
    return this.port(municipalityId, budgetYear).cycleCommand(actor, command, updateId);
  }

  /**
   * Tells each running cycle of the municipality that its organisation changed (an organ added, renamed
   * or removed): the cycle reads the organs from the store and follows (rule organ.change-during-cycle).
   * Returns the budget years told.
   */
  async organisationChanged(municipalityId: string, budgetYears: readonly number[]): Promise<number[]> {
    const told: number[] = [];
    for (const year of budgetYears) {
      const { state } = await loadCycle(this.deps.store, municipalityId, year);
      if (state.status !== 'running') continue;
      try {
        await this.deps.client.workflow
          .getHandle(cycleWorkflowId(municipalityId, year))
          .signal(organisationChangedSignal);
        told.push(year);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error; // a cycle whose workflow has ended
      }
    }
    return told;
  }

  /** A task's state from its stream (null when it has not been given out). */
  async task(taskId: string): Promise<AssignedTask | null> {
    const { state } = await loadTask(this.deps.store, taskId);
    return state.status === 'unassigned' ? null : state;
  }

  // `updateId`: the request's Idempotency-Key as Temporal's update id (api/idempotency.ts updateIdOf).
  submitTask(taskId: string, actor: string, content: unknown, updateId?: string): Promise<TaskState> {
    return this.taskPort().submitTask(taskId, actor, content, updateId);
  }

  returnTask(taskId: string, actor: string, reason: string, updateId?: string): Promise<TaskState> {
    return this.taskPort().returnTask(taskId, actor, reason, updateId);
  }

  approveTask(taskId: string, actor: string, updateId?: string): Promise<TaskState> {
    return this.taskPort().approveTask(taskId, actor, updateId);
  }

  changeTaskDueDate(
    taskId: string,
    actor: string,
    dueDate: string,
    reason: string,
    updateId?: string,
  ): Promise<TaskState> {
    return this.taskPort().changeTaskDueDate(taskId, actor, dueDate, reason, updateId);
  }

  cancelTask(taskId: string, actor: string, reason: string, updateId?: string): Promise<TaskState> {
    return this.taskPort().cancelTask(taskId, actor, reason, updateId);
  }

  /** Task actions do not depend on the cycle the port is built for. */
  private taskPort() {
    return this.port('-', 0);
  }
}

/** Whether a workflow execution with the handle's id is running (false when none, or Temporal is away). */
async function workflowRunning(handle: {
  describe(): Promise<{ status: { name: string } }>;
}): Promise<boolean> {
  try {
    return (await handle.describe()).status.name === 'RUNNING';
  } catch {
    return false;
  }
}
