import pg from 'pg';
import { CALENDAR_RULES, type CalendarRuleId, publicCitation } from '../domain/calendar/rules';
import {
  DocMap,
  insertDocs,
  PROJECTIONS,
  type Projection,
  projectionStatus,
  toProjectionEvent,
} from '../projections/index';
import { type AuditEvent, municipalityEvents } from './history';

/** A read model's rows for one municipality, table by table. */
export type ReadModelTables = Record<string, Record<string, unknown>[]>;

export type Queryable = Pick<pg.ClientBase, 'query'>;

/** Child tables that carry no municipality id: filtered through the parent row of their task. */
const PARENT_BY_TASK: Record<string, string> = {
  rm_inbox_returns: 'rm_inbox_tasks',
  rm_dialogue_proposals: 'rm_dialogues',
};

const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** JSON-friendly row values: dates as 'YYYY-MM-DD', instants as ISO strings, bigints as numbers. */
export const jsonTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (v: string) => v;
    if (oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID) return (v: string) => new Date(v).toISOString();
    // numeric holds money in öre (exact sums at any size): a string in JSON, never a rounded number.
    if (oid === NUMERIC_OID) return (v: string) => v;
    if (oid === INT8_OID) {
      return (v: string) => {
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : v;
      };
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

export function findProjection(name: string): Projection | undefined {
  return PROJECTIONS.find((p) => p.name === name);
}

const columnCache = new WeakMap<object, Map<string, Set<string>>>();

async function columnsOf(
  db: Queryable,
  cacheKey: object,
  tables: string[],
): Promise<Map<string, Set<string>>> {
  const cached = columnCache.get(cacheKey);
  if (cached && tables.every((t) => cached.has(t))) return cached;
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = 'public' and table_name = any($1::text[])`,
    [tables],
  );
  const map = cached ?? new Map<string, Set<string>>();
  for (const t of tables) map.set(t, new Set());
  for (const r of rows) map.get(r.table_name)?.add(r.column_name);
  columnCache.set(cacheKey, map);
  return map;
}

/** Tables listed by a name people read: in Swedish order (the `sv` ICU collation, a migration's). */
const SORTED_BY_NAME: Record<string, string> = {
  rm_municipalities: 'name',
  rm_organs: 'name',
  rm_goal_council: 'title',
  rm_goal_organ: 'title',
  rm_goal_indicators: 'name',
};

/** `name collate public.sv`: Swedish order for a text column in SQL. */
export const swedishOrder = (column: string): string => `${column} collate public.sv`;

function orderBy(columns: Set<string>, table: string): string {
  const byName = SORTED_BY_NAME[table];
  if (byName && columns.has(byName)) {
    const year = columns.has('budget_year') ? 'budget_year, ' : '';
    return ` order by ${year}${swedishOrder(byName)}`;
  }
  const keys = [
    'budget_year',
    'organ_id',
    'phase_order',
    'phase',
    'stage',
    'task_id',
    'goal_id',
    'indicator_id',
    'measured_on',
    'plan_year',
    'revision',
    'seq',
  ].filter((c) => columns.has(c));
  return keys.length ? ` order by ${keys.join(', ')}` : '';
}

/**
 * Reads a projection's tables for one municipality (unqualified table names, so a transaction with
 * temporary tables of the same names reads those instead).
 */
export async function readProjectionTables(
  db: Queryable,
  projection: Projection,
  municipalityId: string,
  cacheKey: object,
): Promise<ReadModelTables> {
  const tables = [...projection.tables].reverse();
  const columns = await columnsOf(db, cacheKey, tables);
  const out: ReadModelTables = {};
  for (const table of tables) {
    const cols = columns.get(table) ?? new Set<string>();
    let where: string | null = null;
    if (cols.has('municipality_id')) where = 'municipality_id = $1';
    else if (cols.has('task_id')) {
      const parent = PARENT_BY_TASK[table] ?? 'rm_inbox_tasks';
      where = `task_id in (select task_id from ${parent} where municipality_id = $1)`;
    }
    if (where === null) continue; // not tenant-scoped: never shown
    const { rows } = await db.query({
      text: `select * from ${table} where ${where}${orderBy(cols, table)}`,
      values: [municipalityId],
      types: jsonTypes,
    });
    out[table] = rows;
  }
  return out;
}

export async function readModelNow(
  pool: pg.Pool,
  projection: Projection,
  municipalityId: string,
): Promise<{ tables: ReadModelTables; status: Awaited<ReturnType<typeof projectionStatus>>[number] | null }> {
  const [tables, status] = await Promise.all([
    readProjectionTables(pool, projection, municipalityId, pool),
    projectionStatus(pool, [projection.name]),
  ]);
  return { tables, status: status[0] ?? null };
}

/** The deadline-compliance view for a municipality (the projection's aggregate per organ and phase). */
export async function readView(db: Queryable, view: string, municipalityId: string) {
  const { rows } = await db.query({
    text: `select * from ${view} where municipality_id = $1 order by 1, 2, 3, 4`,
    values: [municipalityId],
    types: jsonTypes,
  });
  return rows;
}

/**
 * Read models as they were on a date: the projection handlers replayed over the municipality's
 * events with occurredAt <= asOf, into temporary tables (same names, so they shadow the real ones)
 * inside a transaction that is rolled back. The real read models are never touched.
 */
export async function readModelsAsOf(
  pool: pg.Pool,
  municipalityId: string,
  asOf: string,
  projections: readonly Projection[] = PROJECTIONS,
): Promise<{
  asOf: string;
  events: number;
  readModels: Record<string, ReadModelTables>;
  views: ReadModelTables;
}> {
  return withReadModelsAsOf(
    pool,
    municipalityId,
    asOf,
    async (client, events) => {
      const readModels: Record<string, ReadModelTables> = {};
      const cacheKey = {};
      for (const projection of projections) {
        readModels[projection.name] = await readProjectionTables(
          client,
          projection,
          municipalityId,
          cacheKey,
        );
      }
      const viewRows: ReadModelTables = {};
      for (const v of await rmViews(client)) viewRows[v] = await readView(client, v, municipalityId);
      return { asOf, events, readModels, views: viewRows };
    },
    projections,
  );
}

const rmViews = async (db: Queryable): Promise<string[]> =>
  (
    await db.query<{ viewname: string }>(
      `select viewname from pg_views where schemaname = 'public' and viewname like 'rm\\_%' order by viewname`,
    )
  ).rows.map((r) => r.viewname);

/**
 * Runs `read` against the read models as they stood at `asOf`: temporary tables (which shadow the
 * public ones of the same name) filled by replaying the municipality's events up to then, rolled back after.
 */
export async function withReadModelsAsOf<T>(
  pool: pg.Pool,
  municipalityId: string,
  asOf: string,
  read: (client: pg.PoolClient, events: number) => Promise<T>,
  projections: readonly Projection[] = PROJECTIONS,
): Promise<T> {
  // Read the events first, so the transaction below (which takes an xid) stays short.
  const events: AuditEvent[] = [];
  for (let after = 0; ; ) {
    const page = await municipalityEvents(pool, { municipalityId, after, limit: 2000, asOf });
    events.push(...page);
    if (page.length < 2000) break;
    after = page.at(-1)?.globalPosition ?? after;
  }
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    const allTables = PROJECTIONS.flatMap((p) => p.tables);
    for (const table of allTables) {
      await client.query(`create temporary table ${table} (like public.${table} including all)`);
    }
    const { rows: views } = await client.query<{ viewname: string; definition: string }>(
      `select viewname, pg_get_viewdef(format('public.%I', viewname)::regclass) as definition
       from pg_views where schemaname = 'public' and viewname like 'rm\\_%'`,
    );
    for (const v of views) {
      await client.query(`create temporary view ${v.viewname} as ${v.definition}`);
    }
    // The same folds as the live read models, in memory, written in bulk into the temporary tables.
    const models = projections.map((p) => ({ p, types: new Set<string>(p.eventTypes), docs: new DocMap() }));
    for (const recorded of events) {
      const interested = models.filter((m) => m.types.has(recorded.type));
      const event = interested.length ? toProjectionEvent(recorded) : null;
      if (!event) continue;
      for (const m of interested) m.p.fold(event, m.docs);
    }
    for (const m of models) await insertDocs(client, m.docs.held());
    return await read(client, events.length);
  } finally {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    client.release(broken);
  }
}

/**
 * Decisions (§) taken after their planned date or legal limit, with the rule's Swedish description and
 * its citation only where the citation is verified (CALENDAR_RULES' `verified`; null otherwise).
 */
export async function readDecisionDeviations(db: Queryable, municipalityId: string) {
  const { rows } = await db.query({
    text: `select budget_year, event_type, organ_id, decision_citation, subject, decided_on, rule,
                  limit_kind, deadline, days_late
           from rm_decision_deviations where municipality_id = $1
           order by budget_year, decided_on, decision_citation, limit_kind desc`,
    values: [municipalityId],
    types: jsonTypes,
  });
  return rows.map((row: { rule: string }) => {
    const rule = isCalendarRuleId(row.rule) ? CALENDAR_RULES[row.rule] : null;
    return {
      ...row,
      rule_description: rule?.description ?? null,
      rule_citation: isCalendarRuleId(row.rule) ? publicCitation(row.rule) : null,
    };
  });
}

const isCalendarRuleId = (id: string): id is CalendarRuleId => Object.hasOwn(CALENDAR_RULES, id);
