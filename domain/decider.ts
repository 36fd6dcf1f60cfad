import type { z } from 'zod';
import { fail } from './errors';
import { safeParseUnion } from './lazy-schema';

/**
 * A decider: pure decision logic of one aggregate.
 * `decide` throws a DomainError when the command is not allowed; it never performs I/O.
 */
export interface Decider<Command, Event, State> {
  /** Schema that validates an untrusted command (e.g. a Temporal update's argument). */
  commandSchema: z.ZodType<Command>;
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}

/** Folds events into state. */
export function replay<C, E, S>(decider: Decider<C, E, S>, events: readonly E[], from?: S): S {
  return events.reduce(decider.evolve, from ?? decider.initialState());
}

/** Parses an untrusted command; throws DomainError INVALID_COMMAND listing the issues. */
export function parseCommand<C, E, S>(decider: Decider<C, E, S>, raw: unknown): C {
  const result = safeParseUnion(decider.commandSchema, raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    // The broken rule goes in the message itself, not only in the details.
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    fail('INVALID_COMMAND', 'command.schema', `Kommandot är ogiltigt: ${first?.message ?? ''}${where}`, {
      issues,
    });
  }
  return result.data;
}

/**
 * Validates and decides in one go: parse the raw command, decide against the state and return
 * the new events together with the resulting state. Throws DomainError on any rejection.
 */
export function handle<C, E, S>(
  decider: Decider<C, E, S>,
  state: S,
  raw: unknown,
): { command: C; events: E[]; state: S } {
  const command = parseCommand(decider, raw);
  const events = decider.decide(command, state);
  return { command, events, state: replay(decider, events, state) };
}
