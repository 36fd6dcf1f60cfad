import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalityEvents } from '../../application/history';
import { EventStore } from '../../eventstore';
import { event, meta } from '../eventstore/fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('municipality_events', { poolSize: 4 });
  store = new EventStore(db.appPool);
});
afterAll(() => db?.drop());

describe("a municipality's events", () => {
  it("show the writer's own newest events while another transaction on the server stays open", async () => {
    await store.append('cycle-ale-2027', 'no_stream', [event('CycleStarted', { n: 1 })], meta());
    const other = await db.appPool.connect();
    try {
      // A transaction with an id that stays open, as a read model's batch does on a busy server.
      await other.query('begin');
      await other.query('select pg_current_xact_id()');
      await store.append('cycle-ale-2027', 1, [event('PhaseOpened', { n: 2 })], meta());
      const page = await municipalityEvents(db.appPool, { municipalityId: 'ale' });
      expect(page.map((e) => e.type)).toEqual(['CycleStarted', 'PhaseOpened']);
      expect(page.map((e) => e.chainPosition)).toEqual([1, 2]);
    } finally {
      await other.query('rollback');
      other.release();
    }
  });

  it('page after page by position, each event once and in chain order', async () => {
    for (let v = 2; v < 7; v++) {
      await store.append('cycle-ale-2027', v, [event('Noted', { v })], meta());
    }
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const page = await municipalityEvents(db.appPool, { municipalityId: 'ale', after, limit: 3 });
      seen.push(...page.map((e) => e.chainPosition));
      if (page.length < 3) break;
      after = page.at(-1)?.globalPosition ?? after;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
