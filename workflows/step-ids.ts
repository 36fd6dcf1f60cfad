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
