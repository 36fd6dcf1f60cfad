/**
 * A dry run of the scenario against a port that only listens: it learns when the scenario acts (each
 * advanceTo) and how many requests it sends there, so the demo can plan its clock from the scenario
 * itself instead of a second copy of its dates. Nothing is decided or stored; tasks come back as the
 * cycle's plan gives them out.
 */

import type { CyclePort } from '../application/cycle-port';
import { cycleDecider } from '../domain/cycle/decider';
import { plannedTasks } from '../domain/cycle/phase-plan';
import type { CycleData } from '../domain/cycle/state';
import { handle } from '../domain/decider';
import { taskDecider } from '../domain/task/decider';
import type { AssignedTask } from '../domain/task/state';
import type { AnnualCycleInput } from '../workflows/annual-cycle';
import { resolveClockAt } from '../workflows/clock';

/** A domain instant the scenario waits for, and the requests it sends before it waits again. */
export interface RehearsedAction {
  atMs: number;
  /** Requests that only read (views, task look-ups). */
  reads: number;
  /** Requests that change something (start, submit, return, approve, cycle commands): the slow ones. */
  writes: number;
}

export interface Rehearsal {
  /** The cycle as it starts (its calendar and organs give the workflows' timers). */
  cycle: CycleData;
  startAt: string;
  actions: RehearsedAction[];
  /** Whether a task still awaits its secretary at an instant: not yet submitted, or returned since. */
  awaitsSubmission(taskId: string, atMs: number): boolean;
}

/** Runs the scenario (given a port) against the listening port and returns what it learnt. */
export async function rehearse(scenario: (port: CyclePort) => Promise<unknown>): Promise<Rehearsal> {
  let started: { input: AnnualCycleInput; cycle: CycleData; startAt: string } | null = null;
  const actions: RehearsedAction[] = [];
  /** Per task, the instants of its submissions (true) and returns (false), in order. */
  const submissions = new Map<string, { atMs: number; submitted: boolean }[]>();
  const cycle = () => {
    if (!started) throw new Error('rehearsal: the scenario acted before starting the cycle');
    return started.cycle;
  };
  const request = (kind: 'reads' | 'writes') => {
    const current = actions.at(-1);
    if (!current) throw new Error('rehearsal: the scenario acted before starting the cycle');
    current[kind]++;
    return current.atMs;
  };
  const submission = (taskId: string, submitted: boolean) => {
    const atMs = request('writes');
    submissions.set(taskId, [...(submissions.get(taskId) ?? []), { atMs, submitted }]);
    return givenOut(taskId);
  };
  const givenOut = (taskId: string): AssignedTask => {
    const spec = plannedTasks(cycle())
      .flatMap((p) => p.tasks.map((t) => ({ ...t, phase: p.phase })))
      .find((t) => t.taskId === taskId);
    if (!spec) throw new Error(`rehearsal: no task ${taskId} in the cycle's plan`);
    const c = cycle();
    // The task as the task decider gives it out: one source for what an assigned task looks like.
    const { state } = handle(taskDecider, taskDecider.initialState(), {
      type: 'AssignTask',
      at: new Date(actions.at(-1)?.atMs ?? Date.parse(cycle().calendar.omvarldsdag.date)).toISOString(),
      actor: 'rehearsal',
      taskId,
      municipalityId: c.municipalityId,
      budgetYear: c.budgetYear,
      organId: spec.organId,
      phase: spec.phase,
      kind: spec.kind,
      title: spec.title,
      dueDate: spec.dueDate,
    });
    if (state.status === 'unassigned') throw new Error(`rehearsal: ${taskId} was not given out`);
    return state;
  };

  const port: CyclePort = {
    async startCycle(input) {
      const startAt = input.clock?.startAt;
      if (!startAt) throw new Error('rehearsal: the demo plans its clock from a fixed start (clock.startAt)');
      const { state } = handle(cycleDecider, cycleDecider.initialState(), {
        type: 'StartCycle',
        at: new Date(startAt).toISOString(),
        actor: input.startedBy,
        municipalityId: input.municipalityId,
        budgetYear: input.budgetYear,
        calendar: input.calendar,
        organs: input.organs,
      });
      if (state.status === 'not_started') throw new Error('rehearsal: the cycle did not start');
      started = { input, cycle: state, startAt };
      actions.push({ atMs: Date.parse(startAt), reads: 0, writes: 1 });
    },
    async advanceTo(domainInstant) {
      const atMs = Date.parse(domainInstant);
      const current = actions.at(-1);
      // An instant already reached does not wait: what follows belongs to the current action.
      if (current && atMs > current.atMs) actions.push({ atMs, reads: 0, writes: 0 });
    },
    waitForTask: async (taskId) => {
      request('reads');
      return givenOut(taskId);
    },
    task: async (taskId) => {
      request('reads');
      return givenOut(taskId);
    },
    submitTask: async (taskId) => submission(taskId, true),
    returnTask: async (taskId) => submission(taskId, false),
    approveTask: async (taskId) => {
      request('writes');
      return givenOut(taskId);
    },
    async cycleCommand() {
      request('writes');
      return cycle();
    },
    async cycleView() {
      request('reads');
      const input = started?.input;
      return {
        cycle: cycle(),
        plannedTasks: plannedTasks(cycle()),
        runningPhases: [],
        clock: resolveClockAt(input?.clock ?? {}, 0),
      };
    },
    async cycleResult() {
      return cycle();
    },
  };

  await scenario(port);
  if (!started) throw new Error('rehearsal: the scenario never started the cycle');
  const { cycle: startedCycle, startAt } = started as { cycle: CycleData; startAt: string };
  const awaitsSubmission = (taskId: string, atMs: number) =>
    !(submissions.get(taskId) ?? []).filter((s) => s.atMs < atMs).at(-1)?.submitted;
  return { cycle: startedCycle, startAt, actions, awaitsSubmission };
}
