import type pg from 'pg';
import { ChainWalker, checkAgainstHeads } from './chain-walk';
import type { HashWorkers } from './hash-workers';
import { checkPage, type PageCheck, pageVerifyRows } from './page-check';
import { connectionOf } from './pool-connection';
import type { PageRange } from './range-check';
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
  /** Hashes a page (default: checkPage on this thread); see hash-workers.ts for worker threads. */
  checkPage?: (pageText: string) => Promise<PageCheck>;
  /**
   * Hash worker threads that read the pages themselves on connections of their own (checkRange), so the
   * rows never pass through this thread; needs a pool whose settings a thread can take (connectionOf in
   * pool-connection.ts; else checkPage).
   */
  workers?: HashWorkers;
  /** Pages read and hashed ahead of the walk (default 4). */
  pipelineDepth?: number;
}

// A page: one chain's events in a range of chain positions, as one JSON text (parsed where it is
// hashed, on a worker thread when one is used). Positions are consecutive from 1 in an intact chain, so
// pages are known before they are read and several are read at once; a gap only makes a page shorter.
const PAGE_SQL = `
  select json_agg(json_build_array(chain_id, chain_position, global_position, stream_id, stream_version,
           event_id, type, schema_version, data, metadata, encode(prev_hash, 'hex'), encode(hash, 'hex'))
           order by chain_position)::text as page
  from events where chain_id = $1 and chain_position between $2 and $3`;

// Every chain with its newest position, found by skipping along the (chain_id, chain_position) index.
const CHAINS_SQL = `
  with recursive c as (
    (select chain_id from events order by chain_id limit 1)
    union all
    select (select e.chain_id from events e where e.chain_id > c.chain_id order by e.chain_id limit 1)
    from c where c.chain_id is not null)
  select c.chain_id, (select max(e.chain_position) from events e where e.chain_id = c.chain_id) as head
  from c where c.chain_id is not null order by c.chain_id`;

type Page = PageRange;

/** The pages of the chains to walk, in walk order (chain, position). */
function* pagesOf(chains: { chain_id: string; head: string }[], from: number, size: number) {
  for (const c of chains) {
    for (let lo = from; lo <= Number(c.head); lo += size)
      yield { chainId: c.chain_id, from: lo, to: Math.min(lo + size - 1, Number(c.head)) } as Page;
  }
}

/**
 * Walks the hash chains in (chain, position) order and names the first event that does not check out
 * (see ChainWalker); then, given signed heads, checks that no chain lost or rewrote its newest events.
 * Pages are ranges of chain positions read on the (chain_id, chain_position) index.
 */
export async function verifyChains(pool: pg.Pool, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 5000;
  const from = options.from ?? 1;
  if (!Number.isSafeInteger(from) || from < 1)
    throw new RangeError(`from must be a position >= 1, got ${from}`);
  if (from > 1 && options.chainId === undefined) throw new RangeError('from needs a chainId');
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

  const chains =
    chain === null
      ? (await pool.query<{ chain_id: string; head: string }>(CHAINS_SQL)).rows
      : (
          await pool.query<{ chain_id: string; head: string }>(
            'select $1::text as chain_id, coalesce(max(chain_position), 0) as head from events where chain_id = $1',
            [chain],
          )
        ).rows;
  const fetch = async (page: Page) => {
    const { rows } = await pool.query<{ page: string | null }>({
      name: 'verify_page',
      text: PAGE_SQL,
      values: [page.chainId, page.from, page.to],
    });
    return rows[0]?.page ?? null;
  };
  const movedFrom = async (chainId: string, hash: Buffer, notAt: number) => {
    const { rows } = await pool.query<{ chain_position: string }>(
      'select chain_position from events where chain_id = $1 and hash = $2 and chain_position <> $3 limit 1',
      [chainId, hash, notAt],
    );
    return rows[0] ? Number(rows[0].chain_position) : undefined;
  };

  // Pages are read and hashed ahead of the walk (up to `depth` in flight: reads on several connections,
  // hashes on worker threads), while the walk itself takes them strictly in order: a page whose rows all
  // check out in one step, a suspect page row by row, so the failure is named exactly as before.
  // With workers that read for themselves, only the pages' summaries reach this thread; a page that is
  // not clean is read again here and checked the general way (checkPage), which names the failure.
  const depth = options.pipelineDepth ?? Math.max(4, 2 * (options.workers?.size ?? 0));
  const connection = options.workers ? connectionOf(pool) : undefined;
  const workers = options.workers;
  const hashPage =
    options.checkPage ?? (workers ? workers.checkPage : async (text: string) => checkPage(text));
  const check = async (page: Page): Promise<{ text?: string; check: PageCheck } | null> => {
    if (workers && connection) return { check: await workers.checkRange(page, connection) };
    const text = await fetch(page);
    return text ? { text, check: await hashPage(text) } : null;
  };
  const pages = pagesOf(chains, chain === null ? 1 : from, batchSize);
  const queue: { page: Page; done: Promise<{ text?: string; check: PageCheck } | null> }[] = [];
  for (;;) {
    while (queue.length < depth) {
      const page = pages.next();
      if (page.done) break;
      const done = check(page.value);
      done.catch(() => {}); // awaited below; an early return must not leave it unhandled
      queue.push({ page: page.value, done });
    }
    const next = queue.shift();
    if (!next) break;
    const done = await next.done;
    if (!done || walker.advance(done.check)) continue;
    const text = done.text ?? (await fetch(next.page));
    if (!text) continue;
    const exact = done.text ? done.check : checkPage(text);
    if (!done.text && walker.advance(exact)) continue;
    const failure = await walker.page(pageVerifyRows(text), exact.mismatch, movedFrom);
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
