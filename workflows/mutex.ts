/**
 * Runs critical sections one at a time, in the order they asked. Update handlers and the main loop share
 * one, so each decides on the state the previous one stored (plain promises: deterministic in workflows).
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
