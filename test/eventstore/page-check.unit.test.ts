import { describe, expect, it } from 'vitest';
import { type ContentFields, chainHash } from '../../eventstore/chain-hash';
import { GENESIS_HASH } from '../../eventstore/hash';
import { checkPage, type PageRow } from '../../eventstore/page-check';

/** A page as verify reads it from Postgres: consecutive, correctly linked events of the given chains. */
function page(chains: Record<string, number>): PageRow[] {
  const rows: PageRow[] = [];
  let global = 0;
  for (const [chainId, count] of Object.entries(chains)) {
    let prev = GENESIS_HASH;
    for (let position = 1; position <= count; position++) {
      const content: ContentFields = {
        chainId,
        streamId: `cycle-${chainId}-2027`,
        eventId: `00000000-0000-4000-8000-${String(++global).padStart(12, '0')}`,
        type: 'PhaseOpened',
        schemaVersion: 1,
        data: { text: 'Mål', n: position, nested: { b: [1, 'två'], a: null } },
        metadata: {
          actor: 'system',
          occurredAt: '2026-02-01T08:00:00.000Z',
          correlationId: 'c',
          causationId: 'c',
        },
      };
      const hash = chainHash(prev, { ...content, chainPosition: position, streamVersion: position });
      rows.push([
        chainId,
        position,
        global * 10,
        content.streamId,
        position,
        content.eventId,
        content.type,
        content.schemaVersion,
        content.data,
        content.metadata,
        prev.toString('hex'),
        hash.toString('hex'),
      ]);
      prev = hash;
    }
  }
  return rows;
}

describe('checkPage (verify, one page at a time)', () => {
  it('sums up a clean page per chain: first and last position, hashes, count', () => {
    const rows = page({ ale: 3, lerum: 2 });
    const check = checkPage(JSON.stringify(rows));
    expect(check).toMatchObject({ mismatch: -1, suspect: -1 });
    expect(check.segments).toEqual([
      {
        chainId: 'ale',
        first: 1,
        firstPrevHash: GENESIS_HASH.toString('hex'),
        last: 3,
        lastHash: rows[2]?.[11],
        count: 3,
        maxGlobalPosition: 30,
      },
      {
        chainId: 'lerum',
        first: 1,
        firstPrevHash: GENESIS_HASH.toString('hex'),
        last: 2,
        lastHash: rows[4]?.[11],
        count: 2,
        maxGlobalPosition: 50,
      },
    ]);
  });

  it('names the first row whose content no longer hashes to its stored hash', () => {
    const rows = page({ ale: 4 });
    (rows[2] as PageRow)[8] = { text: 'Mål 16b' };
    expect(checkPage(JSON.stringify(rows))).toMatchObject({ mismatch: 2, suspect: -1 });
  });

  it('names the first row that does not follow the one before it (gap, swap)', () => {
    const gap = page({ ale: 5 });
    gap.splice(2, 1);
    expect(checkPage(JSON.stringify(gap)).suspect).toBe(2);
    const swapped = page({ ale: 4 });
    [swapped[1], swapped[2]] = [swapped[2] as PageRow, swapped[1] as PageRow];
    expect(checkPage(JSON.stringify(swapped)).suspect).toBe(1);
  });
});
