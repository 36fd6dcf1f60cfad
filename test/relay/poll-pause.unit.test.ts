import { describe, expect, it } from 'vitest';
import { PollPause } from '../../relay/poll-pause';

const empties = (pause: PollPause, n: number) => Array.from({ length: n }, () => pause.empty());

describe('relay poll pause', () => {
  it('starts idle: looks at the longest pause until a look finds events', () => {
    expect(empties(new PollPause(2, 25), 3)).toEqual([25, 25, 25]);
  });

  it('after a look that found events, doubles from the shortest pause up to the longest', () => {
    const pause = new PollPause(2, 25);
    pause.found();
    expect(empties(pause, 7)).toEqual([2, 4, 8, 16, 25, 25, 25]);
  });

  it('goes back to the shortest pause whenever a look finds events', () => {
    const pause = new PollPause(2, 25);
    pause.found();
    empties(pause, 5);
    pause.found();
    expect(empties(pause, 2)).toEqual([2, 4]);
  });

  it('keeps a shortest pause set above the longest (ARSHJUL_RELAY_BUSY_POLL_MS=40)', () => {
    const pause = new PollPause(40, 25);
    pause.found();
    expect(empties(pause, 3)).toEqual([40, 40, 40]);
  });

  it('a shortest pause of 0 looks again at once, then grows, so it never spins', () => {
    const pause = new PollPause(0, 25);
    pause.found();
    expect(empties(pause, 7)).toEqual([0, 1, 2, 4, 8, 16, 25]);
  });
});
