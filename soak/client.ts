/**
 * The soak's HTTP client: it outlives the API. A request that finds the API gone (killed, restarting)
 * or answering 5xx, 429 or 409 IDEMPOTENCY_IN_PROGRESS is sent again as it was, with the same
 * Idempotency-Key, until it gets a real answer; the API then acts once (api/idempotency.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { CyclePort } from '../application/cycle-port';
import { HttpRejectedError } from '../demo/http-port';

export interface RetryStats {
  /** Requests sent again after no answer or a passing error. */
  retries: number;
  /** The longest a single request waited for a real answer (ms). */
  longestWaitMs: number;
  /** Wall ms until the real answer of each request (retries included), by route (routeOf). */
  waitsByRoute: Record<string, number[]>;
}

/** A request's route with its ids left out, e.g. `POST /municipalities/:m/tasks/:t/approval`. */
export function routeOf(method: string, url: string): string {
  const path = new URL(url, 'http://soak').pathname
    .replace(/^\/municipalities\/[^/]+/, '/municipalities/:m')
    .replace(/\/tasks\/[^/]+/, '/tasks/:t')
    .replace(/\/cycles\/\d+/, '/cycles/:year');
  return `${method} ${path}`;
}

/** Statuses that mean "not now": the request is sent again. */
const PASSING = new Set([429, 500, 502, 503, 504]);

/** A fetch that sends a request again until the API answers it for real, or `budgetMs` has passed. */
export function retryingFetch(stats: RetryStats, budgetMs = 10 * 60_000): typeof fetch {
  return async (input, init) => {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      let retryAfterMs = 0;
      try {
        const response = await fetch(input, init);
        const passing = PASSING.has(response.status) || (await inProgress(response));
        if (!passing || Date.now() - started > budgetMs) {
          const waited = Date.now() - started;
          stats.longestWaitMs = Math.max(stats.longestWaitMs, waited);
          const route = routeOf(init?.method ?? 'GET', String(input));
          const waits = stats.waitsByRoute[route] ?? [];
          waits.push(waited);
          stats.waitsByRoute[route] = waits;
          return response;
        }
        retryAfterMs = Number(response.headers.get('retry-after') ?? 0) * 1000;
        await response.body?.cancel();
      } catch (error) {
        // No answer: the API is down or restarting (ECONNREFUSED, a connection cut by kill -9).
        if (Date.now() - started > budgetMs) throw error;
      }
      stats.retries++;
      await delay(Math.max(retryAfterMs, Math.min(200 * 2 ** attempt, 2_000)));
    }
  };
}

/** How long a running cycle may go without a worker to answer its query (a killed worker restarting). */
const UNASKED_BUDGET_MS = 5 * 60_000;

/**
 * The API answers a cycle's view from the store with the clock stored at its start. Only a cycle
 * started before the clock was stored needs its workflow for it, and while no worker runs gets
 * `clock: null`; the HTTP port then says the cycle is not running. The scenario only asks while its
 * cycle runs, so it asks again until a worker answers.
 */
async function whileUnasked<T>(ask: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await ask();
    } catch (error) {
      const unasked = error instanceof Error && error.message.startsWith('the cycle is not running');
      if (!unasked || Date.now() - started > UNASKED_BUDGET_MS) throw error;
      await delay(500);
    }
  }
}

/** 409 IDEMPOTENCY_IN_PROGRESS: the first request with the key died with the API; its key frees soon. */
async function inProgress(response: Response): Promise<boolean> {
  if (response.status !== 409) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { code?: string };
  return body.code === 'IDEMPOTENCY_IN_PROGRESS';
}

/**
 * An approval refused because the task is approved: by the API for a task already final
 * (`task.approved-final`), or by the task's decider (`task.approve-when-submitted`) when a worker killed
 * after the approval was stored but before its workflow task completed ran the update again on the
 * next worker, which found the approval in the stream (290 under every fault, mxda3u3o: two cycles
 * lost their driver this way; tasks started since patch `updates-find-own-step` answer such a retry
 * with the approved task). The scenario approves each task once, so an approved task means done.
 */
const APPROVED_ALREADY_RULES = new Set(['task.approved-final', 'task.approve-when-submitted']);

/**
 * Answers a retried request can get when its first attempt took effect before the API died or
 * answered 5xx: a start finds the cycle started; and, once the workflow it updated has finished
 * (Temporal then no longer answers with the first outcome), an approval finds its task approved, a
 * closing decision finds the cycle closed. The scenario never does any of them twice, so each means
 * "done" here.
 */
export function reconcilingPort(port: CyclePort): CyclePort {
  return {
    ...port,
    advanceTo: (instant) => whileUnasked(() => port.advanceTo(instant)),
    cycleView: () => whileUnasked(() => port.cycleView()),
    async startCycle(input) {
      try {
        await port.startCycle(input);
      } catch (error) {
        // A start whose answer was lost (a 500 after the workflow had started): the cycle runs.
        if (!(error instanceof HttpRejectedError) || error.rule !== 'cycle.start-once') throw error;
      }
    },
    async approveTask(taskId, actor) {
      try {
        return await port.approveTask(taskId, actor);
      } catch (error) {
        if (!(error instanceof HttpRejectedError) || !APPROVED_ALREADY_RULES.has(error.rule ?? ''))
          throw error;
        const task = await port.task(taskId);
        if (task.status !== 'approved') throw error;
        return task;
      }
    },
    async cycleCommand(actor, command) {
      try {
        return await port.cycleCommand(actor, command);
      } catch (error) {
        if (!(error instanceof HttpRejectedError) || command.type !== 'DecideDischarge') throw error;
        // A closed cycle answers at once; one still running would keep cycleResult waiting.
        const cycle = await Promise.race([
          port.cycleResult().catch(() => null),
          delay(30_000).then(() => null),
        ]);
        if (cycle?.status !== 'closed') throw error;
        return cycle;
      }
    },
  };
}
