import type pg from 'pg';
import { escapeLiteral } from 'pg';
import type { EventStore, RecordedEvent } from '../eventstore';
import { type ApplyOptions, foldOver, sequenceEvents, toProjectionEvent } from './apply';
import { type LoadStatement, loadStatements, replaceStatements, rowTypes } from './doc-store';
import { type HeldDoc, type Row, touchedDocs } from './fold';
import type { Projection, ProjectionEvent } from './types';

/**
 * Applies one Kafka batch to a read model in one transaction with its checkpoint, in two round trips
 * (see applyBatchTogether, of which this is the one-model case).
 */
export async function applyBatch(
  pool: pg.Pool,
  store: EventStore,
  projection: Projection,
  events: readonly RecordedEvent[],
  warn: (line: string) => void = () => {},
  onBegun: () => void = () => {},
  toEvent: NonNullable<ApplyOptions['toEvent']> = toProjectionEvent,
): Promise<RecordedEvent[]> {
  const [applied] = await applyBatchTogether(pool, store, [projection], events, () => warn, onBegun, toEvent);
  return applied ?? [];
}

/** One read model's part of a batch: the documents held, its checkpoint and what it applies. */
interface ModelPart {
  projection: Projection;
  name: string;
  allNew: ProjectionEvent[];
  held: HeldDoc[];
  loads: LoadStatement[];
  applied: RecordedEvent[];
}

/**
 * Applies one Kafka batch to several read models in one transaction with their checkpoints, in two
 * round trips:
 *
 * 1. begin, the checkpoint rows' locks, and the rows of every document the batch touches in each read
 *    model if all of it is new (the usual case: a dry run of each fold before the transaction finds
 *    them);
 * 2. the documents' rows written back, the checkpoints moved (one statement for all), commit.
 *
 * One transaction for the read models of a process instead of one each: two round trips and one
 * commit per batch instead of two and one per read model. Each read model keeps its own checkpoint and
 * sequence (a read model behind the others gets its hole from the store). Returns, per read model in
 * the order given, the events it moved over.
 *
 * The statements of each round trip go as one simple-protocol query (node-postgres does not pipeline,
 * and parameters would allow one statement per query), so values are inlined as escaped literals. A
 * statement that fails skips the rest of its round trip and the transaction rolls back, as before.
 * Redelivered events (at or below the checkpoint) change nothing; a hole before the next event is read
 * from the store; either makes a read model's documents differ from the guess, which costs one more
 * round trip to load them. The commit does not wait for its WAL flush: a crash can lose the last
 * batches, but rows and checkpoints together, so Kafka or the store give them again and nothing is half
 * done.
 */
