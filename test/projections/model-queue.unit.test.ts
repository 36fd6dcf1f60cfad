import { describe, expect, it } from 'vitest';
import { modelQueue } from '../../projections/model-queue';

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('modelQueue: one read model of a shared consumer', () => {
  it('applies batches one after the other, in order', async () => {
    const seen: string[] = [];
    let running = 0;
    const queue = modelQueue<string>({
      log: () => {},
      async apply(batch) {
        running += 1;
        expect(running).toBe(1);
        await new Promise((r) => setTimeout(r, 3));
        seen.push(batch);
        running -= 1;
      },
    });
    await Promise.all(['a', 'b', 'c'].map((b) => queue.push(b)));
    expect(seen).toEqual(['a', 'b', 'c']);
    await queue.close();
  });

  it('does not reject on a failure, logs it and tries the failed batch again until it lands', async () => {
    const attempts: string[] = [];
    const lines: string[] = [];
    let failuresLeft = 2;
    const queue = modelQueue<string>({
      log: (line) => lines.push(line),
      retry: { initialMs: 1, maxMs: 4 },
      async apply(batch) {
        attempts.push(batch);
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('anslutningen bröts');
        }
      },
    });
    await expect(queue.push('a')).resolves.toBeUndefined();
    await until(() => attempts.length >= 3);
    expect(attempts).toEqual(['a', 'a', 'a']);
    expect(lines).toEqual([
      'anslutningen bröts; försöker igen om 1 ms',
      'anslutningen bröts; försöker igen om 2 ms',
    ]);
    await queue.close();
  });

  it('stops retrying once a later batch lands (it catches the model up) and after close', async () => {
    const attempts: string[] = [];
    let fail = true;
    const queue = modelQueue<string>({
      log: () => {},
      retry: { initialMs: 20, maxMs: 20 },
      async apply(batch) {
        attempts.push(batch);
        if (fail) throw new Error('fel');
      },
    });
    await queue.push('a');
    fail = false;
    await queue.push('b');
    await new Promise((r) => setTimeout(r, 60));
    expect(attempts).toEqual(['a', 'b']);

    fail = true;
    await queue.push('c');
    await queue.close();
    await new Promise((r) => setTimeout(r, 60));
    expect(attempts).toEqual(['a', 'b', 'c']);
  });
});
