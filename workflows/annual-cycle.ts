import {
  allHandlersFinished,
  type ChildWorkflowHandle,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { ArshjulActivities } from '../activities/types';
import { authorize } from '../domain/access/authorize';
import type { MandateHistory } from '../domain/calendar/mandate';
import type { CycleCalendar, Phase } from '../domain/calendar/schema';
import { cycleDecider, cycleDeciderWith } from '../domain/cycle/decider';
import type { CycleOrgan } from '../domain/cycle/events';
import { nextStep } from '../domain/cycle/next-step';
import { plannedTaskIdsOf } from '../domain/cycle/organ-changes';
import { plannedTasks } from '../domain/cycle/phase-plan';
import type { CycleData, CycleState } from '../domain/cycle/state';
import { handle } from '../domain/decider';
import { DomainError } from '../domain/errors';
import { cycleStream } from '../domain/streams';
import { type ClockOptions, CycleClock, type ResolvedClock } from './clock';
import { resolveCycleClock } from './cycle-clock-start';
import { commandAction, requirePersonCommand, shouldContinueAsNew } from './cycle-rules';
import { rejectingAsFailure, validating } from './failures';
import { StepsThatFindThemselves } from './found-steps';
import { type LegacyCopies, legacyRoster } from './legacy-copies';
import { workflowLocalSteps } from './local-steps';
import {
  type CycleView,
  cycleChangedSignal,
  cycleCommandUpdate,
  cycleSnapshotSignal,
  cycleViewQuery,
  decisionOverdueSignal,
  organisationChangedSignal,
  phaseWorkflowId,
} from './messages';
import { Mutex } from './mutex';
import { workflowPatches } from './patches';
import { onePerWorkflowTask } from './per-task-read';
import { phaseWorkflow } from './phase';
import { PhaseViews } from './phase-views';
import { StreamRecorder } from './recorder';
import { stepKey } from './step-ids';
import { StepTime } from './step-time';
import {
  CYCLE_CLOCK_STORED,
  CYCLE_FOLLOWS_ORGANS,
  LOCAL_STEPS,
  LOCAL_STEPS_BOUNDED,
  LOCAL_STEPS_SERIAL,
  PHASES_TOLD_WHAT_THEY_SEE,
  STATE_FOLLOWS_STORE,
  STEPS_FIND_THEMSELVES,
  UPDATES_SHARE_READS,
} from './versions';

const remote = proxyActivities<ArshjulActivities>({ startToCloseTimeout: '30 seconds' });
const { cancelOrganTasks } = proxyActivities<ArshjulActivities>({ startToCloseTimeout: '5 minutes' });

export interface AnnualCycleInput extends LegacyCopies {
  municipalityId: string;
  budgetYear: number;
  calendar: CycleCalendar;
  organs: CycleOrgan[];
  startedBy: string;
  clock?: ClockOptions;
  /** Continue as new once the history is this long (default: when Temporal suggests it). */
  continueAsNewAtHistoryLength?: number;
  /** Set when the workflow continues as new: what the previous run knew. */
  resume?: { state: CycleData; streamVersion: number; finishedPhases: Phase[]; clock: ResolvedClock };
}

/**
 * The annual cycle (årshjulet) of one municipality for budget year N: about 2.5 years from the
 * omvärldsdag to the discharge. Opens each phase on its date (phases overlap where the calendar says
 * so), runs it as a child workflow, closes phases in order, and records every change on the cycle's
 * stream. Decisions (§) arrive as updates validated by the cycle decider; who may send them is decided
 * by the shared `authorize` from the municipality's state at that moment. The state changes only once
 * its events are stored, and phases get it as snapshots versioned by the stream.
 */
export async function annualCycleWorkflow(input: AnnualCycleInput): Promise<CycleData> {
  const has = workflowPatches();
  const current = has(STATE_FOLLOWS_STORE);
  // Each step (an update, a phase opened or closed) in one workflow task: reads and appends run locally.
  const local = current && has(LOCAL_STEPS);
  const bounded = local && has(LOCAL_STEPS_BOUNDED);
  const time = new StepTime(bounded && has(LOCAL_STEPS_SERIAL));
  const steps = workflowLocalSteps(bounded, time);
  const { loadActionContext } = local ? steps : remote;
  // Anchored at the execution's start, the same for every attempt of the first workflow task.
  const clockSettings = input.resume?.clock ?? resolveCycleClock(input.clock, has);
  // A phase is signalled only what changes what it sees; steps of one workflow task share their read.
  const views = local && has(PHASES_TOLD_WHAT_THEY_SEE) ? new PhaseViews() : undefined;
  const municipality = { municipalityId: input.municipalityId, budgetYear: input.budgetYear };
  const readContext =
    local && has(UPDATES_SHARE_READS)
      ? onePerWorkflowTask(() => loadActionContext(municipality))
      : () => loadActionContext(municipality);
  const clock = new CycleClock(clockSettings, time);
  const correlationId = cycleStream(input.municipalityId, input.budgetYear);
  const recorder = new StreamRecorder(
    correlationId,
    correlationId,
    clock,
    input.resume?.streamVersion ?? 0,
    steps,
  );
  const lock = new Mutex();
  let state: CycleState = input.resume?.state ?? cycleDecider.initialState();
  let storedVersion = input.resume?.streamVersion ?? 0;
  let changes = 0;
  const found =
    time.pinned && has(STEPS_FIND_THEMSELVES)
      ? new StepsThatFindThemselves<CycleState>(recorder, {
          current: () => state,
          read: (afterVersion) => steps.loadCycleStream({ ...municipality, afterVersion }),
          adopt: (stored) => {
            state = stored;
            changes++;
          },
        })
      : undefined;
  let childFailure: unknown;
  const running = new Map<Phase, ChildWorkflowHandle<typeof phaseWorkflow>>();
  const finished = new Set<Phase>(input.resume?.finishedPhases ?? []);

  const data = (): CycleData => {
    if (state.status === 'not_started') throw new Error('cycle not started');
    return state;
  };
  const decide = (
    command: Record<string, unknown>,
    actor: string,
    mandates?: MandateHistory,
    at = clock.nowIso(),
  ) => handle(cycleDeciderWith({ mandates }), state, { ...command, actor, at });
  const signalPhases = async (
    signal: (child: ChildWorkflowHandle<typeof phaseWorkflow>) => Promise<void>,
    tell: (phase: Phase) => boolean = () => true,
  ) => {
    // A phase that has just completed may not take the signal any more; it no longer needs it.
    const told = [...running].filter(([phase]) => tell(phase));
    await Promise.all(told.map(([, child]) => signal(child).catch(() => undefined)));
  };
  /** Before LOCAL_STEPS: decided at this moment, appended by a normal activity. */
  const decideAndAppend = async (
    command: Record<string, unknown>,
    actor: string,
    causationId: string,
    mandates?: MandateHistory,
  ) => {
    const { events, state: next } = decide(command, actor, mandates);
    return { state: next, version: await recorder.append(events, { actor, causationId }) };
  };
  /** LOCAL_STEPS: decided and appended in this task; `key` tells the step (an update's id; found-steps.ts). */
  const appendStep = (
    command: Record<string, unknown>,
    actor: string,
    causationId: string,
    key: string,
    mandates?: MandateHistory,
  ) => {
    const decideAt = (at: string) => decide(command, actor, mandates, at);
    return found
      ? found.run(key, decideAt, { actor, causationId })
      : recorder.appendDecision(decideAt, { actor, causationId });
  };
  /** Decides, stores, then changes state and tells the phases; one at a time (lock). */
  const applyStored = async (
    command: Record<string, unknown>,
    actor: string,
    causationId: string,
    { mandates, key = causationId }: { mandates?: MandateHistory; key?: string } = {},
  ) => {
    const snapshot = await lock.run(async () => {
      const { state: next, version } = local
        ? await appendStep(command, actor, causationId, key, mandates)
        : await decideAndAppend(command, actor, causationId, mandates);
      state = next;
      storedVersion = version;
      changes++;
      return { version, cycle: next };
    });
    if (snapshot.cycle.status !== 'not_started') {
      const { version, cycle } = snapshot;
      await signalPhases(
        (child) => child.signal(cycleSnapshotSignal, { version, cycle }),
        (phase) => views?.shouldTell(phase, version, cycle) ?? true,
      );
    }
  };
  /** Histories recorded before STATE_FOLLOWS_STORE: state first, then the (chained) append. */
  const applyLegacy = async (command: Record<string, unknown>, actor: string, causationId: string) => {
    const { events, state: next } = decide(command, actor);
    state = next;
    changes++;
    const recorded = recorder.record(events, { actor, causationId });
    if (next.status !== 'not_started') await signalPhases((child) => child.signal(cycleChangedSignal, next));
    await recorded;
  };
  const apply = current ? applyStored : applyLegacy;

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
      const causationId = `update:${++updates}`;
      // The update's own id: the same in every attempt, whatever order a retried task takes them in.
      const key = stepKey(causationId);
      if (!current) {
        await apply(command, actor, causationId);
        return state;
      }
      return rejectingAsFailure(async () => {
        const context = await readContext();
        authorize(context.roster, actor, commandAction(command));
        // The election-year rule reads the municipality's mandate periods (extra elections) now.
        await applyStored(command, actor, causationId, { mandates: context.mandates, key });
        return state;
      });
    },
    {
      validator: ({ actor, command }) =>
        validating(() => {
          requirePersonCommand(command);
          if (!current) authorize(legacyRoster(input), actor, commandAction(command));
          decide(command, actor);
        }),
    },
  );

  // A phase's gate timer states a decision overdue; the cycle records it on its own stream, once.
  setHandler(decisionOverdueSignal, async ({ gateId, label, deadline }) => {
    if (state.status !== 'running') return;
    try {
      await apply(
        { type: 'RecordDecisionOverdue', gateId, label, deadline },
        'system',
        `gate:${gateId}@${deadline}`,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      log.warn('decision overdue not recorded', { gateId, deadline, error: error.message });
    }
  });

  // The organisation changed: read it from the store, record what changed, cancel a removed organ's
  // open tasks. Running phases get the new organs with the snapshot and give an added organ its tasks.
  let organisationChanges = 0;
  setHandler(organisationChangedSignal, async () => {
    if (!has(CYCLE_FOLLOWS_ORGANS) || state.status !== 'running') return;
    const seen = ++organisationChanges;
    const context = await readContext();
    const before = data();
    const removed = (context.removedOrgans ?? []).filter((r) => before.organs[r.organId]);
    try {
      await apply(
        { type: 'FollowOrganisation', organs: context.organs ?? [], removed },
        'system',
        `organisation:${seen}`,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      log.warn('organisation change not followed', { error: error.message });
      return;
    }
    for (const removal of removed) {
      await cancelOrganTasks({
        municipalityId: input.municipalityId,
        budgetYear: input.budgetYear,
        organId: removal.organId,
        taskIds: plannedTaskIdsOf(before, removal.organId),
        reason: removal.reason,
        actor: removal.by,
      });
    }
  });

  const startPhase = async (phase: Phase) => {
    views?.told(phase, storedVersion, data());
    const child = await startChild(phaseWorkflow, {
      workflowId: phaseWorkflowId(input.municipalityId, input.budgetYear, phase),
      args: [
        {
          phase,
          cycle: data(),
          ...(current
            ? { cycleVersion: storedVersion }
            : {
                secretaries: input.secretaries,
                processOwners: input.processOwners,
                reference: input.reference,
              }),
          startedBy: input.startedBy,
          correlationId,
          clock: clockSettings,
        },
      ],
    });
    running.set(phase, child);
    // A step stored while the phase was starting signalled only the phases running then.
    if (views?.shouldTell(phase, storedVersion, data())) {
      const snapshot = { version: storedVersion, cycle: data() };
      child.signal(cycleSnapshotSignal, snapshot).catch(() => undefined);
    }
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
    // Readers take the cycle's time from its stored start (histories recorded before did not store it).
    const storeClock = has(CYCLE_CLOCK_STORED);
    await apply(
      {
        type: 'StartCycle',
        municipalityId: input.municipalityId,
        budgetYear: input.budgetYear,
        calendar: input.calendar,
        organs: input.organs,
        ...(storeClock ? { clock: clockSettings } : {}),
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
    if (running.size === 0 && shouldContinueAsNew(input.continueAsNewAtHistoryLength)) {
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
    else {
      const spent = local ? recorder.timeSpentInTask() : 0;
      await condition(() => changes !== seen, Math.max(1, clock.msUntil(next.wakeAt) - spent));
    }
  }

  await condition(allHandlersFinished);
  await recorder.flush();
  return data();
}
