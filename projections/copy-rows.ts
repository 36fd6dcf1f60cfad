import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Row, TableSpec } from './fold';

/**
 * How a column takes a row's value, the way json_populate_recordset (the incremental path) reads a
 * JSON value into it: an array literal, JSON text, or the scalar's text.
 */
type ColumnForm = 'array' | 'json' | 'scalar';

const forms = new Map<string, Promise<Map<string, ColumnForm>>>();

/** The form of every column of a table, from the catalog (once per table and process). */
export function columnForms(client: pg.ClientBase, table: string): Promise<Map<string, ColumnForm>> {
  let known = forms.get(table);
  if (!known) {
    known = client
      .query<{ name: string; category: string; type: string }>(
        `select a.attname as name, t.typcategory as category, t.typname as type
         from pg_attribute a join pg_type t on t.oid = a.atttypid
         where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped`,
        [table],
      )
      .then(
        ({ rows }) =>
          new Map(
            rows.map((r): [string, ColumnForm] => [
              r.name,
              r.category === 'A' ? 'array' : r.type === 'json' || r.type === 'jsonb' ? 'json' : 'scalar',
            ]),
          ),
      );
    known.catch(() => forms.delete(table));
    forms.set(table, known);
  }
  return known;
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A field of COPY's text format: backslash, tab and line breaks escaped. */
function escapeField(text: string): string {
  if (!COPY_SPECIAL.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** A JSON.stringify replacer: bigint amounts (öre) as exact strings (both write paths use it). */
export const jsonValue = (_key: string, value: unknown) =>
  typeof value === 'bigint' ? value.toString() : value;

/** A scalar as JSON would carry it to json_populate_recordset (null: the column is NULL). */
function scalarText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : null; // JSON has no NaN or Infinity: null
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
    default: {
      if (value === null) return null;
      const json = JSON.stringify(value, jsonValue);
      // A Date (or anything with toJSON) that gives a string: the string; an object: its JSON text.
      return json.startsWith('"') ? (JSON.parse(json) as string) : json;
    }
  }
}

function arrayElement(value: unknown): string {
  const text = scalarText(value);
  return text === null ? 'NULL' : `"${text.replace(/["\\]/g, '\\$&')}"`;
}

function fieldText(value: unknown, form: ColumnForm): string | null {
  if (value === null || value === undefined) return null;
  if (form === 'json') return JSON.stringify(value, jsonValue) ?? null;
  if (form === 'array' && Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  return scalarText(value);
}

/** A column's field of COPY's text format from a row's value: \\N for NULL, else escaped text. */
function fieldOf(form: ColumnForm): (value: unknown) => string {
  if (form === 'json')
    return (value) => {
      const text = value === null || value === undefined ? undefined : JSON.stringify(value, jsonValue);
      return text === undefined ? '\\N' : escapeField(text);
    };
  return (value) => {
    const text = fieldText(value, form);
    return text === null ? '\\N' : escapeField(text);
  };
}

/** Rows in COPY's text format, the spec's columns in order. */
export function copyText(
  spec: TableSpec,
  rows: readonly Row[],
  forms: ReadonlyMap<string, ColumnForm>,
): string {
  const names = spec.columns;
  const fields = names.map((name) => fieldOf(forms.get(name) ?? 'scalar'));
  const lines: string[] = new Array(rows.length + 1);
  const line: string[] = new Array(names.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    for (let c = 0; c < names.length; c++)
      line[c] = (fields[c] as (value: unknown) => string)(row[names[c] as string]);
    lines[r] = line.join('\t');
  }
  lines[rows.length] = '';
  return lines.join('\n');
}

/** Rows per chunk written to the COPY stream (a few hundred KB each). */
const CHUNK_ROWS = 2000;

/**
 * Writes rows into a table with COPY: one statement, the rows as text, no JSON for Postgres to parse
 * (the bulk path of a rebuild; the values read as json_populate_recordset would read them).
 */
export async function copyRows(client: pg.ClientBase, spec: TableSpec, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const forms = await columnForms(client, spec.table);
  const chunks = function* () {
    for (let i = 0; i < rows.length; i += CHUNK_ROWS)
      yield copyText(spec, rows.slice(i, i + CHUNK_ROWS), forms);
  };
  await copyChunks(client, spec, chunks());
}

/**
 * Writes rows already in COPY's text format (copyText, e.g. of another thread), as text or UTF-8 bytes,
 * into a table.
 */
export async function copyRowsText(
  client: pg.ClientBase,
  spec: TableSpec,
  text: string | Uint8Array,
): Promise<void> {
  if (text.length === 0) return;
  await copyChunks(client, spec, [text]);
}

async function copyChunks(
  client: pg.ClientBase,
  spec: TableSpec,
  chunks: Iterable<string | Uint8Array>,
): Promise<void> {
  const stream = client.query(copyFrom(`copy ${spec.table} (${spec.columns.join(', ')}) from stdin`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await done;
}
