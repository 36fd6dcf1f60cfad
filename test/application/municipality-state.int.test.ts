import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  executeMunicipalityCommand,
  loadMunicipality,
  loadMunicipalityAtVersion,
} from '../../application/municipality';
import { ALE_USERS, aleMunicipalityCommands } from '../../domain/examples/ale';
import { EventStore } from '../../eventstore/index';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The municipality's state kept between loads is only a head start: every load asks the store for what
 * came after, so a change appended through another connection (another process) shows at once, and the
 * state equals a full replay of the stream.
 */
describe('loadMunicipality keeps the state between loads but reads the store each time (real Postgres)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('municipality_state');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('sees another process’s append at once and equals the full replay', async () => {
    const reader = new EventStore(db.appPool);
    const writer = new EventStore(db.appPool); // another process's store: its appends bypass the reader
    const id = 'ale';
    for (const command of aleMunicipalityCommands()) {
      await executeMunicipalityCommand(writer, id, command, { causationId: 'test:setup' });
    }
    const first = await loadMunicipality(reader, id);
    expect(first.state.status).toBe('registered');
    const newcomer = 'ny.sekreterare@ale.se';
    await executeMunicipalityCommand(
      writer,
      id,
      {
        type: 'AssignProcessOwner',
        at: '2026-01-08T08:00:00.000Z',
        actor: ALE_USERS.processOwner,
        userId: newcomer,
      },
      { causationId: 'test:change' },
    );
    const second = await loadMunicipality(reader, id);
    expect(second.version).toBe(first.version + 1);
    expect(second.state.status === 'registered' && second.state.processOwners).toContain(newcomer);
    // The full replay (a load as of a far date replays from the first event) is the same state.
    const replayed = await loadMunicipality(new EventStore(db.appPool), id, '2100-01-01T00:00:00.000Z');
    expect(second.state).toEqual(replayed.state);
    expect(second.version).toBe(replayed.version);
    expect(first.state.status === 'registered' && first.state.processOwners).not.toContain(newcomer);
  });

  it("at a version read with the caller's data: the kept state when it is there, else the store's", async () => {
    const reader = new EventStore(db.appPool);
    const writer = new EventStore(db.appPool);
    const id = 'ale-version';
    const commands = aleMunicipalityCommands().map((c) =>
      c.type === 'RegisterMunicipality' ? { ...c, municipalityId: id } : c,
    );
    for (const command of commands) {
      await executeMunicipalityCommand(writer, id, command, { causationId: 'test:setup' });
    }
    const kept = await loadMunicipality(reader, id);
    // The version the caller read is the kept one: the kept state itself answers.
    expect(await loadMunicipalityAtVersion(reader, id, kept.version)).toBe(kept);
    const auditor = 'ny.revisor@ale.se';
    await executeMunicipalityCommand(
      writer,
      id,
      {
        type: 'AssignAuditor',
        at: '2026-01-08T08:00:00.000Z',
        actor: ALE_USERS.processOwner,
        userId: auditor,
      },
      { causationId: 'test:change' },
    );
    // A newer version than the kept one: the events after it are read, as a plain load would.
    const newer = await loadMunicipalityAtVersion(reader, id, kept.version + 1);
    expect(newer.version).toBe(kept.version + 1);
    expect(newer.state.status === 'registered' && newer.state.auditors).toContain(auditor);
  });
});
