import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExportLines } from '../../application/audit-export';
import { parseExport, verifyExport } from '../../application/offline-verify';
import {
  EventStore,
  generateSigningKey,
  type KeyRing,
  keyRingFromFile,
  keyRingToFile,
  startHashWorkers,
} from '../../eventstore';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, meta } from './fixtures';

const M = 'ale';
let db: TestDatabase;
let store: EventStore;
let ring: KeyRing;
/** What an auditor holds: the public keys only, obtained outside the export. */
let trusted: KeyRing;

const exportText = async (withRing: KeyRing | undefined = ring) => {
  let text = '';
  for await (const line of auditExportLines(db.appPool, { municipalityId: M, ring: withRing })) text += line;
  return text;
};
const lines = (text: string) => text.trim().split('\n');
const kindOf = (line: string) => (JSON.parse(line) as { kind: string }).kind;

beforeAll(async () => {
  db = await createTestDatabase('offline');
  store = new EventStore(db.appPool);
  const key = generateSigningKey('k1');
  ring = { activeKeyId: 'k1', keys: new Map([['k1', key]]) };
  trusted = keyRingFromFile(keyRingToFile(ring, false));
  for (let i = 0; i < 12; i++) {
    await store.append(
      `task-${M}.2027.nulagesanalys.o${i % 3}`,
      'any',
      [event('Noted', { i, text: 'Mål' })],
      meta(),
    );
    await store.append('cycle-kungalv-2027', 'any', [event('Other', { i })], meta());
  }
  await store.append(`municipality-${M}`, 'any', [event('Registered')], meta());
});
afterAll(() => db?.drop());

describe('audit export, verified offline', () => {
  it("holds exactly one municipality's chain with a fresh signed head, and verifies without the database", async () => {
    const text = await exportText();
    const all = lines(text);
    expect(kindOf(all[0] as string)).toBe('export');
    const parsed = parseExport(text);
    expect(parsed.chainId).toBe(M);
    expect(parsed.events.map((e) => e.chainPosition)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(parsed.events.every((e) => e.chainId === M && !e.streamId.includes('kungalv'))).toBe(true);
    expect(parsed.heads.at(-1)).toMatchObject({ chainId: M, position: 13, keyId: 'k1' });
    expect(await verifyExport(parsed, trusted)).toEqual({
      ok: true,
      count: 13,
      chains: 1,
      lastPosition: 13,
      headsChecked: parsed.heads.length,
      headsRejected: 0,
    });
  });

  it('names an event altered in the file', async () => {
    const text = (await exportText()).replace('"i":4,', '"i":5,');
    expect(await verifyExport(parseExport(text), trusted)).toMatchObject({
      ok: false,
      firstBadPosition: 5,
      reason: 'hash_mismatch',
    });
  });

  it('finds the same on hash worker threads, pages of four events at a time', async () => {
    const all = lines(await exportText());
    const altered = all.join('\n').replace('"i":4,', '"i":5,');
    const deleted = all.filter((l) => !(kindOf(l) === 'event' && JSON.parse(l).chainPosition === 7));
    const workers = startHashWorkers(2);
    try {
      const options = { workers, pageSize: 4 };
      expect(await verifyExport(parseExport(all.join('\n')), trusted, [], options)).toMatchObject({
        ok: true,
        count: 13,
      });
      expect(await verifyExport(parseExport(altered), trusted, [], options)).toMatchObject({
        ok: false,
        firstBadPosition: 5,
        reason: 'hash_mismatch',
        count: 4,
      });
      expect(await verifyExport(parseExport(deleted.join('\n')), trusted, [], options)).toMatchObject({
        ok: false,
        firstBadPosition: 7,
        reason: 'gap',
      });
    } finally {
      await workers.close();
    }
  });

  it('names an event deleted from the middle of the file', async () => {
    const all = lines(await exportText());
    const kept = all.filter((l) => !(kindOf(l) === 'event' && JSON.parse(l).chainPosition === 7));
    expect(await verifyExport(parseExport(kept.join('\n')), trusted)).toMatchObject({
      ok: false,
      firstBadPosition: 7,
      reason: 'gap',
    });
  });

  it('names two events whose places were swapped', async () => {
    const swapped = lines(await exportText()).map((l) => {
      if (kindOf(l) !== 'event') return l;
      const e = JSON.parse(l);
      if (e.chainPosition === 3 || e.chainPosition === 9) e.chainPosition = e.chainPosition === 3 ? 9 : 3;
      return JSON.stringify(e);
    });
    expect(await verifyExport(parseExport(swapped.join('\n')), trusted)).toMatchObject({
      ok: false,
      firstBadPosition: 3,
      reason: 'reordered',
    });
  });

  it('detects the newest events deleted from the file through the signed head', async () => {
    const all = lines(await exportText());
    const kept = all.filter((l) => !(kindOf(l) === 'event' && JSON.parse(l).chainPosition >= 12));
    expect(await verifyExport(parseExport(kept.join('\n')), trusted)).toMatchObject({
      ok: false,
      firstBadPosition: 12,
      reason: 'truncated',
    });
  });

  it('never trusts a head with a forged signature or an unknown key', async () => {
    const all = lines(await exportText());
    const forgedHeads = all.map((l) =>
      kindOf(l) === 'signedHead' ? JSON.stringify({ ...JSON.parse(l), position: 99 }) : l,
    );
    const result = await verifyExport(parseExport(forgedHeads.join('\n')), trusted);
    expect(result).toMatchObject({ ok: true, headsChecked: 0 });
    expect(result.headsRejected).toBeGreaterThan(0);
    const stranger = generateSigningKey('k1');
    const wrongKeys: KeyRing = { activeKeyId: 'k1', keys: new Map([['k1', stranger]]) };
    expect(await verifyExport(parseExport(all.join('\n')), wrongKeys)).toMatchObject({
      ok: true,
      headsChecked: 0,
    });
  });

  it("detects a database rolled back after an earlier export, using that export's signed heads", async () => {
    const earlier = parseExport(await exportText());
    await store.append(`municipality-${M}`, 'any', [event('Later1'), event('Later2')], meta());
    const signedLater = parseExport(await exportText());
    // The owner deletes the newest events (bypassing the trigger) and exports without signing anew.
    const admin = await db.adminPool.connect();
    try {
      await admin.query('begin');
      await admin.query('set local session_replication_role = replica');
      await admin.query(`delete from events where chain_id = $1 and chain_position > 13`, [M]);
      await admin.query(`delete from signed_heads where position > 13`);
      await admin.query('commit');
    } finally {
      admin.release();
    }
    const rolledBack = parseExport(await exportText(undefined));
    expect(await verifyExport(rolledBack, trusted, earlier.heads)).toMatchObject({ ok: true });
    expect(await verifyExport(rolledBack, trusted, signedLater.heads)).toMatchObject({
      ok: false,
      firstBadPosition: 14,
      reason: 'truncated',
    });
  });

  it('refuses to vouch for an as-of export, which leaves events out', async () => {
    let text = '';
    for await (const line of auditExportLines(db.appPool, {
      municipalityId: M,
      asOf: '2020-01-01T00:00:00Z',
    }))
      text += line;
    expect(await verifyExport(parseExport(text), trusted)).toMatchObject({ ok: false, reason: 'gap' });
  });
});
