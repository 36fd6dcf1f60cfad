import type { FoldEvent } from './types';

/** A read-model row, by column name, in the form it is written as JSON (dates and amounts as strings). */
export type Row = Record<string, unknown>;

/** One table of a document: which of its columns hold the document's key, and the columns written. */
export interface TableSpec {
  table: string;
  /** The document's key, in this table's column names (same order and arity in every table of it). */
  key: readonly string[];
  /** Every column written (generated columns left out). */
  columns: readonly string[];
}

/**
 * A kind of document: the rows, in one or more tables, that one key owns (a task's inbox row and its
 * returns, a budget with its frames). A fold reads and changes whole documents, so the rebuild (all
 * documents in memory) and the incremental path (the documents a batch touches, loaded by key) run the
 * same code.
 */
export interface DocKind {
  name: string;
  tables: readonly TableSpec[];
}

/** A document's rows, by table name. */
export type Doc = Record<string, Row[]>;

/** Where a fold finds documents: get returns the document of a key, empty if it has no rows yet. */
export interface Docs {
  get(kind: DocKind, key: readonly unknown[]): Doc;
}

/** A read model's logic: changes the documents an event touches. Pure: no I/O, no clock. */
export type Fold = (event: FoldEvent, docs: Docs) => void;

export const docId = (kind: DocKind, key: readonly unknown[]) => `${kind.name}\u0000${JSON.stringify(key)}`;

export function emptyDoc(kind: DocKind): Doc {
  const doc: Doc = {};
  for (const t of kind.tables) doc[t.table] = [];
  return doc;
}

/** A document with its kind and key, as held in memory. */
export interface HeldDoc {
  kind: DocKind;
  key: readonly unknown[];
  doc: Doc;
}

/**
 * All documents in memory; get creates missing ones (the rebuild folds the whole history into it).
 * Looked up per kind, by the key itself when it is one string (a task id: most lookups), else by its
 * JSON: a rebuild looks a document up for every event of every model.
 */
export class DocMap implements Docs {
  private readonly byString = new Map<DocKind, Map<string, HeldDoc>>();
  private readonly byJson = new Map<DocKind, Map<string, HeldDoc>>();
  private readonly all: HeldDoc[] = [];

  get(kind: DocKind, key: readonly unknown[]): Doc {
    const single = key.length === 1 && typeof key[0] === 'string';
    const index = single ? this.byString : this.byJson;
    let ofKind = index.get(kind);
    if (!ofKind) {
      ofKind = new Map();
      index.set(kind, ofKind);
    }
    const id = single ? (key[0] as string) : JSON.stringify(key);
    let entry = ofKind.get(id);
    if (!entry) {
      entry = { kind, key, doc: emptyDoc(kind) };
      ofKind.set(id, entry);
      this.all.push(entry);
    }
    return entry.doc;
  }

  /** Every document, in the order they were first looked up. */
  held(): HeldDoc[] {
    return this.all;
  }
}

/** The documents a batch of events touches, found by folding it over empty documents (thrown away). */
export function touchedDocs(fold: Fold, events: readonly FoldEvent[]): HeldDoc[] {
  const scratch = new DocMap();
  for (const event of events) fold(event, scratch);
  return scratch.held();
}

// Helpers for folds over a document's rows.

/** The table's only row in a document (tables that hold one row per key). */
export const first = (doc: Doc, table: string): Row | undefined => doc[table]?.[0];

/** Sets the table's only row in a document. */
export function setFirst(doc: Doc, table: string, row: Row): void {
  doc[table] = [row];
}

/** Changes the table's only row if it exists (an UPDATE ... WHERE key). */
export function update(doc: Doc, table: string, change: (row: Row) => Row): void {
  const row = first(doc, table);
  if (row) setFirst(doc, table, change(row));
}

/** Inserts or replaces the row whose `match` columns equal the new row's (an upsert within a document). */
export function upsertRow(doc: Doc, table: string, match: readonly string[], row: Row): void {
  const rows = doc[table] ?? [];
  const at = rows.findIndex((r) => match.every((c) => r[c] === row[c]));
  if (at < 0) rows.push(row);
  else rows[at] = row;
  doc[table] = rows;
}
