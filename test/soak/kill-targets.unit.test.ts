import { describe, expect, it } from 'vitest';
import { KILLABLE, killTargets } from '../../soak/faults';

describe('killTargets', () => {
  it('hits every process once per round, in an order that changes', () => {
    const targets = killTargets();
    const rounds = Array.from({ length: 40 }, () => KILLABLE.map(() => targets.next().value));
    for (const round of rounds) expect([...round].sort()).toEqual([...KILLABLE].sort());
    expect(new Set(rounds.map((r) => r.join())).size).toBeGreaterThan(1);
  });

  it('draws the order from the random source it is given', () => {
    // A source that always answers 0 swaps each place with the first: the same order every round.
    const targets = killTargets(() => 0);
    const first = KILLABLE.map(() => targets.next().value);
    const second = KILLABLE.map(() => targets.next().value);
    expect(second).toEqual(first);
    expect(first).toEqual(['relay', 'projections', 'api', 'mail', 'worker']);
  });
});
