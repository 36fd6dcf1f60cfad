import pg, { escapeLiteral } from 'pg';
import { copyRows, jsonValue } from './copy-rows';
import { type DocKind, docId, emptyDoc, type HeldDoc, type Row, type TableSpec } from './fold';
import type { Tx } from './types';

const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;

/**
 * Rows as read for a fold, in the form they are written back: dates and times stay Postgres' text
 * (no time zone shift on the way through a Date), numeric and bigint stay strings (exact).
 */
export const rowTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID || oid === TIMESTAMP_OID || oid === TIMESTAMPTZ_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

/** Rows per INSERT: one JSON parameter each, well under Postgres' 1 GB limit for a value. */
const ROWS_PER_INSERT = 20_000;

function byKind(docs: readonly HeldDoc[]): Map<DocKind, HeldDoc[]> {
  const out = new Map<DocKind, HeldDoc[]>();
  for (const d of docs) {
    const group = out.get(d.kind);
    if (group) group.push(d);
    else out.set(d.kind, [d]);
  }
  return out;
}

const list = (columns: readonly string[]) => columns.join(', ');

/** A statement that reads one table's rows of some documents, and where those rows go. */
export interface LoadStatement {
  /** Self-contained (keys inlined as a literal), so several go to Postgres in one round trip. */
  text: string;
  fill(rows: readonly Row[]): void;
}

/** JSON as an SQL literal of type json (json_populate_recordset's input). */
const jsonLiteral = (json: string) => `${escapeLiteral(json)}::json`;

/** The statements reading the rows of the given documents (one per table); empties the documents first. */
export function loadStatements(docs: readonly HeldDoc[]): LoadStatement[] {
  for (const d of docs) d.doc = emptyDoc(d.kind);
  const statements: LoadStatement[] = [];
  for (const [kind, held] of byKind(docs)) {
    const byId = new Map(held.map((d) => [docId(kind, d.key), d]));
    for (const spec of kind.tables) {
      const keys = held.map((d) => Object.fromEntries(spec.key.map((c, i) => [c, d.key[i]])));
      statements.push({
        text: `select ${list(spec.columns)} from ${spec.table}
               where (${list(spec.key)}) in (select ${list(spec.key)} from json_populate_recordset(null::${spec.table}, ${jsonLiteral(JSON.stringify(keys))}))`,
        fill(rows) {
          for (const row of rows) {
            const d = byId.get(
              docId(
                kind,
                spec.key.map((c) => row[c]),
              ),
            );
            d?.doc[spec.table]?.push(row);
          }
        },
      });
    }
  }
  return statements;
}

/** Reads the rows of the given documents (one query per table) and fills them in. */
export async function loadDocs(tx: Tx, docs: readonly HeldDoc[]): Promise<void> {
  for (const statement of loadStatements(docs)) {
    const { rows } = await (tx as pg.ClientBase).query<Row>({ text: statement.text, types: rowTypes });
    statement.fill(rows);
  }
}

function insertStatements(spec: TableSpec, rows: readonly Row[]): string[] {
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    statements.push(
      `insert into ${spec.table} (${list(spec.columns)})
       select ${list(spec.columns)} from json_populate_recordset(null::${spec.table}, ${jsonLiteral(rowsJson(rows.slice(i, i + ROWS_PER_INSERT)))})`,
    );
  }
  return statements;
}

/**
 * Rows as JSON, bigints as exact strings. A replacer makes JSON.stringify call back into JS for every
 * value (a rebuild writes every row of every model), so it is used only for rows that hold a bigint:
 * on one, JSON.stringify throws a TypeError before writing anything.
 */
function rowsJson(rows: readonly Row[]): string {
  try {
    return JSON.stringify(rows);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(rows, jsonValue);
  }
}

/** The documents' rows, gathered by table. */
export function rowsByTable(docs: readonly HeldDoc[]): Map<TableSpec, Row[]> {
  const out = new Map<TableSpec, Row[]>();
  for (const d of docs) {
    for (const spec of d.kind.tables) {
      const rows = d.doc[spec.table] ?? [];
      if (rows.length === 0) continue;
      const all = out.get(spec) ?? [];
      for (const row of rows) all.push(row);
      out.set(spec, all);
    }
  }
  return out;
}

/**
 * The statements replacing the stored rows of the given documents with theirs (delete by key, then
 * insert), self-contained so they can go to Postgres in one round trip.
 */
export function replaceStatements(docs: readonly HeldDoc[]): string[] {
  const statements: string[] = [];
  for (const [kind, held] of byKind(docs)) {
    for (const spec of kind.tables) {
      const keys = held.map((d) => Object.fromEntries(spec.key.map((c, i) => [c, d.key[i]])));
      statements.push(
        `delete from ${spec.table}
         where (${list(spec.key)}) in (select ${list(spec.key)} from json_populate_recordset(null::${spec.table}, ${jsonLiteral(JSON.stringify(keys))}))`,
      );
    }
  }
  for (const [spec, rows] of rowsByTable(docs)) statements.push(...insertStatements(spec, rows));
  return statements;
}

/** Replaces the stored rows of the given documents with theirs (delete by key, then insert). */
export async function replaceDocs(tx: Tx, docs: readonly HeldDoc[]): Promise<void> {
  for (const statement of replaceStatements(docs)) await tx.query(statement);
}

/** Writes every document into empty tables with COPY (the rebuild, after it emptied them). */
export async function insertDocs(client: pg.ClientBase, docs: readonly HeldDoc[]): Promise<void> {
  await copyTables(client, rowsByTable(docs));
}

/** Writes rows gathered by table (rowsByTable) into empty tables with COPY. */
export async function copyTables(
  client: pg.ClientBase,
  tables: ReadonlyMap<TableSpec, Row[]>,
): Promise<void> {
  for (const [spec, rows] of tables) await copyRows(client, spec, rows);
}
