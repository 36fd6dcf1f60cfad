import type pg from 'pg';
import { ChainWalker, checkAgainstHeads, firstContentMismatch, type VerifyRow } from './chain-walk';
import type { EventRow } from './rows';
import type { ChainHead, VerifyResult } from './types';

export interface VerifyOptions {
  /** Only this chain (a municipality id, see chainKeyOf); default: every chain. */
  chainId?: string;
  /** With chainId: first chain position to check (default 1); the event before it is trusted. */
  from?: number;
  batchSize?: number;
  /**
   * Heads signed earlier (signatures already checked, see signed-head.ts): each chain must still reach
   * its head with the same hash there, else verify reports 'truncated' or 'fork'.
   */
  signedHeads?: readonly ChainHead[];
  /** Checks a page's content hashes (default: on this thread); see hash-workers.ts for worker threads. */
  firstMismatch?: (rows: readonly VerifyRow[]) => Promise<number>;
  /** With firstMismatch: pages hashed ahead of the walk (default 4). */
  pipelineDepth?: number;
}

/** An events row as verify reads it: the store's row, with data and metadata as JSON text. */
type Row = Omit<EventRow, 'data' | 'metadata' | 'recorded_at'> & {
  chain_id: string;
  chain_position: string;
  data: string;
  metadata: string;
  prev_hash: Buffer;
  hash: Buffer;
};

const toVerifyRow = (r: Row): VerifyRow => ({
  chainId: r.chain_id,
  chainPosition: Number(r.chain_position),
  globalPosition: Number(r.global_position),
  streamId: r.stream_id,
  streamVersion: Number(r.stream_version),
  eventId: r.event_id,
  type: r.type,
  schemaVersion: r.schema_version,
  data: r.data,
  metadata: r.metadata,
  prevHash: r.prev_hash,
  hash: r.hash,
});

// data and metadata as text: parsed where they are hashed (a worker thread, when one is used).
const COLUMNS = `chain_id, chain_position, global_position, stream_id, stream_version, event_id, type,
  schema_version, data::text as data, metadata::text as metadata, prev_hash, hash`;

/**
 * Walks the hash chains in (chain, position) order and names the first event that does not check out
 * (see ChainWalker); then, given signed heads, checks that no chain lost or rewrote its newest events.
 * Pages are read by keyset on the (chain_id, chain_position) index.
 */
export async function verifyChains(pool: pg.Pool, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 2000;
  const from = options.from ?? 1;
  if (!Number.isSafeInteger(from) || from < 1)
    throw new RangeError(`from must be a position >= 1, got ${from}`);
  if (from > 1 && options.chainId === undefined) throw new RangeError('from needs a chainId');
  const firstMismatch = options.firstMismatch ?? (async (rows) => firstContentMismatch(rows));
  const walker = new ChainWalker();
  const chain = options.chainId ?? null;

  if (chain !== null) {
    let anchor: Buffer | undefined;
    if (from > 1) {
      const found = await pool.query<{ hash: Buffer }>(
        'select hash from events where chain_id = $1 and chain_position = $2',
        [chain, from - 1],
      );
      anchor = found.rows[0]?.hash;
      if (!anchor)
        return { ...walker.failure('gap', 'anchor event is missing', from - 1, null), chainId: chain };
    }
    walker.startChain(chain, from, anchor);
  }

  const fetch = (afterChain: string, afterPosition: number) =>
    pool.query<Row>(
      `select ${COLUMNS} from events
       where ($1::text is null or chain_id = $1) and (chain_id, chain_position) > ($2, $3)
       order by chain_id, chain_position limit $4`,
      [chain, afterChain, afterPosition, batchSize],
    );
  const movedFrom = async (chainId: string, hash: Buffer, notAt: number) => {
    const { rows } = await pool.query<{ chain_position: string }>(
      'select chain_position from events where chain_id = $1 and hash = $2 and chain_position <> $3 limit 1',
      [chainId, hash, notAt],
    );
    return rows[0] ? Number(rows[0].chain_position) : undefined;
  };

  // Pages are hashed ahead of the walk (up to `depth` in flight, in parallel with worker threads),
  // while the walk itself takes them strictly in order.
  const depth = options.firstMismatch ? (options.pipelineDepth ?? 4) : 1;
  const queue: { page: VerifyRow[]; mismatch: Promise<number> }[] = [];
  let cursor: [string, number] | null = [chain ?? '', chain === null ? 0 : from - 1];
  for (;;) {
    while (cursor && queue.length < depth) {
      const { rows } = await fetch(...cursor);
      const last = rows.at(-1);
      cursor = rows.length === batchSize && last ? [last.chain_id, Number(last.chain_position)] : null;
      const page = rows.map(toVerifyRow);
      const mismatch = firstMismatch(page);
      mismatch.catch(() => {}); // awaited below; an early return must not leave it unhandled
      queue.push({ page, mismatch });
    }
    const next = queue.shift();
    if (!next) break;
    const failure = await walker.page(next.page, await next.mismatch, movedFrom);
    if (failure) return failure;
  }

  if (options.signedHeads?.length) {
    const hashAt = async (chainId: string, position: number) => {
      const { rows } = await pool.query<{ hash: Buffer }>(
        'select hash from events where chain_id = $1 and chain_position = $2',
        [chainId, position],
      );
      return rows[0]?.hash.toString('hex');
    };
    const relevant = options.signedHeads.filter((h) => chain === null || h.chainId === chain);
    const failure = await checkAgainstHeads(walker.heads, relevant, hashAt, walker.count);
    if (failure) return failure;
  }
  return {
    ok: true,
    count: walker.count,
    chains: walker.chains,
    lastPosition: chain === null ? walker.maxGlobalPosition : (walker.heads.get(chain)?.position ?? 0),
  };
}
