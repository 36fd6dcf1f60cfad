import type { FastifyReply } from 'fastify';

/**
 * Where a request's time went, as a `Server-Timing` header (milliseconds per step, and `api` for the
 * whole request inside the API up to the answer): a browser's developer tools show it, and the API
 * bench reads it to tell the API's own time from Temporal's under load.
 */
export class ServerTiming {
  private readonly steps: string[] = [];

  async time<T>(step: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.steps.push(`${step};dur=${(performance.now() - start).toFixed(1)}`);
    }
  }

  /** Sets the header on the reply, with the time since the request came in as `api`. */
  writeTo(reply: FastifyReply): void {
    reply.header('server-timing', [...this.steps, `api;dur=${reply.elapsedTime.toFixed(1)}`].join(', '));
  }
}
