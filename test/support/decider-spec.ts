import { expect } from 'vitest';
import { type Decider, parseCommand, replay } from '../../domain/decider';
import { DomainError, type DomainErrorCode } from '../../domain/errors';
import { parseEvent } from '../../domain/events';

/**
 * Given/when/then for deciders:
 *
 *   spec(taskDecider).given([assigned]).when(submit).thenEmits([submitted])
 *   spec(taskDecider).given([assigned]).when(badSubmit).thenThrows('NOT_SECRETARY_OF_ORGAN')
 *
 * `when` takes the raw command (as a caller would send it) and parses it with the decider's
 * schema first, so schema rejections surface as DomainError INVALID_COMMAND.
 * `thenEmits` also checks that every emitted event round-trips through `parseEvent`, and returns the
 * resulting state for further assertions.
 */
export function spec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: readonly E[] = []) {
      const state = replay(decider, events);
      return {
        when(raw: unknown) {
          const run = (): E[] => decider.decide(parseCommand(decider, raw), state);
          return {
            thenEmits(expected: readonly E[]): S {
              const actual = run();
              expect(actual).toEqual(expected);
              for (const event of actual) expect(parseEvent(event)).toEqual(event);
              return replay(decider, actual, state);
            },
            /** Accepts the command; returns the events (each checked by parseEvent) and the new state. */
            thenAccepted(): { events: E[]; state: S } {
              const events = run();
              expect(events.length).toBeGreaterThan(0);
              for (const event of events) expect(parseEvent(event)).toEqual(event);
              return { events, state: replay(decider, events, state) };
            },
            thenThrows(code: DomainErrorCode, rule?: string): DomainError {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught, `expected DomainError ${code}`).toBeInstanceOf(DomainError);
              const error = caught as DomainError;
              expect(error.code).toBe(code);
              if (rule !== undefined) expect(error.rule).toBe(rule);
              expect(error.message.length).toBeGreaterThan(0);
              return error;
            },
          };
        },
      };
    },
  };
}

/** Runs commands one after another against a decider and returns all events (setup helper). */
export function decideAll<C, E, S>(
  decider: Decider<C, E, S>,
  commands: readonly unknown[],
  from: readonly E[] = [],
): E[] {
  let state = replay(decider, from);
  const events: E[] = [...from];
  for (const raw of commands) {
    const emitted = decider.decide(parseCommand(decider, raw), state);
    state = replay(decider, emitted, state);
    events.push(...emitted);
  }
  return events;
}
