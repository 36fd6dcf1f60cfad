import type pg from 'pg';
import { escapeLiteral } from 'pg';
import type { EventStore, RecordedEvent } from '../eventstore';
import { type ApplyOptions, foldOver, sequenceEvents, toProjectionEvent } from './apply';
import { type LoadStatement, loadStatements, replaceStatements, rowTypes } from './doc-store';
import { type Row, touchedDocs } from './fold';
import type { Projection, ProjectionEvent } from './types';

/**
 * Applies one Kafka batch to a read model in one transaction with its checkpoint, in two round trips:
 *
 * 1. begin, the checkpoint row's lock, and the rows of every document the batch touches if all of it
 *    is new (the usual case: a dry run of the fold before the transaction finds them);
 * 2. the documents' rows written back, the checkpoint moved, commit.
 *
 * The statements of each round trip go as one simple-protocol query (node-postgres does not pipeline,
 * and parameters would allow one statement per query), so values are inlined as escaped literals. A
 * statement that fails skips the rest of its round trip and the transaction rolls back, as before.
 * Redelivered events (at or below the checkpoint) change nothing; a hole before the next event is read
 * from the store; either makes the batch's documents differ from the guess, which costs one more round
 * trip to load them. The commit does not wait for its WAL flush: a crash can lose the last batches, but
 * rows and checkpoint together, so Kafka or the store give them again and nothing is half done.
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
  const parse = parseOnce(toEvent);
  const types: ReadonlySet<string> = new Set(projection.eventTypes);
  const allNew = events.flatMap((e) => (types.has(e.type) ? (parse.quiet(e) ?? []) : []));
  let held = touchedDocs(projection.fold, allNew);
  let loads = loadStatements(held);
  const name = escapeLiteral(projection.name);
  const lock = `select position from projection_checkpoints where name = ${name} for update`;

  const client = await pool.connect();
  onBegun();
  let broken = false;
  try {
    const first = await queryAll(client, [
      'begin',
      'set local synchronous_commit = off',
      lock,
      ...loads.map((l) => l.text),
    ]);
    let locked = first[2]?.rows ?? [];
    fill(loads, first.slice(3));
    if (locked.length === 0) {
      // The read model's first batch: its checkpoint row is created once.
      const created = await queryAll(client, [
        `insert into projection_checkpoints (name) values (${name}) on conflict do nothing`,
        lock,
      ]);
      locked = created[1]?.rows ?? [];
    }
    const position = Number(locked[0]?.position ?? 0);

    const { applied, toFold } = await sequenceEvents(projection, position, events, {
      warn,
      fill: (after, before) => store.readAll({ after, limit: before - after - 1 }),
      toEvent: parse.reporting,
    });
    if (!sameEvents(toFold, allNew)) {
      held = touchedDocs(projection.fold, toFold);
      loads = loadStatements(held);
      if (loads.length)
        fill(
          loads,
          await queryAll(
            client,
            loads.map((l) => l.text),
          ),
        );
    }
    foldOver(projection, held, toFold);
    const last = applied.at(-1);
    const writes = last
      ? [
          ...replaceStatements(held),
          `update projection_checkpoints
           set position = ${last.globalPosition}, last_event_id = ${escapeLiteral(last.eventId)},
               last_recorded_at = ${escapeLiteral(last.recordedAt)}, updated_at = now()
           where name = ${name}`,
        ]
      : [];
    await queryAll(client, [...writes, 'commit']);
    return applied;
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
