import type { CycleData, CycleState } from '../domain/cycle/state';
import type { TaskState } from '../domain/task/state';
import type { AnnualCycleInput } from '../workflows/annual-cycle';
import type { CycleCommandInput, CycleView } from '../workflows/messages';

/**
 * What a person can do to a cycle, as the scenario needs it. Implemented over the Temporal client
 * (tests, CLI) and over HTTP (the demo), so the acceptance scenario is written once.
 */
export interface CyclePort {
  startCycle(input: AnnualCycleInput): Promise<void>;
  /** Moves domain time forward to an instant (time skipping in tests, a real wait in the demo). */
  advanceTo(domainInstant: string): Promise<void>;
  /** Waits until the task has been given out, and returns it. */
  waitForTask(taskId: string): Promise<TaskState>;
  task(taskId: string): Promise<TaskState>;
  submitTask(taskId: string, actor: string, content: unknown): Promise<TaskState>;
  returnTask(taskId: string, actor: string, reason: string): Promise<TaskState>;
  approveTask(taskId: string, actor: string): Promise<TaskState>;
  cycleCommand(actor: string, command: CycleCommandInput['command']): Promise<CycleState>;
  cycleView(): Promise<CycleView>;
  /** Resolves with the closed cycle. */
  cycleResult(): Promise<CycleData>;
}