export async function applyBatchTogether(
  pool: pg.Pool,
  store: EventStore,
  projections: readonly Projection[],
  events: readonly RecordedEvent[],
  warnFor: (projection: Projection) => (line: string) => void = () => () => {},
  onBegun: () => void = () => {},
  toEvent: NonNullable<ApplyOptions['toEvent']> = toProjectionEvent,
): Promise<RecordedEvent[][]> {
  const parse = parseOnce(toEvent);
  const parts: ModelPart[] = projections.map((projection) => {
    const types: ReadonlySet<string> = new Set(projection.eventTypes);
    const allNew = events.flatMap((e) => (types.has(e.type) ? (parse.quiet(e) ?? []) : []));
    const held = touchedDocs(projection.fold, allNew);
    return {
      projection,
      name: escapeLiteral(projection.name),
      allNew,
      held,
      loads: loadStatements(held),
      applied: [],
    };
  });
  const names = parts.map((p) => p.name).join(', ');
  // In name order, as every transaction that locks more than one checkpoint row does.
  const lock = `select name, position from projection_checkpoints where name in (${names}) order by name for update`;

  const client = await pool.connect();
  onBegun();
  let broken = false;
  try {
    const first = await queryAll(client, [
      'begin',
      'set local synchronous_commit = off',
      lock,
      ...parts.flatMap((p) => p.loads.map((l) => l.text)),
    ]);
    let locked = first[2]?.rows ?? [];
    fill(
      parts.flatMap((p) => p.loads),
      first.slice(3),
    );
    if (locked.length < parts.length) {
      // A read model's first batch: its checkpoint row is created once.
      const created = await queryAll(client, [
        `insert into projection_checkpoints (name) values ${parts.map((p) => `(${p.name})`).join(', ')} on conflict do nothing`,
        lock,
      ]);
      locked = created[1]?.rows ?? [];
    }
    const positions = new Map(locked.map((r) => [String(r.name), Number(r.position ?? 0)]));

    const reloads: LoadStatement[] = [];
    const toFoldOf = new Map<ModelPart, ProjectionEvent[]>();
    for (const part of parts) {
      const { applied, toFold } = await sequenceEvents(
        part.projection,
        positions.get(part.projection.name) ?? 0,
        events,
        {
          warn: warnFor(part.projection),
          fill: (after, before) => store.readAll({ after, limit: before - after - 1 }),
          toEvent: parse.reporting,
        },
      );
      part.applied = applied;
      toFoldOf.set(part, toFold);
      if (!sameEvents(toFold, part.allNew)) {
        part.held = touchedDocs(part.projection.fold, toFold);
        part.loads = loadStatements(part.held);
        reloads.push(...part.loads);
      }
    }
    if (reloads.length)
      fill(
        reloads,
        await queryAll(
          client,
          reloads.map((l) => l.text),
        ),
      );
    const writes: string[] = [];
    const moved: string[] = [];
    for (const part of parts) {
      foldOver(part.projection, part.held, toFoldOf.get(part) ?? []);
      const last = part.applied.at(-1);
      if (!last) continue;
      writes.push(...replaceStatements(part.held));
      moved.push(
        `(${part.name}, ${last.globalPosition}::bigint, ${escapeLiteral(last.eventId)}::uuid, ${escapeLiteral(last.recordedAt)}::timestamptz)`,
      );
    }
    // Every read model's checkpoint in one statement: one parse and plan per batch instead of one each.
    if (moved.length)
      writes.push(
        `update projection_checkpoints c
         set position = m.position, last_event_id = m.last_event_id,
             last_recorded_at = m.last_recorded_at, updated_at = now()
         from (values ${moved.join(', ')}) as m(name, position, last_event_id, last_recorded_at)
         where c.name = m.name`,
      );
    await queryAll(client, [...writes, 'commit']);
    return parts.map((p) => p.applied);
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Runs statements in one round trip; returns one result per statement. */
async function queryAll(
  client: pg.PoolClient,
  statements: readonly string[],
): Promise<pg.QueryResult<Row>[]> {
  const result = await client.query<Row>({ text: statements.join(';\n'), types: rowTypes });
  // node-postgres returns an array for several statements, the result itself for one.
  return Array.isArray(result) ? (result as pg.QueryResult<Row>[]) : [result];
}

function fill(loads: readonly LoadStatement[], results: readonly pg.QueryResult<Row>[]): void {
  loads.forEach((load, i) => {
    load.fill(results[i]?.rows ?? []);
  });
}

const sameEvents = (a: readonly ProjectionEvent[], b: readonly ProjectionEvent[]) =>
  a.length === b.length && a.every((e, i) => e === b[i]);

/**
 * Parses each event once per batch: first quietly (the guess before the transaction), and its
 * warnings (invalid data) are told only if the event is applied, so a redelivered event warns no
 * more than it did.
 */
function parseOnce(toEvent: NonNullable<ApplyOptions['toEvent']>) {
  const parsed = new Map<RecordedEvent, { event: ProjectionEvent | null; warnings: string[] }>();
  const quiet = (recorded: RecordedEvent) => {
    let entry = parsed.get(recorded);
    if (!entry) {
      const warnings: string[] = [];
      entry = { event: toEvent(recorded, (line) => warnings.push(line)), warnings };
      parsed.set(recorded, entry);
    }
    return entry;
  };
  return {
    quiet: (recorded: RecordedEvent) => quiet(recorded).event,
    reporting: (recorded: RecordedEvent, warn: (line: string) => void) => {
      const entry = quiet(recorded);
      for (const line of entry.warnings) warn(line);
      return entry.event;
    },
  };
}
