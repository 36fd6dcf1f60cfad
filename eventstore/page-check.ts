import { hash as oneShotHash } from 'node:crypto';
import { contentCanonicalFormOf } from './chain-hash';
import type { VerifyRow } from './chain-walk';
import { canonicalJson, GENESIS_HASH } from './hash';
import type { EventMetadata, JsonValue } from './types';

/**
 * A page of events as verify reads it: one JSON text from Postgres (json_agg, see verify.ts), so a page
 * crosses to a worker thread as one string and is parsed there, not row by row on the walking thread.
 */
export type PageRow = [
  chainId: string,
  chainPosition: number,
  globalPosition: number,
  streamId: string,
  streamVersion: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: JsonValue,
  metadata: EventMetadata,
  prevHashHex: string,
  hashHex: string,
];

/** A run of consecutive rows of one chain within a page. */
export interface PageSegment {
  chainId: string;
  first: number;
  firstPrevHash: string;
  last: number;
  lastHash: string;
  count: number;
  maxGlobalPosition: number;
}

/** What the walk needs of a page whose rows all check out; indexes of the first suspect rows otherwise. */
export interface PageCheck {
  /** First row whose content and link do not hash to its stored hash; -1 if none. */
  mismatch: number;
  /** First row (after the first) that does not follow the row before it in its chain; -1 if none. */
  suspect: number;
  segments: PageSegment[];
}

const GENESIS_HEX = GENESIS_HASH.toString('hex');

/** Writes a non-negative integer as 8 bytes big-endian (Postgres' int8send), without a BigInt. */
function writeInt64(buffer: Buffer, value: number, offset: number): void {
  buffer.writeUInt32BE(Math.floor(value / 2 ** 32), offset);
  buffer.writeUInt32BE(value >>> 0, offset + 4);
}

/**
 * chainLink (chain-hash.ts) of a row, as hex: sha256(prev_hash || chain_position || stream_version ||
 * sha256(canonical content)), with one-shot hashes into one reused 80-byte buffer (verify hashes every
 * event, so the allocations of the general function count).
 */
export function linkHashHex(
  link: Buffer,
  prevHashHex: string,
  chainPosition: number,
  streamVersion: number,
  canonicalForm: string,
): string {
  // Buffer.write stops at the first character that is not hex: such a prev_hash matches nothing.
  if (link.write(prevHashHex, 0, 32, 'hex') !== 32) return '';
  writeInt64(link, chainPosition, 32);
  writeInt64(link, streamVersion, 40);
  // The content digest as hex, decoded into the link: a Buffer result costs a fresh allocation per
  // event, measured ~1 µs dearer per event than hex output and its decode (node 20, SHA-NI).
  link.write(oneShotHash('sha256', canonicalForm, 'hex'), 48, 32, 'hex');
  return oneShotHash('sha256', link, 'hex');
}

export const parsePageRows = (text: string): PageRow[] => JSON.parse(text) as PageRow[];

/** The rows of a page as ChainWalker.page takes them (for the row-by-row walk after a suspect page). */
export function pageVerifyRows(text: string): VerifyRow[] {
  return parsePageRows(text).map((r) => ({
    chainId: r[0],
    chainPosition: r[1],
    globalPosition: r[2],
    streamId: r[3],
    streamVersion: r[4],
    eventId: r[5],
    type: r[6],
    schemaVersion: r[7],
    data: r[8],
    metadata: r[9],
    prevHash: Buffer.from(r[10], 'hex'),
    hash: Buffer.from(r[11], 'hex'),
  }));
}

/**
 * Hashes every row of a page (content digest and chain link, as chain-hash.ts defines them) and checks the
 * links between the page's own rows. The link of the first row to the page before is left to the walk.
 */
export function checkPage(text: string): PageCheck {
  const rows = parsePageRows(text);
  const summary = new PageSummary();
  const link = Buffer.alloc(80);
  for (const row of rows) {
    const [chainId, chainPosition, globalPosition, streamId, streamVersion, eventId, type, schemaVersion] =
      row;
    const form = contentCanonicalFormOf(
      { chainId, streamId, eventId, type, schemaVersion },
      canonicalJson(row[8]),
      canonicalJson(row[9]),
    );
    const valid = /^[0-9a-f]{64}$/.test(row[10]) && Number.isSafeInteger(chainPosition) && chainPosition > 0;
    const matches = valid && linkHashHex(link, row[10], chainPosition, streamVersion, form) === row[11];
    summary.add(chainId, chainPosition, globalPosition, row[10], row[11], matches);
  }
  return summary.result();
}

/** A page's rows, taken in order, summed up as a PageCheck: mismatch, suspect and segments. */
export class PageSummary {
  private mismatch = -1;
  private suspect = -1;
  private readonly segments: PageSegment[] = [];
  private segment: PageSegment | undefined;
  private index = 0;

  /** The next row; `matches` when its content and link hash to its stored hash. */
  add(
    chainId: string,
    chainPosition: number,
    globalPosition: number,
    prevHashHex: string,
    hashHex: string,
    matches: boolean,
  ): void {
    const i = this.index++;
    if (this.mismatch < 0 && !matches) this.mismatch = i;
    const segment = this.segment;
    if (segment && segment.chainId === chainId) {
      if (this.suspect < 0 && (chainPosition !== segment.last + 1 || prevHashHex !== segment.lastHash))
        this.suspect = i;
      segment.last = chainPosition;
      segment.lastHash = hashHex;
      segment.count += 1;
      if (globalPosition > segment.maxGlobalPosition) segment.maxGlobalPosition = globalPosition;
    } else {
      if (segment && this.suspect < 0 && (chainPosition !== 1 || prevHashHex !== GENESIS_HEX))
        this.suspect = i;
      this.segment = {
        chainId,
        first: chainPosition,
        firstPrevHash: prevHashHex,
        last: chainPosition,
        lastHash: hashHex,
        count: 1,
        maxGlobalPosition: globalPosition,
      };
      this.segments.push(this.segment);
    }
  }

  result(): PageCheck {
    return { mismatch: this.mismatch, suspect: this.suspect, segments: this.segments };
  }
}
