import {
  allHandlersFinished,
  type ChildWorkflowHandle,
  condition,
  continueAsNew,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { startOfDayInstant } from '../domain/calendar/dates';
import { type CycleCalendar, PHASES, type Phase } from '../domain/calendar/schema';
import { cycleDecider } from '../domain/cycle/decider';
import type { CycleOrgan } from '../domain/cycle/events';
import { previousPhase } from '../domain/cycle/guards';
import type { CycleData, CycleState } from '../domain/cycle/state';
import { handle } from '../domain/decider';
import { DomainError, fail } from '../domain/errors';
import { cycleStream } from '../domain/streams';
import { type ClockOptions, CycleClock, type ResolvedClock, resolveClock } from './clock';
import { validating } from './failures';
import {
  type CycleCommandInput,
  type CycleView,
  cycleChangedSignal,
  cycleCommandUpdate,
  cycleViewQuery,
  phaseWorkflowId,
} from './messages';
import { phaseWorkflow } from './phase';
import { phaseOpensOn, plannedTasks } from './phase-plan';
import { StreamRecorder } from './recorder';

export interface AnnualCycleInput {
  municipalityId: string;
  budgetYear: number;
  calendar: CycleCalendar;
  organs: CycleOrgan[];
  /** Secretaries per organ id. */
  secretaries: Record<string, string[]>;
  processOwners: string[];
  /** Steering documents in force (council goals, external factors), to check ids in submissions. */
  reference: { councilGoalIds: string[]; externalFactorIds: string[] } | null;
  startedBy: string;
  clock?: ClockOptions;
  /** Continue as new once the history is this long (default: when Temporal suggests it). */
  continueAsNewAtHistoryLength?: number;
  /** Set when the workflow continues as new: what the previous run knew. */
  resume?: { state: CycleData; streamVersion: number; finishedPhases: Phase[]; clock: ResolvedClock };
}

const PERSON_COMMANDS = new Set<string>([
  'RecordDecision',
  'ReportDialogueOutcomes',
  'ProposeBudget',
  'AdoptBudget',
  'RecordPlanAdoption',
  'SubmitInterimReport',
  'TreatInterimReport',
  'SubmitAnnualReport',
  'ApproveAnnualReport',
  'DecideDischarge',
  'ChangeCalendarDate',
]);
/** Commands an organ's secretary may record for their own organ's decisions. */
const SECRETARY_COMMANDS = new Set<string>(['RecordDecision', 'RecordPlanAdoption']);

/**
 * The annual cycle (årshjulet) of one municipality for budget year N: about 2.5 years from the
 * omvärldsdag to the discharge. Opens each phase on its date (phases overlap where the calendar says
 * so), runs it as a child workflow, closes phases in order, and records every change on the cycle's
 * stream. Decisions (§) arrive as updates validated by the cycle decider.
 */
export async function annualCycleWorkflow(input: AnnualCycleInput): Promise<CycleData> {
  const clockSettings = input.resume?.clock ?? resolveClock(input.clock);
  const clock = new CycleClock(clockSettings);
  const correlationId = cycleStream(input.municipalityId, input.budgetYear);
  const recorder = new StreamRecorder(correlationId, correlationId, clock, input.resume?.streamVersion ?? 0);
  let state: CycleState = input.resume?.state ?? cycleDecider.initialState();
  let changes = 0;
  let childFailure: unknown;
  const running = new Map<Phase, ChildWorkflowHandle<typeof phaseWorkflow>>();
  const finished = new Set<Phase>(input.resume?.finishedPhases ?? []);

  const data = (): CycleData => {
    if (state.status === 'not_started') throw new Error('cycle not started');
    return state;
  };
  const decide = (command: Record<string, unknown>, actor: string) =>
    handle(cycleDecider, state, { ...command, actor, at: clock.nowIso() });
  const apply = async (command: Record<string, unknown>, actor: string, causationId: string) => {
    const { events, state: next } = decide(command, actor);
    state = next;
    changes++;
    const recorded = recorder.record(events, { actor, causationId });
    if (next.status !== 'not_started') {
      // A phase that has just completed may not take the signal any more; it no longer needs it.
      await Promise.all(
        [...running.values()].map((child) => child.signal(cycleChangedSignal, next).catch(() => undefined)),
      );
    }
    await recorded;
  };
  const authorize = (actor: string, command: CycleCommandInput['command']) => {
    if (!PERSON_COMMANDS.has(command.type)) {
      fail(
        'INVALID_COMMAND',
        'cycle.command.allowed',
        `Kommandot ${command.type} kan inte skickas till cykeln`,
        {
          type: command.type,
        },
      );
    }
    if (input.processOwners.includes(actor)) return;
    const decidingOrgan = (command.decision as { organId?: string } | undefined)?.organId ?? '';
    if (SECRETARY_COMMANDS.has(command.type) && (input.secretaries[decidingOrgan] ?? []).includes(actor))
      return;
    fail(
      'NOT_PROCESS_OWNER',
      'cycle.command.authorized',
      'Endast processägaren (eller organets sekreterare för organets egna beslut) kan registrera detta',
      {
        actor,
        type: command.type,
      },
    );
  };

  setHandler(
    cycleViewQuery,
    (): CycleView => ({
      cycle: state,
      plannedTasks: state.status === 'not_started' ? [] : plannedTasks(state),
      runningPhases: [...running.keys()],
      clock: clockSettings,
    }),
  );
  let updates = 0;
  setHandler(
    cycleCommandUpdate,
    async ({ actor, command }) => {
      await apply(command, actor, `update:${++updates}`);
      return state;
    },
    {
      validator: ({ actor, command }) =>
        validating(() => {
          authorize(actor, command);
          decide(command, actor);
        }),
    },
  );

  const startPhase = async (phase: Phase) => {
    const child = await startChild(phaseWorkflow, {
      workflowId: phaseWorkflowId(input.municipalityId, input.budgetYear, phase),
      args: [
        {
          phase,
          cycle: data(),
          secretaries: input.secretaries,
          processOwners: input.processOwners,
          reference: input.reference,
          startedBy: input.startedBy,
          correlationId,
          clock: clockSettings,
        },
      ],
    });
    running.set(phase, child);
    child.result().then(
      () => {
        running.delete(phase);
        finished.add(phase);
        changes++;
      },
      (error) => {
        childFailure = error;
        changes++;
      },
    );
  };

  if (!input.resume) {
    await apply(
      {
        type: 'StartCycle',
        municipalityId: input.municipalityId,
        budgetYear: input.budgetYear,
        calendar: input.calendar,
        organs: input.organs,
      },
      input.startedBy,
      `workflow:${workflowInfo().workflowId}`,
    );
  }

  while (data().status !== 'closed') {
    if (childFailure) throw childFailure;
    const next = nextStep(data(), finished, clock.now());
    if (next.kind === 'open') {
      await apply({ type: 'OpenPhase', phase: next.phase }, 'system', `calendar:${next.phase}`);
      await startPhase(next.phase);
      continue;
    }
    if (next.kind === 'close') {
      try {
        await apply({ type: 'ClosePhase', phase: next.phase }, 'system', `phase:${next.phase}`);
      } catch (error) {
        // The phase's work is done but the cycle is not complete yet (e.g. a decision was withdrawn):
        // wait for the next change instead of failing the cycle.
        if (!(error instanceof DomainError)) throw error;
        const seen = changes;
        await condition(() => changes !== seen);
      }
      continue;
    }
    if (next.kind === 'close-cycle') {
      await apply({ type: 'CloseCycle' }, 'system', 'cycle:complete');
      break;
    }
    if (running.size === 0 && shouldContinueAsNew(input)) {
      await condition(allHandlersFinished);
      await recorder.flush();
      return continueAsNew<typeof annualCycleWorkflow>({
        ...input,
        resume: {
          state: data(),
          streamVersion: recorder.snapshot().version,
          finishedPhases: [...finished],
          clock: clockSettings,
        },
      });
    }
    const seen = changes;
    if (next.wakeAt === null) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, clock.msUntil(next.wakeAt));
  }

  await condition(allHandlersFinished);
  await recorder.flush();
  return data();
}

