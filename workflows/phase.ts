import { condition, executeChild, log, proxyActivities, setHandler } from '@temporalio/workflow';
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
  if (gate.deadline !== null) {
    const clock = new CycleClock(input.clock);
    const deadline = Date.parse(deadlineInstant(gate.deadline));
    if (clock.now() < deadline && (await condition(() => gate.satisfied(cycle()), clock.msUntil(deadline))))
      return;
    if (!gate.satisfied(cycle())) {
      log.warn('gate overdue', { gate: gate.id, deadline: gate.deadline });
      await notify({
        kind: 'escalation',
        to: input.processOwners,
        subject: `Försenat beslut: ${gate.label}`,
        body: `Beslutet skulle ha fattats senast ${gate.deadline}.`,
        correlationId: input.correlationId,
      });
    }
  }
  await condition(() => gate.satisfied(cycle()));
}
