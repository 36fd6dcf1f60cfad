import { parentPort } from 'node:worker_threads';
import pg from 'pg';
import { connectionKey } from '../eventstore/pool-connection';
import { docId } from './fold';
import { foldHistory } from './history';
import { PROJECTIONS } from './read-models/index';
import { copyTextOf, type FoldPartitionReply, type FoldPartitionRequest } from './rebuild-partitions';
import { threadCpuTicks } from './thread-cpu-ticks';

const pools = new Map<string, pg.Pool>();

/** A pool per database, kept for the thread's life (a rebuild after another reuses its connections). */
function poolFor(connection: pg.ClientConfig): pg.Pool {
  const key = connectionKey(connection);
  let pool = pools.get(key);
  if (!pool) {
    pool = new pg.Pool({ ...connection, max: 4, idleTimeoutMillis: 5000 });
    pool.on('error', () => {}); // an idle client's error: the next query gets a new one
    pools.set(key, pool);
  }
  return pool;
}

/**
 * Worker side of rebuild-partitions.ts: folds one partition of the log into the named read models and
 * answers with each model's documents (their ids) and rows as COPY text, ready for the writing thread.
 */
async function foldPartition(request: FoldPartitionRequest): Promise<Omit<FoldPartitionReply, 'id'>> {
  const pool = poolFor(request.connection);
  const byName = new Map(PROJECTIONS.map((p) => [p.name, p]));
  const projections = request.names.map((name) => {
    const projection = byName.get(name);
    if (!projection) throw new Error(`okänd läsmodell: ${name}`);
    return projection;
  });
  const warnings: string[] = [];
  const folded = await foldHistory(pool, projections, {
    upTo: request.upTo,
    pageSize: request.pageSize,
    partition: request.partition,
    warn: (line) => warnings.push(line),
  });
  const texts = await copyTextOf(pool, folded.models);
  return {
    models: folded.models.map((m) => ({
      name: m.projection.name,
      docIds: m.docs.held().map((d) => docId(d.kind, d.key)),
      tables: texts.get(m.projection.name) ?? [],
    })),
    events: folded.events,
    position: folded.position,
    lastPosition: folded.lastPosition,
    warnings,
    cpuTicks: threadCpuTicks(),
  };
}

parentPort?.on('message', (request: FoldPartitionRequest) => {
  foldPartition(request).then(
    (reply) =>
      parentPort?.postMessage(
        { id: request.id, ...reply },
        (reply.models ?? []).flatMap((m) => m.tables.map((t) => t.bytes.buffer as ArrayBuffer)),
      ),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
