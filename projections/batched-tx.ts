import type pg from 'pg';
import type { QueryResult } from 'pg';
import type { Tx } from './types';

/**
 * A handler transaction for rebuilds that sends the handlers' writes in batches: each write is held,
 * with its parameters written in as literals of the types Postgres infers for them (asked once per
 * statement and connection with PREPARE), and a batch goes as one multi-statement query, in order, in
 * the same transaction. A read (select, with, returning) sends the held writes first, so a handler reads
 * what the batch wrote before it. The handlers themselves stay as they are: the incremental path runs
 * the same statements one by one, so a rebuilt read model equals the incrementally built one.
 */
export class BatchedTx implements Tx {
  private held: string[] = [];

  constructor(
    private readonly client: pg.ClientBase,
    private readonly batchSize = 1000,
  ) {}

  // biome-ignore lint/suspicious/noExplicitAny: the same default as pg's own query()
  async query<R extends pg.QueryResultRow = any>(
    text: string,
    values: unknown[] = [],
  ): Promise<QueryResult<R>> {
    if (isRead(text)) {
      await this.flush();
      return this.client.query<R>(text, values);
    }
    const types = await this.parameterTypes(text);
    this.held.push(
      text.replace(/\$(\d+)/g, (_, n: string) => literal(values[Number(n) - 1], types[Number(n) - 1])),
    );
    if (this.held.length >= this.batchSize) await this.flush();
    return { rows: [], rowCount: null, command: '', oid: 0, fields: [] } as unknown as QueryResult<R>;
  }

  /** Sends the held writes; call before the transaction commits. */
  async flush(): Promise<void> {
    if (this.held.length === 0) return;
    const batch = this.held.join(';\n');
    this.held = [];
    await this.client.query(batch);
  }

  private async parameterTypes(text: string): Promise<string[]> {
    let known = typesByClient.get(this.client);
    if (!known) {
      known = new Map();
      typesByClient.set(this.client, known);
    }
    const cached = known.get(text);
    if (cached) return cached;
    const name = `rmb_${known.size}_${process.pid}`;
    await this.flush(); // PREPARE must see the tables as the held writes leave them
    await this.client.query(`prepare ${name} as ${text}`);
    const { rows } = await this.client.query<{ types: string[] }>(
      'select parameter_types::text[] as types from pg_prepared_statements where name = $1',
      [name],
    );
    await this.client.query(`deallocate ${name}`);
    const types = rows[0]?.types ?? [];
    known.set(text, types);
    return types;
  }
}

const typesByClient = new WeakMap<pg.ClientBase, Map<string, string[]>>();

const isRead = (text: string) => /^\s*(select|with)\b/i.test(text) || /\breturning\b/i.test(text);

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A parameter as a typed SQL literal: the text node-postgres would send for it, cast to its type. */
function literal(value: unknown, type: string | undefined): string {
  const cast = type ? `::${type}` : '';
  if (value === null || value === undefined) return `null${cast}`;
  return `${quote(parameterText(value))}${cast}`;
}

/** The text form node-postgres sends for a parameter (pg/lib/utils prepareValue). */
function parameterText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value)) return arrayText(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function arrayText(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayText(v);
    return `"${parameterText(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}
