import { chainHash } from './chain-hash';
import { GENESIS_HASH } from './hash';
import type { PageCheck } from './page-check';
import type { ChainHead, EventMetadata, JsonValue, VerifyFailure, VerifyResult } from './types';

/** One stored event as verify sees it; data and metadata as JSON text (from the database) or parsed. */
export interface VerifyRow {
  chainId: string;
  chainPosition: number;
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: JsonValue | string;
  metadata: EventMetadata | string;
  prevHash: Buffer;
  hash: Buffer;
}

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** True when the row's content and link still hash to its stored hash. */
export function contentMatches(row: VerifyRow): boolean {
  return chainHash(row.prevHash, {
    chainId: row.chainId,
    chainPosition: row.chainPosition,
    streamId: row.streamId,
    streamVersion: row.streamVersion,
    eventId: row.eventId,
    type: row.type,
    schemaVersion: row.schemaVersion,
    data: parsed<JsonValue>(row.data),
    metadata: parsed<EventMetadata>(row.metadata),
  }).equals(row.hash);
}

/** Index of the first row whose hash does not check out, -1 if all do. */
export function firstContentMismatch(rows: readonly VerifyRow[]): number {
  return rows.findIndex((row) => !contentMatches(row));
}

export type WalkFailure = Extract<VerifyResult, { ok: false }>;

/**
 * Follows rows in (chain, chain position) order and names the first that does not check out: positions
 * 1, 2, 3, ... per chain, each row linked to the previous row's hash and hashing to its stored value.
 * The content hashes are checked by the caller (possibly on worker threads) and passed in per page.
 */
export class ChainWalker {
  count = 0;
  chains = 0;
  maxGlobalPosition = 0;
  private chainId: string | null = null;
  private expected = 1;
  private prev: Buffer = GENESIS_HASH;
  /** Heads of the chains walked so far. */
  readonly heads = new Map<string, ChainHead>();

  /** Starts a chain at `from`, trusting `anchor` (the hash of the event before it). */
  startChain(chainId: string, from = 1, anchor: Buffer = GENESIS_HASH): void {
    this.chainId = chainId;
    this.expected = from;
    this.prev = anchor;
    this.chains += 1;
    this.heads.set(chainId, { chainId, position: from - 1, hash: anchor.toString('hex') });
  }

  /**
   * Checks a page; `mismatch` is firstContentMismatch of it. `movedFrom` finds where else in the chain
   * an event with the given hash sits (to tell a move from a missing link). Returns the first failure.
   */
  async page(
    rows: readonly VerifyRow[],
    mismatch: number,
    movedFrom: (chainId: string, hash: Buffer, notAt: number) => Promise<number | undefined>,
  ): Promise<WalkFailure | null> {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as VerifyRow;
      if (row.chainId !== this.chainId) this.startChain(row.chainId);
      const fail = (reason: VerifyFailure, detail: string, position = row.chainPosition) =>
        this.failure(reason, detail, position, position === row.chainPosition ? row.globalPosition : null);
      if (row.chainPosition !== this.expected)
        return fail('gap', `nästa händelse ligger på position ${row.chainPosition}`, this.expected);
      if (!row.prevHash.equals(this.prev)) {
        const origin = await movedFrom(row.chainId, row.prevHash, row.chainPosition - 1);
        return origin !== undefined
          ? fail(
              'reordered',
              `händelsen följer på den som nu ligger på ${origin}, inte på ${row.chainPosition - 1}`,
            )
          : fail('prev_hash_mismatch', 'länkar inte till föregående händelse');
      }
      if (i === mismatch) return fail('hash_mismatch', 'innehållet stämmer inte med sin hash');
      this.prev = row.hash;
      this.expected += 1;
      this.count += 1;
      if (row.globalPosition > this.maxGlobalPosition) this.maxGlobalPosition = row.globalPosition;
      this.heads.set(row.chainId, {
        chainId: row.chainId,
        position: row.chainPosition,
        hash: row.hash.toString('hex'),
      });
    }
    return null;
  }

  /**
   * Takes a page checked by checkPage in one step when it holds no suspect row and continues the walk;
   * false when it needs the row-by-row walk (page()) to name what is wrong.
   */
  advance(check: PageCheck): boolean {
    if (check.mismatch >= 0 || check.suspect >= 0) return false;
    const first = check.segments[0];
    if (!first) return true;
    if (first.chainId !== this.chainId) this.startChain(first.chainId);
    if (first.first !== this.expected || first.firstPrevHash !== this.prev.toString('hex')) return false;
    for (const s of check.segments) {
      if (s.chainId !== this.chainId) this.startChain(s.chainId);
      this.expected = s.last + 1;
      this.prev = Buffer.from(s.lastHash, 'hex');
      this.count += s.count;
      if (s.maxGlobalPosition > this.maxGlobalPosition) this.maxGlobalPosition = s.maxGlobalPosition;
      this.heads.set(s.chainId, { chainId: s.chainId, position: s.last, hash: s.lastHash });
    }
    return true;
  }

  failure(
    reason: VerifyFailure,
    detail: string,
    position: number,
    globalPosition: number | null,
  ): WalkFailure {
    return {
      ok: false,
      chainId: this.chainId ?? '',
      firstBadPosition: position,
      globalPosition,
      reason,
      detail,
      count: this.count,
    };
  }
}

/**
 * Compares walked chains with heads signed earlier: a chain that ends before a signed head lost its
 * newest events (deleted, or rolled back to a backup); one whose event at that position has another
 * hash was rewritten (a fork). `hashAt` reads a chain's hash at a position.
 */
export async function checkAgainstHeads(
  walked: ReadonlyMap<string, ChainHead>,
  signed: readonly ChainHead[],
  hashAt: (chainId: string, position: number) => Promise<string | undefined>,
  count: number,
): Promise<WalkFailure | null> {
  for (const head of signed) {
    const mine = walked.get(head.chainId) ?? {
      chainId: head.chainId,
      position: 0,
      hash: GENESIS_HASH.toString('hex'),
    };
    const base = { ok: false as const, chainId: head.chainId, globalPosition: null, count };
    if (mine.position < head.position) {
      return {
        ...base,
        firstBadPosition: mine.position + 1,
        reason: 'truncated',
        detail: `kedjan slutar på ${mine.position}, men ett signerat huvud intygar ${head.position}`,
      };
    }
    const hash =
      head.position === 0 ? GENESIS_HASH.toString('hex') : await hashAt(head.chainId, head.position);
    if (hash !== head.hash) {
      return {
        ...base,
        firstBadPosition: head.position,
        reason: 'fork',
        detail: `händelsen på ${head.position} är inte den som det signerade huvudet intygar`,
      };
    }
  }
  return null;
}
