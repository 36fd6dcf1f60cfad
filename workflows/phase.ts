import {
  condition,
  executeChild,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ArshjulActivities } from '../activities/types';
import { deadlineInstant } from '../domain/calendar/dates';
import type { Phase } from '../domain/calendar/schema';
import { type Gate, phasePlan, type TaskSpec } from '../domain/cycle/phase-plan';
import type { CycleData } from '../domain/cycle/state';
import type { AssignedTask } from '../domain/task/state';
import { CycleClock, type ResolvedClock } from './clock';
import { type HumanTaskInput, humanTaskWorkflow } from './human-task';
import type { LegacyCopies } from './legacy-copies';
import { type StepActivities, workflowLocalSteps } from './local-steps';
import {
  type CycleSnapshot,
  cycleChangedSignal,
  cycleSnapshotSignal,
  decisionOverdueSignal,
  taskWorkflowId,
} from './messages';
import { type Patches, workflowPatches } from './patches';
import {
  CYCLE_FOLLOWS_ORGANS,
  DECISION_OVERDUE_RECORDED,
  LOCAL_STEPS,
  LOCAL_STEPS_BOUNDED,
  STATE_FOLLOWS_STORE,
} from './versions';

const remoteSteps: StepActivities = proxyActivities<ArshjulActivities>({ startToCloseTimeout: '1 minute' });

export interface PhaseInput extends LegacyCopies {
  phase: Phase;
  /** The cycle as it was stored when the phase opened; later changes arrive as versioned snapshots. */
  cycle: CycleData;
  /** The cycle stream's version `cycle` was built from (absent in histories before state-follows-store). */
  cycleVersion?: number;
  startedBy: string;
  correlationId: string;
  clock: ResolvedClock;
}

export interface PhaseResult {
  phase: Phase;
  tasks: AssignedTask[];
}

/**
 * One phase of the cycle: gives out its tasks (each a child task workflow) and waits at its gates until
 * the decisions it needs are recorded on the cycle, telling the process owners when one is overdue.
 * It never goes back to an older view of the cycle than one it has seen.
 */
export async function phaseWorkflow(input: PhaseInput): Promise<PhaseResult> {
  const has = workflowPatches();
  const current = has(STATE_FOLLOWS_STORE);
  // An overdue gate reads the process owners and tells them in the workflow task of its timer.
  const local = current && has(LOCAL_STEPS);
  const steps = local ? workflowLocalSteps(has(LOCAL_STEPS_BOUNDED)) : remoteSteps;
  let view: CycleSnapshot = { version: input.cycleVersion ?? 0, cycle: input.cycle };
  setHandler(cycleSnapshotSignal, (next) => {
    if (next.version > view.version) view = next;
  });
  // Histories recorded before state-follows-store: the last unversioned copy wins.
  setHandler(cycleChangedSignal, (next) => {
    view = { version: view.version, cycle: next };
  });
  const cycle = () => view.cycle;

  const followsOrgans = has(CYCLE_FOLLOWS_ORGANS);
  const done: AssignedTask[] = [];
  for (const [index, stage] of phasePlan(input.phase, cycle()).entries()) {
    if (stage.kind === 'tasks' && followsOrgans)
      done.push(...(await runTasksFollowingOrgans(index, input, cycle, current)));
    else if (stage.kind === 'tasks')
      done.push(...(await Promise.all(stage.tasks.map((t) => runTask(t, input, cycle(), current)))));
    else await passGate(stage.gate, cycle, input, current, steps, has);
  }
  return { phase: input.phase, tasks: done };
}

/**
 * A task stage that follows the organisation (cycle-follows-organs): gives out the stage's tasks as
 * planned from the cycle now and, while they run, those of an organ added meanwhile; done when every
 * task given out has finished (a removed organ's tasks end cancelled).
 */
async function runTasksFollowingOrgans(
  index: number,
  input: PhaseInput,
  cycle: () => CycleData,
  current: boolean,
): Promise<AssignedTask[]> {
  const started = new Set<string>();
  const finished: AssignedTask[] = [];
  let failure: unknown;
  const unstarted = (): TaskSpec[] => {
    const stage = phasePlan(input.phase, cycle())[index];
    return stage?.kind === 'tasks' ? stage.tasks.filter((t) => !started.has(t.taskId)) : [];
  };
  for (;;) {
    for (const spec of unstarted()) {
      started.add(spec.taskId);
      runTask(spec, input, cycle(), current).then(
        (task) => finished.push(task),
        (error) => {
          failure = error;
        },
      );
    }
    await condition(
      () => failure !== undefined || finished.length === started.size || unstarted().length > 0,
    );
    if (failure !== undefined) throw failure;
    if (finished.length === started.size && unstarted().length === 0) return finished;
  }
}

