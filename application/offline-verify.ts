import {
  ChainWalker,
  checkAgainstHeads,
  firstContentMismatch,
  type HashWorkers,
  headSignatureValid,
  type KeyRing,
  type PageRow,
  type SignedHead,
  type VerifyResult,
  type VerifyRow,
} from '../eventstore/index';
import type { AuditEvent } from './history';

/** What an export (or a file of signed heads, e.g. an older export) holds. */
export interface ParsedExport {
  chainId: string | null;
  complete: boolean;
  events: AuditEvent[];
  heads: SignedHead[];
}

/** Reads NDJSON export lines; lines of other kinds are ignored. */
export function parseExport(text: string): ParsedExport {
  const parsed: ParsedExport = { chainId: null, complete: true, events: [], heads: [] };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const value = JSON.parse(line) as { kind?: string } & Record<string, unknown>;
    if (value.kind === 'export') {
      parsed.chainId = String(value.chainId);
      parsed.complete = value.complete !== false;
    } else if (value.kind === 'event') parsed.events.push(value as unknown as AuditEvent);
    else if (value.kind === 'signedHead') parsed.heads.push(value as unknown as SignedHead);
  }
  return parsed;
}

export type OfflineVerifyResult = VerifyResult & {
  /** Signed heads whose signature checked out against the trusted keys and that the chain was held to. */
  headsChecked: number;
  /** Heads that were ignored: unknown key or bad signature (never trusted). */
  headsRejected: number;
};

const toRow = (e: AuditEvent): VerifyRow => ({
  chainId: e.chainId,
  chainPosition: e.chainPosition,
  globalPosition: e.globalPosition,
  streamId: e.streamId,
  streamVersion: e.streamVersion,
  eventId: e.eventId,
  type: e.type,
  schemaVersion: e.schemaVersion,
  data: e.data,
  metadata: e.metadata,
  prevHash: Buffer.from(e.prevHash, 'hex'),
  hash: Buffer.from(e.hash, 'hex'),
});

const toPageRow = (r: VerifyRow): PageRow => [
  r.chainId,
  r.chainPosition,
  r.globalPosition,
  r.streamId,
  r.streamVersion,
  r.eventId,
  r.type,
  r.schemaVersion,
  r.data as PageRow[8],
  r.metadata as PageRow[9],
  r.prevHash.toString('hex'),
  r.hash.toString('hex'),
];

type MovedFrom = (chainId: string, hash: Buffer, notAt: number) => Promise<number | undefined>;

/**
 * Walks the rows (in chain order) as verify walks a chain: with workers, pages of rows are hashed on
 * them, several at once, and taken in one step when clean; a page that is not is walked row by row here,
 * so the failure is named exactly as without workers.
 */
async function walkRows(
  walker: ChainWalker,
  rows: readonly VerifyRow[],
  movedFrom: MovedFrom,
  workers: HashWorkers | undefined,
  pageSize: number,
) {
  if (!workers) return walker.page(rows, firstContentMismatch(rows), movedFrom);
  const pages: VerifyRow[][] = [];
  for (let i = 0; i < rows.length; i += pageSize) pages.push(rows.slice(i, i + pageSize));
  const depth = 2 * workers.size;
  const start = (page: VerifyRow[]) => {
    const check = workers.checkPage(JSON.stringify(page.map(toPageRow)));
    check.catch(() => {}); // awaited in turn; an early return must not leave it unhandled
    return check;
  };
  const checks = pages.slice(0, depth).map(start);
  for (const [i, page] of pages.entries()) {
    const next = pages[i + depth];
    if (next) checks.push(start(next));
    const check = checks[i];
    if (check && walker.advance(await check)) continue;
    const failure = await walker.page(page, firstContentMismatch(page), movedFrom);
    if (failure) return failure;
  }
  return null;
}

/**
 * Checks an export without the database: the chain (as verify does) and, against every signed head
 * whose signature the trusted keys accept, that no event up to the head is missing or was rewritten.
 */
export async function verifyExport(
  exported: ParsedExport,
  trusted: Pick<KeyRing, 'keys'>,
  extraHeads: readonly SignedHead[] = [],
  options: { workers?: HashWorkers; pageSize?: number } = {},
): Promise<OfflineVerifyResult> {
  const chainId = exported.chainId ?? exported.events[0]?.chainId ?? '';
  const rows = exported.events
    .filter((e) => e.chainId === chainId)
    .map(toRow)
    .sort((a, b) => a.chainPosition - b.chainPosition);
  const allHeads = [...exported.heads, ...extraHeads].filter((h) => h.chainId === chainId);
  const good = allHeads.filter((h) => headSignatureValid(h, trusted));
  const counts = { headsChecked: good.length, headsRejected: allHeads.length - good.length };
  if (!exported.complete) {
    const walker = new ChainWalker();
    walker.startChain(chainId);
    return {
      ...walker.failure('gap', 'an as-of export leaves events out; export without --as-of', 1, null),
      ...counts,
    };
  }
  const byHash = new Map(rows.map((r) => [r.hash.toString('hex'), r.chainPosition]));
  const byPosition = new Map(rows.map((r) => [r.chainPosition, r.hash.toString('hex')]));
  const walker = new ChainWalker();
  walker.startChain(chainId);
  const movedFrom = async (_c: string, hash: Buffer, notAt: number) => {
    const at = byHash.get(hash.toString('hex'));
    return at !== undefined && at !== notAt ? at : undefined;
  };
  const failure =
    (await walkRows(walker, rows, movedFrom, options.workers, options.pageSize ?? 5000)) ??
    (await checkAgainstHeads(walker.heads, good, async (_c, p) => byPosition.get(p), walker.count));
  if (failure) return { ...failure, ...counts };
  return {
    ok: true,
    count: walker.count,
    chains: 1,
    lastPosition: walker.heads.get(chainId)?.position ?? 0,
    ...counts,
  };
}
