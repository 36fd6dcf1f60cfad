import { currentUpdateInfo, workflowInfo } from '@temporalio/workflow';
import { sha256Hex } from './sha256';

/**
 * The id of a step's event, derived from what the step is instead of drawn from the workflow's random
 * sequence (STEPS_FIND_THEMSELVES). A retried workflow task may take its steps in another order (a child
 * completed or a signal arrived in between); drawn ids then went to another step, whose append found
 * the first step's events under them and failed the workflow. Derived ids stay with their step.
 * - `scope`: the workflow run (id and run id), so runs and workflows never share ids;
 * - `key`: what the step answers (an update's id, a timer, a phase), `occurrence` counting steps with
 *   the same key in the run, `index` the event's place in the step's batch.
 * A version-8 UUID (RFC 9562: bits of the implementer's choosing) from the first 122 bits of SHA-256.
 */
export function stepEventId(scope: string, key: string, occurrence: number, index: number): string {
  const hex = sha256Hex(JSON.stringify([scope, key, occurrence, index]));
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** One step's event ids, and whether a read of its stream found them stored. */
export interface FoundStep {
  ids(index: number): string;
  stored(): boolean;
}

/**
 * The steps of one workflow run: counts the occurrences of each key, and remembers the ids of events
 * that reads of the stream found stored after this workflow's version (a lost attempt's steps).
 */
export class StepIds {
  readonly #occurrences = new Map<string, number>();
  readonly #found = new Set<string>();
  readonly #scope: string;

  constructor(scope = `${workflowInfo().workflowId}/${workflowInfo().runId}`) {
    this.#scope = scope;
  }

  /** The next step `key` in this run. */
  step(key: string): FoundStep {
    const occurrence = (this.#occurrences.get(key) ?? 0) + 1;
    this.#occurrences.set(key, occurrence);
    const ids = (index: number) => stepEventId(this.#scope, key, occurrence, index);
    return { ids, stored: () => this.#found.has(ids(0)) };
  }

  /** Ids a read of the stream found after the version this workflow had. */
  learn(eventIds: readonly string[]): void {
    for (const id of eventIds) this.#found.add(id);
  }
}

/** What a step is known by: the update being handled (its id is the same in every attempt), or its causation. */
export function stepKey(causationId: string): string {
  const update = currentUpdateInfo();
  return update ? `update:${update.id}` : causationId;
}
