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
    const stream = 'cycle-ale-2027';
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
    expect(await store.verify({ chainId: 'ale' })).toMatchObject({
      ok: true,
      count: rounds,
      lastPosition: rounds,
    });
  });

  it("appends to another municipality while one municipality's chain is locked, and serialises within it", async () => {
    const admin = await db.adminPool.connect();
    try {
      // Hold Ale's chain lock (the one append_events takes) in an open transaction.
      await admin.query('begin');
      await admin.query("select pg_advisory_xact_lock(1634890600, hashtext('ale-par'))");
      let aleDone = false;
      const ale = store.append('municipality-ale-par', 'any', [event('Waited')], meta()).then((r) => {
        aleDone = true;
        return r;
      });
      // Kungälv's appends go through at once, several times over, while Ale's waits.
      for (let i = 0; i < 3; i++)
        await store.append('cycle-kungalv-par-2027', 'any', [event('Parallel', { i })], meta());
      await new Promise((r) => setTimeout(r, 100));
      expect(aleDone).toBe(false);
      await admin.query('commit');
      expect((await ale).streamVersion).toBe(1);
    } finally {
      admin.release();
    }
    expect(await store.verify({ chainId: 'kungalv-par' })).toMatchObject({ ok: true, count: 3 });
    expect(await store.verify({ chainId: 'ale-par' })).toMatchObject({ ok: true, count: 1 });
  });

  it("keeps each of two municipalities' chains consecutive when both take many writers at once", async () => {
    const writers = Array.from({ length: WRITERS }, (_, w) => async () => {
      const m = w % 2 === 0 ? 'par-a' : 'par-b';
      for (let i = 0; i < 10; i++)
        await store.append(
          `task-${m}.2027.dialog.o${w}`,
          'any',
          [event('Noted', { w, i }), event('Noted2')],
          meta(),
        );
    });
    await Promise.all(writers.map((run) => run()));
    for (const m of ['par-a', 'par-b']) {
      expect(await store.verify({ chainId: m, batchSize: 13 })).toEqual({
        ok: true,
        count: (WRITERS / 2) * 20,
        chains: 1,
        lastPosition: (WRITERS / 2) * 20,
      });
    }
  });

  it('gives a reader polling readAll during the writes every event exactly once, in position order', async () => {
    const start = (await store.head()).position;
    const streams = 50;
    const appendsPerWriter = 40;
    const written = new Set<string>();
    let writing = true;

    const writer = async (w: number) => {
      for (let i = 0; i < appendsPerWriter; i++) {
        // Streams of five municipalities, so appends of different chains run in parallel.
        const stream = `cycle-m${((w * 7 + i) % streams) % 5}-${2000 + ((w * 7 + i) % streams)}`;
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
    // Positions only grow (they may have gaps: a rolled-back append burns its sequence values).
    const positions = seen.map((e) => e.globalPosition);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions[0]).toBeGreaterThan(start);
    expect(seen.length).toBe(written.size);
    expect(new Set(seen.map((e) => e.eventId))).toEqual(written);
    // Per stream, versions come in order too.
    const lastVersion = new Map<string, number>();
    for (const e of seen) {
      expect(e.streamVersion).toBe((lastVersion.get(e.streamId) ?? 0) + 1);
      lastVersion.set(e.streamId, e.streamVersion);
    }
    const total = await db.adminPool.query<{ n: number }>('select count(*)::int as n from events');
    expect(await store.verify({ batchSize: 500 })).toMatchObject({ ok: true, count: total.rows[0]?.n });
  });
});
