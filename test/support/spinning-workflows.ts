/**
 * Two workflows for the deadlock watchdog's test (test/workflows/activation-watchdog.int.test.ts):
 * one that yields at every step and one that never yields.
 */
import { condition, sleep } from '@temporalio/workflow';

/** Several activations, each with several calls into the sandbox (timers, a condition). */
export async function yieldsOften(rounds: number): Promise<number> {
  let done = 0;
  for (let i = 0; i < rounds; i++) {
    await sleep(5);
    done++;
    await condition(() => done > i);
  }
  return done;
}

/** Never yields: the activation that starts it has to be stopped from outside. */
export async function neverYields(): Promise<number> {
  let n = 0;
  while (n >= 0) n++;
  return n;
}
