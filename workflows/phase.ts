import { condition, executeChild, log, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ArshjulActivities } from '../activities/types';
import { deadlineInstant } from '../domain/calendar/dates';
import type { Phase } from '../domain/calendar/schema';
import type { CycleData } from '../domain/cycle/state';
import type { AssignedTask } from '../domain/task/state';
import { CycleClock, type ResolvedClock } from './clock';
import { type HumanTaskInput, humanTaskWorkflow } from './human-task';
import { cycleChangedSignal, taskWorkflowId } from './messages';
import { type Gate, phasePlan, type TaskSpec } from './phase-plan';

const { notify } = proxyActivities<ArshjulActivities>({ startToCloseTimeout: '1 minute' });

export interface PhaseInput {
  phase: Phase;
  /** The cycle as it was when the phase opened; later changes arrive by signal. */
  cycle: CycleData;
  secretaries: Record<string, string[]>;
  processOwners: string[];
  reference: { councilGoalIds: string[]; externalFactorIds: string[] } | null;
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
 */
export async function phaseWorkflow(input: PhaseInput): Promise<PhaseResult> {
  let cycle = input.cycle;
  setHandler(cycleChangedSignal, (next) => {
    cycle = next;
  });

  const done: AssignedTask[] = [];
  for (const stage of phasePlan(input.phase, cycle)) {
    if (stage.kind === 'tasks')
      done.push(...(await Promise.all(stage.tasks.map((t) => runTask(t, input, cycle)))));
    else await passGate(stage.gate, () => cycle, input);
  }
  return { phase: input.phase, tasks: done };
}

function runTask(spec: TaskSpec, input: PhaseInput, cycle: CycleData): Promise<AssignedTask> {
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
    organSecretaries: input.secretaries[spec.organId] ?? [],
    processOwners: input.processOwners,
    reference: input.reference,
    legalLimit: spec.legalLimit,
    assignedBy: input.startedBy,
    correlationId: input.correlationId,
    clock: input.clock,
  };
  return executeChild(humanTaskWorkflow, { workflowId: taskWorkflowId(spec.taskId), args: [taskInput] });
}

async function passGate(gate: Gate, cycle: () => CycleData, input: PhaseInput): Promise<void> {
  // 2026-11: gates follow calendar changes made while the phase runs (see docs/versioning.md).
  if (patched('gate-follows-calendar')) return passGateFollowingCalendar(gate.id, cycle, input);
  if (gate.deadline !== null) {
    const clock = new CycleClock(input.clock);
    const deadline = Date.parse(deadlineInstant(gate.deadline));
    if (clock.now() < deadline && (await condition(() => gate.satisfied(cycle()), clock.msUntil(deadline))))
      return;
    if (!gate.satisfied(cycle())) await notifyOverdue(gate, input);
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
      await notifyOverdue(gate, input);
    }
    const wake = () => current().satisfied(cycle()) || current().deadline !== gate.deadline;
    if (due === null || clock.now() >= due) await condition(wake);
    else await condition(wake, clock.msUntil(due));
  }
}

async function notifyOverdue(gate: Gate, input: PhaseInput): Promise<void> {
  log.warn('gate overdue', { gate: gate.id, deadline: gate.deadline });
  await notify({
    kind: 'escalation',
    to: input.processOwners,
    subject: `Försenat beslut: ${gate.label}`,
    body: `Beslutet skulle ha fattats senast ${gate.deadline}.`,
    correlationId: input.correlationId,
  });
}
