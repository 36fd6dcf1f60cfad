import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MunicipalityEvent } from '../../domain/municipality/events';
import { municipalityStream } from '../../domain/streams';
import { EventStore } from '../../eventstore';
import { applyBatch, organisation } from '../../projections';
import { createTestDatabase, type TestDatabase } from '../support/database';

const owner = 'anna.processagare@ale.se';
const at = '2026-03-02T09:00:00.000Z';
const events: MunicipalityEvent[] = [
  {
    type: 'MunicipalityRegistered',
    schemaVersion: 1,
    data: { at, by: owner, municipalityId: 'ale', name: 'Ale kommun' },
  },
  {
    type: 'OrganAdded',
    schemaVersion: 1,
    data: {
      at,
      by: owner,
      organId: 'ale-bun',
      kind: 'committee',
      name: 'Barn- och utbildningsnämnden',
      shortName: 'BUN',
    },
  },
  {
    type: 'OrganRenamed',
    schemaVersion: 1,
    data: { at, by: owner, organId: 'ale-bun', name: 'Utbildningsnämnden', shortName: 'UN' },
  },
  {
    type: 'OrganAdded',
    schemaVersion: 1,
    data: {
      at,
      by: owner,
      organId: 'ale-kfn',
      kind: 'committee',
      name: 'Kultur- och fritidsnämnden',
      shortName: 'KFN',
    },
  },
  {
    type: 'OrganRemoved',
    schemaVersion: 1,
    data: { at, by: owner, organId: 'ale-kfn', reason: 'KF 2026-03-01 § 20: nämnden upphör' },
  },
];

describe('read models: a renamed organ keeps its id and shows its new name, a removed one is marked (organ.change-during-cycle)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('organ_renamed');
    const store = new EventStore(db.appPool);
    await store.append(
      municipalityStream('ale'),
      'no_stream',
      events.map((e) => ({ ...e, eventId: randomUUID() })),
      { actor: owner, occurredAt: at, correlationId: 'municipality-ale', causationId: 'test' },
    );
    const all = await store.readAll({ limit: 100 });
    expect(await applyBatch(db.appPool, store, organisation, all)).toHaveLength(5);
  });
  afterAll(() => db?.drop());

  it('rm_organs: one row, the new name', async () => {
    const { rows } = await db.appPool.query(
      `select organ_id, name, short_name from rm_organs where organ_id = 'ale-bun'`,
    );
    expect(rows).toEqual([{ organ_id: 'ale-bun', name: 'Utbildningsnämnden', short_name: 'UN' }]);
  });

  it('rm_organs: a removed organ keeps its row and name, with when and why it was removed', async () => {
    const { rows } = await db.appPool.query(
      `select organ_id, name, removed_at, removal_reason from rm_organs where organ_id = 'ale-kfn'`,
    );
    expect(rows).toEqual([
      {
        organ_id: 'ale-kfn',
        name: 'Kultur- och fritidsnämnden',
        removed_at: new Date(at),
        removal_reason: 'KF 2026-03-01 § 20: nämnden upphör',
      },
    ]);
  });
});
