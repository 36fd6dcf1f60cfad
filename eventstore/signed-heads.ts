import type pg from 'pg';
import { type KeyRing, type SignedHead, signHead } from './signing';
import { EventStore } from './store';

interface Row {
  chain_id: string;
  position: string;
  hash: string;
  signed_at: Date;
  key_id: string;
  signature: string;
}

const toSignedHead = (r: Row): SignedHead => ({
  chainId: r.chain_id,
  position: Number(r.position),
  hash: r.hash,
  signedAt: r.signed_at.toISOString(),
  keyId: r.key_id,
  signature: r.signature,
});

/** Signs the current head of the given chains (default: every chain) and keeps a copy in signed_heads. */
export async function signChainHeads(
  pool: pg.Pool,
  ring: KeyRing,
  chainIds?: readonly string[],
): Promise<SignedHead[]> {
  const store = new EventStore(pool);
  const heads = chainIds
    ? await Promise.all(chainIds.map((c) => store.chainHead(c)))
    : await store.chainHeads();
  const signed = heads.map((h) => signHead(h, ring));
  if (signed.length > 0) {
    await pool.query(
      `insert into signed_heads (chain_id, position, hash, signed_at, key_id, signature)
       select * from unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
       on conflict do nothing`,
      [
        signed.map((h) => h.chainId),
        signed.map((h) => h.position),
        signed.map((h) => h.hash),
        signed.map((h) => h.signedAt),
        signed.map((h) => h.keyId),
        signed.map((h) => h.signature),
      ],
    );
  }
  return signed;
}

/** The heads signed for a chain, oldest first. */
export async function storedSignedHeads(
  pool: Pick<pg.Pool, 'query'>,
  chainId: string,
): Promise<SignedHead[]> {
  const { rows } = await pool.query<Row>(
    'select * from signed_heads where chain_id = $1 order by signed_at, key_id',
    [chainId],
  );
  return rows.map(toSignedHead);
}
