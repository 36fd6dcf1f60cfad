import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendCount, appends, meta } from '../../bench/task-lifecycles';
import { cycleStream, taskStream } from '../../domain';
import { EventStore } from '../../eventstore';
import { PROJECTIONS, rebuildProjections } from '../../projections';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aleScenario, appendScenario } from './scenario';
import { dumpTables } from './support';

// A partitioned rebuild (projections/rebuild-partitions.ts) against the one-pass rebuild of the same
// log: the Ale scenario (budget year 2027) and task lifecycles of the years 2027–2031, so every part
// has events. Small pages, so each part reads several ranges.
describe('rebuild in partitions', () => {
  let db: TestDatabase;
  let store: EventStore;
  const warnings: string[] = [];

  const rebuild = (partitions: number) =>
    rebuildProjections(db.appPool, PROJECTIONS, { partitions, pageSize: 50, warn: (l) => warnings.push(l) });
  const dumpAll = async () => [
    ...(await Promise.all(PROJECTIONS.map((p) => dumpTables(db.appPool, p)))),
    // The checkpoints too: position and newest event, as the one pass sets them.
    (
      await db.appPool.query(
        'select name, position, last_event_id, last_recorded_at from projection_checkpoints order by name',
      )
    ).rows,
  ];
  const onePass = async () => {
    const result = await rebuild(1);
    expect(result.partitions).toBe(1);
    return { result, tables: await dumpAll() };
  };

  beforeAll(async () => {
    db = await createTestDatabase('rebuild_partitions');
    store = new EventStore(db.appPool);
    await appendScenario(store, aleScenario());
    await appendCount(store, appends(randomUUID().slice(0, 8)), 600);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('in two and three parts equals the rebuild in one pass', async () => {
    const expected = await onePass();
    // Every event of the types the models fold, in one pass too.
    const types = [...new Set(PROJECTIONS.flatMap((p) => p.eventTypes))];
    const { rows } = await db.appPool.query<{ n: string }>(
      'select count(*) as n from events where type = any($1::text[])',
      [types],
    );
    expect(expected.result.events).toBe(Number(rows[0]?.n));
    for (const partitions of [2, 3]) {
      const result = await rebuild(partitions);
      expect(result.partitions).toBe(partitions);
      expect(result.foldedAgain).toEqual([]);
      expect(result.position).toBe(expected.result.position);
      expect(result.events).toBe(expected.result.events);
      const tables = await dumpAll();
      PROJECTIONS.forEach((p, i) => {
        expect(tables[i], `${p.name}, ${partitions} parts`).toEqual(expected.tables[i]);
      });
    }
  });

  it('folds a read model again in one pass when an event looks up a document of another part', async () => {
    // The 2027 dialogues reported to KF again, from the 2028 cycle (another part than their tasks).
    const reported = aleScenario()
      .flatMap((a) => a.events)
      .find((e) => e.type === 'DialogueOutcomesReported');
    expect(reported).toBeDefined();
    await store.append(
      cycleStream('ale', 2028),
      'any',
      [{ ...(reported as NonNullable<typeof reported>), eventId: randomUUID() }],
      meta(),
    );
    const expected = await onePass();
    const result = await rebuild(2);
    expect(result.foldedAgain).toEqual(['dialogues']);
    const tables = await dumpAll();
    PROJECTIONS.forEach((p, i) => {
      expect(tables[i], p.name).toEqual(expected.tables[i]);
    });
  });

  it('lets a process that rebuilt in parts exit by itself', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/partitioned-rebuild.ts'), db.appUrl],
      { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stdout).toContain('rebuilt in 2 parts');
    // null when the timeout killed it: the partition thread or its connections kept the process alive.
    expect(run.status).toBe(0);
  });

  it('reports an invalid stored event of any part, and skips it as the one pass does', async () => {
    // The store does not check an event's data against the domain's schemas: a revision of -1 is kept.
    for (const taskId of ['ale.2027.nulagesanalys.ks.trasig', 'ale.2028.nulagesanalys.ks.trasig'])
      await store.append(
        taskStream(taskId),
        'any',
        [{ eventId: randomUUID(), type: 'TaskApproved', schemaVersion: 1, data: { taskId, revision: -1 } }],
        meta(),
      );
    warnings.length = 0;
    const expected = await onePass();
    const inOnePass = warnings.splice(0).filter((w) => w.startsWith('hoppar över händelse'));
    expect(inOnePass).toHaveLength(2);
    const result = await rebuild(2);
    expect(result.partitions).toBe(2);
    expect(warnings.filter((w) => w.startsWith('hoppar över händelse')).sort()).toEqual(inOnePass.sort());
    const tables = await dumpAll();
    PROJECTIONS.forEach((p, i) => {
      expect(tables[i], p.name).toEqual(expected.tables[i]);
    });
  });
});