function runTask(
  spec: TaskSpec,
  input: PhaseInput,
  cycle: CycleData,
  current: boolean,
): Promise<AssignedTask> {
  const organ = cycle.organs[spec.organId];
  const taskInput: HumanTaskInput = {
    taskId: spec.taskId,
    municipalityId: cycle.municipalityId,
    budgetYear: cycle.budgetYear,
    organId: spec.organId,
    organName: organ?.name ?? spec.organId,
    phase: input.phase,
    kind: spec.kind,
    title: spec.title,
    dueDate: spec.dueDate,
    ...(current
      ? {}
      : {
          organSecretaries: input.secretaries?.[spec.organId] ?? [],
          processOwners: input.processOwners ?? [],
          reference: input.reference ?? null,
          legalLimit: spec.legalLimit,
        }),
    assignedBy: input.startedBy,
    correlationId: input.correlationId,
    clock: input.clock,
  };
  return executeChild(humanTaskWorkflow, { workflowId: taskWorkflowId(spec.taskId), args: [taskInput] });
}

async function passGate(
  gate: Gate,
  cycle: () => CycleData,
  input: PhaseInput,
  current: boolean,
  steps: StepActivities,
  has: Patches,
): Promise<void> {
  const overdue = (g: Gate) => notifyOverdue(g, cycle(), input, current, steps, has);
  // 2026-11: gates follow calendar changes made while the phase runs (see docs/versioning.md).
  if (has('gate-follows-calendar')) return passGateFollowingCalendar(gate.id, cycle, input, overdue);
  if (gate.deadline !== null) {
    const clock = new CycleClock(input.clock);
    const deadline = Date.parse(deadlineInstant(gate.deadline));
    if (clock.now() < deadline && (await condition(() => gate.satisfied(cycle()), clock.msUntil(deadline))))
      return;
    if (!gate.satisfied(cycle())) await overdue(gate);
  }
  await condition(() => gate.satisfied(cycle()));
}

/**
 * Waits until the gate is satisfied, reading its deadline from the cycle's current calendar each time
 * the cycle changes, so a date the process owner moves moves the deadline (and the reminder) with it.
 */
async function passGateFollowingCalendar(
  gateId: string,
  cycle: () => CycleData,
  input: PhaseInput,
  overdue: (gate: Gate) => Promise<void>,
): Promise<void> {
  const clock = new CycleClock(input.clock);
  const current = (): Gate => {
    const stage = phasePlan(input.phase, cycle()).find((s) => s.kind === 'gate' && s.gate.id === gateId);
    if (stage?.kind !== 'gate') throw new Error(`phase ${input.phase} has no gate ${gateId}`);
    return stage.gate;
  };
  const notified = new Set<string>();
  for (;;) {
    const gate = current();
    if (gate.satisfied(cycle())) return;
    const due = gate.deadline === null ? null : Date.parse(deadlineInstant(gate.deadline));
    if (gate.deadline !== null && due !== null && clock.now() >= due && !notified.has(gate.deadline)) {
      notified.add(gate.deadline);
      await overdue(gate);
    }
    const wake = () => current().satisfied(cycle()) || current().deadline !== gate.deadline;
    if (due === null || clock.now() >= due) await condition(wake);
    else await condition(wake, clock.msUntil(due));
  }
}

/** Tells the process owners (as the municipality has them now) that a decision is overdue. */
async function notifyOverdue(
  gate: Gate,
  cycle: CycleData,
  input: PhaseInput,
  current: boolean,
  { loadActionContext, notify }: StepActivities,
  has: Patches,
): Promise<void> {
  log.warn('gate overdue', { gate: gate.id, deadline: gate.deadline });
  const to = current
    ? [
        ...(await loadActionContext({ municipalityId: cycle.municipalityId, budgetYear: cycle.budgetYear }))
          .roster.processOwners,
      ]
    : (input.processOwners ?? []);
  await notify({
    kind: 'escalation',
    to,
    subject: `Försenat beslut: ${gate.label}`,
    body: `Beslutet skulle ha fattats senast ${gate.deadline}.`,
    correlationId: input.correlationId,
  });
  // The cycle owns its stream: it records the fact, and the e-mail sender follows from there.
  const parent = workflowInfo().parent;
  if (gate.deadline !== null && parent && has(DECISION_OVERDUE_RECORDED)) {
    await getExternalWorkflowHandle(parent.workflowId).signal(decisionOverdueSignal, {
      gateId: gate.id,
      label: gate.label,
      deadline: gate.deadline,
    });
  }
}
