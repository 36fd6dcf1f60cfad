import type pg from 'pg';

/**
 * A prepared statement run through the pg driver's Submittable interface, for a statement whose reply is
 * one row of text (append_events' call). The driver's Query sends Describe with every execution and
 * builds a Result from the RowDescription: type parsers, field objects, a row object. This sends Bind,
 * Execute and Sync only (Parse once per connection, as a named Query does) and hands back the row's
 * fields as the text Postgres sent, or undefined when there was no row.
 */
export type TextRow = (string | null)[];

/** What of the driver's connection a submittable uses (not in pg's typings). */
interface DriverConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  stream: { cork?: () => void; uncork?: () => void };
  parse(config: { text: string; name: string; types: number[] }): void;
  bind(config: { statement: string; values: readonly (string | Buffer | null)[] }): void;
  execute(config: { portal: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

class TextRowCall {
  /** Set by the driver (client.query); pg-pool's callback releases the client. */
  callback?: (error: Error | null, row?: TextRow) => void;
  private row: TextRow | undefined;
  private settle?: { resolve(row: TextRow | undefined): void; reject(error: Error): void };

  /** The outcome, for a caller that submits to a client directly (client.query then returns the call). */
  whenDone(): Promise<TextRow | undefined> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  constructor(
    readonly name: string,
    readonly text: string,
    private readonly values: readonly (string | Buffer | null)[],
  ) {}

  submit(connection: DriverConnection): Error | null {
    const previous = connection.parsedStatements[this.name] ?? connection.submittedNamedStatements[this.name];
    if (previous !== undefined && previous !== this.text)
      return new Error(
        `Prepared statements must be unique - '${this.name}' was used for a different statement`,
      );
    // One write for all the messages (as the driver's Query does).
    connection.stream.cork?.();
    try {
      if (previous === undefined) {
        connection.parse({ text: this.text, name: this.name, types: [] });
        connection.submittedNamedStatements[this.name] = this.text;
      }
      connection.bind({ statement: this.name, values: this.values });
      connection.execute({ portal: '' });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleDataRow(message: { fields: TextRow }): void {
    this.row = message.fields;
  }

  handleError(error: Error): void {
    this.callback?.(error);
    this.settle?.reject(error);
  }

  handleReadyForQuery(): void {
    this.callback?.(null, this.row);
    this.settle?.resolve(this.row);
  }

  handleCopyInResponse(connection: DriverConnection): void {
    connection.sendCopyFail('No source stream defined');
  }

  // Not sent for this statement (no Describe, no row limit, no COPY), or nothing to do.
  handleRowDescription(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Runs a named statement with text or byte-string parameters on a pool (or a client that stands in for
 * one, as in a transaction) and resolves to its first row's fields as text (undefined for no row). Errors
 * are the driver's (a DatabaseError), or the pool's.
 */
export function queryTextRow(
  pool: Pick<pg.Pool, 'query'>,
  name: string,
  text: string,
  values: readonly (string | Buffer | null)[],
): Promise<TextRow | undefined> {
  const call = new TextRowCall(name, text, values);
  const done = call.whenDone();
  // pg-pool answers with a promise of what the driver's callback receives (and releases the client in
  // that callback); a client answers with the call itself, whose outcome is `done`.
  const answer = pool.query(call as never) as unknown;
  if (answer === call) return done;
  done.catch(() => {}); // the pool's promise carries the same error
  return answer as Promise<TextRow | undefined>;
}
