import type pg from 'pg';
import { EventStore, type PagedEvent } from '../eventstore';
import { PROJECTIONS } from '../projections';
import { pagedFoldEvent } from '../projections/apply';
import { columnForms, copyText } from '../projections/copy-rows';
import { rowsByTable } from '../projections/doc-store';
import { DocMap } from '../projections/fold';
import { writeModels } from '../projections/rebuild';
import type { FoldEvent } from '../projections/types';
import { postgresCpuSeconds } from './postgres-cpu';

/**
 * Where a rebuild's CPU goes, stage by stage, in µs per event of the log: each stage of the rebuild
 * (reading pages, parsing, folding, COPY text, the writes) run alone over the whole history, several
 * rounds, the median of each. CPU time, not wall time: it holds on a loaded machine. Node's figure is
 * process.cpuUsage (every thread: the garbage collector's too), Postgres' its backends' /proc ticks.
 */
const PAGE_SIZE = 5000;

type Stage = 'read' | 'parse' | 'fold' | 'copyText' | 'write';

async function cpu<T>(postmaster: number, work: () => Promise<T> | T) {
  const node = process.cpuUsage();
  const pgBefore = postgresCpuSeconds(postmaster);
  const value = await work();
  const used = process.cpuUsage(node);
  return {
    value,
    nodeMicros: used.user + used.system,
    pgMicros: (postgresCpuSeconds(postmaster) - pgBefore) * 1e6,
  };
}

async function readAll(store: EventStore, types: string[]): Promise<PagedEvent[][]> {
  const pages: PagedEvent[][] = [];
  for (let after = 0; ; ) {
    const page = await store.readPage({ after, limit: PAGE_SIZE, types });
    if (page.coveredTo === after) return pages;
    pages.push(page.events);
    after = page.coveredTo;
  }
}

function foldAll(events: readonly FoldEvent[]) {
  const models = PROJECTIONS.map((projection) => ({ projection, docs: new DocMap() }));
  const foldersOf = new Map<string, typeof models>();
  for (const m of models)
    for (const type of m.projection.eventTypes) foldersOf.set(type, [...(foldersOf.get(type) ?? []), m]);
  for (const e of events) for (const m of foldersOf.get(e.event.type) ?? []) m.projection.fold(e, m.docs);
  return models;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The median CPU per event of the log of each stage over `rounds` rounds, Node and Postgres. */
export async function measureSplit(pool: pg.Pool, postmaster: number, logEvents: number, rounds = 5) {
  const store = new EventStore(pool);
  const types = [...new Set(PROJECTIONS.flatMap((p) => p.eventTypes))];
  const samples = new Map<Stage, { node: number[]; pg: number[] }>();
  const record = (stage: Stage, r: { nodeMicros: number; pgMicros: number }) => {
    const s = samples.get(stage) ?? { node: [], pg: [] };
    s.node.push(r.nodeMicros / logEvents);
    s.pg.push(r.pgMicros / logEvents);
    samples.set(stage, s);
  };
  const client = await pool.connect();
  const forms = new Map<string, Map<string, 'array' | 'json' | 'scalar'>>();
  try {
    for (const p of PROJECTIONS)
      for (const k of p.docs)
        for (const t of k.tables) forms.set(t.table, await columnForms(client, t.table));
  } finally {
    client.release();
  }
  const head = await store.safeHead();
  for (let round = 0; round < rounds; round++) {
    const read = await cpu(postmaster, () => readAll(store, types));
    record('read', read);
    const parsed = await cpu(postmaster, () =>
      read.value.flatMap((page) => page.flatMap((e) => pagedFoldEvent(e) ?? [])),
    );
    record('parse', parsed);
    const folded = await cpu(postmaster, () => foldAll(parsed.value));
    record('fold', folded);
    record(
      'copyText',
      await cpu(postmaster, () => {
        let length = 0;
        for (const m of folded.value)
          for (const [spec, rows] of rowsByTable(m.docs.held()))
            length += copyText(spec, rows, forms.get(spec.table) ?? new Map()).length;
        return length;
      }),
    );
    record('write', await cpu(postmaster, () => writeModels(pool, folded.value, head)));
  }
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return Object.fromEntries(
    [...samples].map(([stage, s]) => [
      stage,
      { nodeCpuMicrosPerEvent: round1(median(s.node)), postgresCpuMicrosPerEvent: round1(median(s.pg)) },
    ]),
  ) as Record<Stage, { nodeCpuMicrosPerEvent: number; postgresCpuMicrosPerEvent: number }>;
}
