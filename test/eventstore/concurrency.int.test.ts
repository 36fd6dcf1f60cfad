import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, type RecordedEvent, VersionConflictError } from '../../eventstore';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, meta } from './fixtures';

const WRITERS = 20;

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  // One connection per writer, plus room for the reader.
  db = await createTestDatabase('concurrency', { poolSize: WRITERS + 4 });
  store = new EventStore(db.appPool);
});
afterAll(() => db?.drop());

describe('concurrent writers', () => {
  it('lets exactly one of 20 writers with the same expected version win, round after round', async () => {
    const stream = 'contended';
    const rounds = 15;
    for (let round = 0; round < rounds; round++) {
      const expected = round === 0 ? 'no_stream' : round;
      const outcomes = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, w) =>
          store.append(stream, expected, [event('Claimed', { round, w })], meta()),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost).toHaveLength(WRITERS - 1);
      for (const reason of lost) {
        expect(reason).toBeInstanceOf(VersionConflictError);
        expect(reason).toMatchObject({ streamId: stream, expected, actual: round + 1 });
      }
    }
    const events = await store.readStream<{ round: number; w: number }>(stream);
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.data.round))).toHaveProperty('size', rounds);
    expect((await store.verify()).ok).toBe(true);
  });

  it('gives a reader polling readAll during the writes every event exactly once, in order, without gaps', async () => {
    const start = (await store.head()).position;
    const streams = 50;
    const appendsPerWriter = 40;
    const written = new Set<string>();
    let writing = true;

    const writer = async (w: number) => {
      for (let i = 0; i < appendsPerWriter; i++) {
        const stream = `s-${(w * 7 + i) % streams}`;
        const size = 1 + ((w + i) % 5);
        const batch = Array.from({ length: size }, (_, k) => event('Noted', { w, i, k }));
        // Several writers share each stream: retry on conflicts with the version read back.
        for (let attempt = 0; ; attempt++) {
          try {
            await store.append(stream, await store.streamVersion(stream), batch, meta());
            break;
          } catch (error) {
            if (!(error instanceof VersionConflictError) || attempt > 200) throw error;
          }
        }
        for (const e of batch) written.add(e.eventId);
      }
    };

    const seen: RecordedEvent[] = [];
    let polls = 0;
    let pollsWhileWriting = 0;
    const reader = async () => {
      let after = start;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const stillWriting = writing;
        const page = await store.readAll({ after, limit: 37 });
        polls++;
        if (stillWriting) pollsWhileWriting++;
        seen.push(...page);
        after = page.at(-1)?.globalPosition ?? after;
        // Done once the writers have finished and the reader has everything they wrote.
        if (!stillWriting && page.length === 0 && seen.length >= written.size) return;
        if (Date.now() > deadline)
          throw new Error(`reader timed out at ${after} with ${seen.length}/${written.size}`);
        if (page.length === 0) await new Promise((r) => setTimeout(r, 2));
      }
    };

    const readerDone = reader();
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writing = false;
    await readerDone;

    expect(pollsWhileWriting).toBeGreaterThan(1); // the reader really read while writes were going on
    expect(polls).toBeGreaterThan(pollsWhileWriting);
    expect(seen.map((e) => e.globalPosition)).toEqual(
      Array.from({ length: seen.length }, (_, i) => start + i + 1),
    );
    expect(seen.length).toBe(written.size);
    expect(new Set(seen.map((e) => e.eventId))).toEqual(written);
    // Per stream, versions come in order too.
    const lastVersion = new Map<string, number>();
    for (const e of seen) {
      expect(e.streamVersion).toBe((lastVersion.get(e.streamId) ?? 0) + 1);
      lastVersion.set(e.streamId, e.streamVersion);
    }
    expect(await store.verify({ batchSize: 500 })).toEqual({
      ok: true,
      count: start + written.size,
      lastPosition: start + written.size,
    });
  });
});
