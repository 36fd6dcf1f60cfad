/**
 * A request the server cannot answer truthfully yet, though nothing is wrong with it: e.g. a cycle
 * whose workflow has started but not yet recorded its start (no worker has run it). The API answers
 * 503 with Retry-After, so the caller asks again instead of concluding that the thing does not exist.
 */
export class TemporarilyUnavailableError extends Error {
  constructor(
    message: string,
    readonly rule: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
    this.name = 'TemporarilyUnavailableError';
  }
}
