import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { Decision, RecordContext, StreamRecorder } from './recorder';
import { StepIds } from './step-ids';

/** A stream as a step reads it after the store refused it: its state, version, and later events' ids. */
export interface StreamRead<S> {
  state: S;
  version: number;
  /** The ids of the events stored after the version the read was asked from. */
  eventIds: string[];
}

/** What the steps need of the workflow that owns the stream's state. */
export interface StreamOwner<S> {
  /** The state this workflow holds now. */
  current(): S;
  /** Reads the stream as stored, with the ids of the events after `afterVersion`. */
  read(afterVersion: number): Promise<StreamRead<S>>;
  /** Takes the state read: later steps decide on it. */
  adopt(state: S): void;
}

/**
 * How many times one step reads its stream again. The cycle is its stream's only writer, so one read
 * finds everything a lost attempt stored; a second refusal after that is a fault, not a race.
 */
const READS_PER_STEP = 2;

/**
 * STEPS_FIND_THEMSELVES: steps whose event ids derive from what they are (step-ids.ts), so a step run
 * again after its workflow task was lost finds what it stored, whatever order the retry takes.
 * - A step refused by the store (the stream is further on: a lost attempt stored other steps first, or
 *   this one under its ids) reads the stream, takes its state, and decides again on it.
 * - A step whose events that read found stored is answered from it, without deciding again: deciding a
 *   decision already on the state would be refused or decide something else.
 */
export class StepsThatFindThemselves<S> {
  readonly #ids = new StepIds();

  constructor(
    private readonly recorder: StreamRecorder,
    private readonly owner: StreamOwner<S>,
  ) {}

  /** Appends the step `key` decides (see StreamRecorder.appendDecision) or finds it stored. */
  async run(
    key: string,
    decide: (at: string) => Decision<S>,
    context: RecordContext,
  ): Promise<{ state: S; version: number }> {
    const step = this.#ids.step(key);
    for (let reads = 0; ; reads++) {
      if (step.stored()) return { state: this.owner.current(), version: this.version() };
      try {
        return await this.recorder.appendDecision(decide, context, step.ids);
      } catch (error) {
        if (!refusedByStore(error) || reads >= READS_PER_STEP) throw error;
      }
      const stored = await this.owner.read(this.version());
      this.recorder.followStored(stored.version);
      this.owner.adopt(stored.state);
      this.#ids.learn(stored.eventIds);
    }
  }

  private version(): number {
    return this.recorder.snapshot().version;
  }
}

/** The store refused the step: the stream's version moved, or its ids hold other content. */
export function refusedByStore(error: unknown): boolean {
  return storeRefused(error, STORE_REFUSALS);
}

const STORE_REFUSALS: readonly string[] = ['VersionConflictError', 'IdempotencyConflictError'];

/** Whether the store refused with one of `types`: the local step's failure, or its cause. */
export function storeRefused(error: unknown, types: readonly string[]): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && types.includes(e.type ?? '')) return true;
    if (!(e instanceof ActivityFailure) && !(e instanceof ApplicationFailure)) break;
  }
  return false;
}