type Step =
  | { kind: 'open'; phase: Phase }
  | { kind: 'close'; phase: Phase }
  | { kind: 'close-cycle' }
  | { kind: 'wait'; wakeAt: number | null };

/** What the cycle does next: open a phase whose date has come, close a finished one, or wait. */
export function nextStep(cycle: CycleData, finished: ReadonlySet<Phase>, now: number): Step {
  let wakeAt: number | null = null;
  for (const [index, phase] of PHASES.entries()) {
    const status = cycle.phases[phase];
    if (status === 'pending') {
      const previous = previousPhase(phase);
      if (previous && cycle.phases[previous] === 'pending') break;
      const opensOn = phaseOpensOn(phase, cycle);
      const opensAt = opensOn === null ? now : Date.parse(startOfDayInstant(opensOn));
      if (opensAt <= now) return { kind: 'open', phase };
      wakeAt = wakeAt === null ? opensAt : Math.min(wakeAt, opensAt);
      break;
    }
    if (
      status === 'open' &&
      finished.has(phase) &&
      PHASES.slice(0, index).every((p) => cycle.phases[p] === 'closed')
    ) {
      return { kind: 'close', phase };
    }
  }
  if (PHASES.every((p) => cycle.phases[p] === 'closed')) return { kind: 'close-cycle' };
  return { kind: 'wait', wakeAt };
}

function shouldContinueAsNew(input: AnnualCycleInput): boolean {
  const info = workflowInfo();
  return input.continueAsNewAtHistoryLength !== undefined
    ? info.historyLength >= input.continueAsNewAtHistoryLength
    : info.continueAsNewSuggested;
}
