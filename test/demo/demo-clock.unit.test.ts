import { describe, expect, it } from 'vitest';
import { DEMO_CLOCK, loadFactor, QUIET_COMMAND_MS, stretched } from '../../demo/demo-clock';

describe('the demo clock on a busy machine', () => {
  it('measures the load from the set-up commands, between 1 and 3', () => {
    expect(loadFactor(QUIET_COMMAND_MS / 2)).toBe(1);
    expect(loadFactor(QUIET_COMMAND_MS * 2)).toBe(2);
    expect(loadFactor(QUIET_COMMAND_MS * 50)).toBe(3);
  });

  it('stretches every hold by the load and leaves the speeds as they are', () => {
    const busy = stretched(DEMO_CLOCK, 2);
    expect(busy.actionHoldBaseMs).toBe(DEMO_CLOCK.actionHoldBaseMs * 2);
    expect(busy.actionHoldPerWriteMs).toBe(DEMO_CLOCK.actionHoldPerWriteMs * 2);
    expect(busy.actionHoldPerReadMs).toBe(DEMO_CLOCK.actionHoldPerReadMs * 2);
    expect(busy.timerHoldMs).toBe(DEMO_CLOCK.timerHoldMs * 2);
    expect([busy.actionSpeedup, busy.timerSpeedup, busy.fastSpeedup]).toEqual([
      DEMO_CLOCK.actionSpeedup,
      DEMO_CLOCK.timerSpeedup,
      DEMO_CLOCK.fastSpeedup,
    ]);
  });
});
