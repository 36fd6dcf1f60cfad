/**
 * How long the relay waits before it looks at the store again once a look found nothing. A look that
 * finds events sets the pause to its shortest; each empty look after it doubles it, up to the longest.
 * So while events come steadily (1,000 a second) nearly every look finds some and the relay reads every
 * few ms, while a trickle (an event every 50 ms) costs a handful of looks per event instead of one every
 * 2 ms, and an idle log one look per longest pause. Each look is a gap-safe read (pg_locks), which is
 * what following the log costs in the relay and in Postgres.
 */
export class PollPause {
  private nextMs: number;

  constructor(
    private readonly shortestMs: number,
    private readonly longestMs: number,
  ) {
    this.nextMs = Math.max(shortestMs, longestMs);
  }

  /** A look found events: the next empty look waits only the shortest pause. */
  found(): void {
    this.nextMs = this.shortestMs;
  }

  /** A look found nothing: how long to wait now (the pause after it is twice as long). */
  empty(): number {
    const ms = this.nextMs;
    // A shortest pause of 0 ms still grows (1, 2, 4 …), so an idle relay never spins.
    this.nextMs = Math.min(Math.max(ms * 2, 1), Math.max(this.shortestMs, this.longestMs));
    return ms;
  }
}
