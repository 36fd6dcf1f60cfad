/**
 * The gap-safe cutoff of the global log: a reader following global positions takes only rows whose
 * transaction id is below it, so an event that commits late never lands behind a position the reader
 * has passed.
 *
 * append_events draws its transaction id and its positions under one short lock, so among appends,
 * positions follow transaction ids. Holding back everything at or above the snapshot's xmin is then
 * enough, but it waits for every transaction that has an id, appends or not: each read model's batch, a
 * relay checkpoint, a mail send. With projections writing all the time the relay waited about one
 * projection transaction for every event.
 *
 * The cutoff is therefore the lowest id in the snapshot's list of running transactions that may be an
 * append. An append takes its chain's lock (advisory, class 1634890600, two-key form) before its
 * transaction gets an id and holds it until it ends, and it must be the first write of its transaction.
 * So a transaction that still runs when pg_locks is read (after the snapshot was taken, in the same
 * statement) and whose backend holds no such lock is not an append, and never becomes one. Every other
 * running id counts: an append's, or one that ended between the snapshot and the read of pg_locks
 * (unknown, so held back). pg_locks is read once (materialised): its advisory and transaction id locks
 * come from the one lock table read under all its partition locks, so they agree with each other.
 * pg_locks shows transaction ids as 32-bit xid; the snapshot's are xid8, compared on their low 32 bits.
 */
export const CHAIN_LOCK_CLASS = 1634890600;

/** A CTE `cutoff(xid)`: events with `transaction_id < cutoff.xid` are safe to pass (see above). */
export const GAP_SAFE_CUTOFF = `
  locks as materialized (
    select pid, locktype, classid, objsubid, transactionid, mode from pg_locks where granted),
  not_appending as (
    select t.transactionid::text::bigint as xid32 from locks t
    where t.locktype = 'transactionid' and t.mode = 'ExclusiveLock'
      and not exists (select 1 from locks a where a.pid = t.pid and a.locktype = 'advisory'
                      and a.classid = ${CHAIN_LOCK_CLASS} and a.objsubid = 2)),
  cutoff as (
    select coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot())) as xid
    from pg_snapshot_xip(pg_current_snapshot()) x
    where (x::text::bigint & 4294967295) not in (select xid32 from not_appending))`;
