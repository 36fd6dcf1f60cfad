import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type ContentFields,
  chainHash,
  chainLink,
  contentCanonicalForm,
  contentCanonicalFormOf,
  contentDigest,
} from '../../eventstore/chain-hash';
import { chainKeyOf } from '../../eventstore/chain-key';
import { canonicalJson, GENESIS_HASH } from '../../eventstore/hash';

// The test vector of docs/hash-chain.md.
const content: ContentFields = {
  chainId: 'ale',
  streamId: 'cycle-ale-2027',
  eventId: '0190f1b2-6c1e-7a4b-9c1d-2e3f4a5b6c7d',
  type: 'PhaseOpened',
  schemaVersion: 1,
  data: { text: 'Mål', n: 1 },
  metadata: {
    actor: 'system',
    occurredAt: '2026-02-01T08:00:00.000Z',
    correlationId: 'c-1',
    causationId: 'c-1',
  },
};

describe('chain hash (docs/hash-chain.md)', () => {
  // Cross-checked with Python: json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False),
  // hashlib.sha256, int.to_bytes(8, 'big').
  it('matches the documented test vector byte by byte', () => {
    expect(contentCanonicalForm(content)).toBe(
      '{"chainId":"ale","data":{"n":1,"text":"Mål"},"eventId":"0190f1b2-6c1e-7a4b-9c1d-2e3f4a5b6c7d",' +
        '"metadata":{"actor":"system","causationId":"c-1","correlationId":"c-1","occurredAt":"2026-02-01T08:00:00.000Z"},' +
        '"schemaVersion":1,"streamId":"cycle-ale-2027","type":"PhaseOpened"}',
    );
    expect(contentDigest(content).toString('hex')).toBe(
      '8a7e949bb82cda85f8efaab18b04ecd040afb0a2950d6c4bf646a8057ba51399',
    );
    expect(chainHash(GENESIS_HASH, { ...content, chainPosition: 3, streamVersion: 2 }).toString('hex')).toBe(
      '7af2051c5a0530ee830977893411b9e500f59f1524a184ed5717c3639c8e23d6',
    );
  });

  it('builds the same canonical form from canonical data and metadata (the append path)', () => {
    const odd = { ...content, streamId: 'cycle-"ä"\\-2027', type: 'Typ\u2028', schemaVersion: 12 };
    for (const fields of [content, odd]) {
      const { data, metadata, ...rest } = fields;
      expect(contentCanonicalFormOf(rest, canonicalJson(data), canonicalJson(metadata))).toBe(
        contentCanonicalForm(fields),
      );
    }
    const lone = { ...content, type: 'x\ud800' };
    expect(() => contentCanonicalFormOf(lone, '{}', '{}')).toThrow('lone surrogate');
  });

  it('links prev hash, chain position and stream version (8 bytes big-endian each) and the digest', () => {
    const prev = Buffer.alloc(32, 0xab);
    const digest = contentDigest(content);
    const position = Buffer.from('0000000000000103', 'hex');
    const version = Buffer.from('0000000000000002', 'hex');
    const expected = createHash('sha256')
      .update(Buffer.concat([prev, position, version, digest]))
      .digest();
    expect(chainLink(prev, { chainPosition: 259, streamVersion: 2 }, digest).equals(expected)).toBe(true);
  });

  it('changes with every hashed field', () => {
    const link = { chainPosition: 3, streamVersion: 2 };
    const base = chainHash(GENESIS_HASH, { ...content, ...link }).toString('hex');
    const variants = [
      { ...content, ...link, chainId: 'kungalv' },
      { ...content, ...link, streamId: 'cycle-ale-2028' },
      { ...content, ...link, eventId: '0190f1b2-6c1e-7a4b-9c1d-2e3f4a5b6c7e' },
      { ...content, ...link, type: 'PhaseClosed' },
      { ...content, ...link, schemaVersion: 2 },
      { ...content, ...link, data: { text: 'Mål', n: 2 } },
      { ...content, ...link, metadata: { ...content.metadata, actor: 'user-1' } },
      { ...content, chainPosition: 4, streamVersion: 2 },
      { ...content, chainPosition: 3, streamVersion: 3 },
    ];
    const hashes = new Set(variants.map((v) => chainHash(GENESIS_HASH, v).toString('hex')));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(base)).toBe(false);
    expect(chainHash(Buffer.alloc(32, 1), { ...content, ...link }).toString('hex')).not.toBe(base);
  });

  it('rejects a prev hash or digest that is not 32 bytes', () => {
    const link = { chainPosition: 1, streamVersion: 1 };
    expect(() => chainLink(Buffer.alloc(31), link, Buffer.alloc(32))).toThrow(/32 bytes/);
    expect(() => chainLink(Buffer.alloc(32), link, Buffer.alloc(33))).toThrow(/32 bytes/);
  });
});

describe('chain key', () => {
  it("is the municipality of the municipality's, its cycles' and its tasks' streams", () => {
    expect(chainKeyOf('municipality-ale-x3f')).toBe('ale-x3f');
    expect(chainKeyOf('cycle-ale-x3f-2027')).toBe('ale-x3f');
    expect(chainKeyOf('task-ale-x3f.2027.nulagesanalys.bun')).toBe('ale-x3f');
    expect(chainKeyOf('task-a.b.2027.dialog.ks.2')).toBe('a.b');
  });

  it('gives any other stream a chain of its own that no municipality id can name', () => {
    expect(chainKeyOf('organ-bun')).toBe('~organ-bun');
    expect(chainKeyOf('task-nodots')).toBe('~task-nodots');
    expect(chainKeyOf('cycle-2027')).toBe('~cycle-2027');
  });
});
