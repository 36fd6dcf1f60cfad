import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { CYCLE_COMMAND_ROUTES } from '../api/schemas';
import type { CyclePort } from '../application/cycle-port';
import type { TimeSource } from '../application/temporal-cycle-port';
import type { CycleData, CycleState } from '../domain/cycle/state';
import type { TaskState } from '../domain/task/state';
import { domainTimeAt, type ResolvedClock, workflowMsUntil } from '../workflows/clock';
import type { CycleView } from '../workflows/messages';

/** A non-2xx answer of the API, with the domain's code, rule and Swedish message. */
export class HttpRejectedError extends Error {
  readonly code: string;
  readonly rule: string | null;
  constructor(
    readonly status: number,
    readonly problem: { code?: string; rule?: string; message?: string; details?: unknown },
    what: string,
  ) {
    super(`${what}: ${problem.message ?? `HTTP ${status}`}`);
    this.name = 'HttpRejectedError';
    this.code = problem.code ?? `HTTP_${status}`;
    this.rule = problem.rule ?? null;
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small client of the arshjul API (JSON in and out, bearer token, Idempotency-Key on POSTs). */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; idempotencyKey?: string | null } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST' && options.idempotencyKey !== null) {
      headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
    }
    const response = await this.fetcher(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json') && text !== '')
      body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: body as T };
  }

  /** Like request, but throws HttpRejectedError unless the answer is 2xx. */
  async ok<T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; idempotencyKey?: string | null } = {},
  ): Promise<T> {
    const res = await this.request<T>(method, path, options);
    if (res.status < 200 || res.status >= 300) {
      throw new HttpRejectedError(res.status, (res.body ?? {}) as never, `${method} ${path}`);
    }
    return res.body;
  }
}

export interface HttpPortOptions {
  client: ApiClient;
  municipalityId: string;
  budgetYear: number;
  /** A bearer token for a user: the port acts as that person (e.g. a secretary for their organ). */
  tokenFor: (actor: string) => Promise<string>;
  /** A token that may read everything (the process owner's). */
  readerToken: () => Promise<string>;
  /** Workflow time: the time-skipping server's in tests, the wall clock in the demo. */
  time: TimeSource;
  /** How long waitForTask waits for a task to be given out (default 30 s; longer under heavy load). */
  taskWaitMs?: number;
  /** Between two looks for a task not yet given out (default 25 ms; the soak's many drivers look less often). */
  taskPollMs?: number;
  /**
   * Looks again less often the longer a task keeps away: each pause 1.5 times the one before, up to
   * this (default taskPollMs: no backing off). A person checks the inbox now and then, not constantly.
   */
  taskPollMaxMs?: number;
  /** Told when waitForTask finds the task given out: after how many wall ms of looking. */
  onTaskGivenOut?: (taskId: string, waitedMs: number) => void;
  /** At least this long between two looks for the cycle's close in cycleResult (default 1 s). */
  cyclePollMs?: number;
  /**
   * Told when advanceTo finds domain time already past the instant (the previous action overran): by how
   * much in domain time and in workflow time (wall time on the wall clock; the compressed calendar makes
   * domain lateness look absurdly large).
   */
  onLate?: (domainInstant: string, lateByDomainMs: number, lateByWorkflowMs: number) => void;
}

const ONE_HOUR_MS = 3_600_000;

type CycleStatusBody = Omit<CycleView, 'clock'> & { clock: ResolvedClock | null };

/** The pause before the next look for a task: 1.5 times the last, up to `maxMs` (never below the first). */
export function nextTaskPause(lastMs: number, firstMs: number, maxMs = firstMs): number {
  return Math.min(lastMs * 1.5, Math.max(firstMs, maxMs));
}

/** The scenario's CyclePort over the HTTP API, each action with the acting user's token. */
export function httpCyclePort(o: HttpPortOptions): CyclePort {
  const m = `/municipalities/${encodeURIComponent(o.municipalityId)}`;
  const cyclePath = `${m}/cycles/${o.budgetYear}`;
  const taskPath = (taskId: string) => `${m}/tasks/${encodeURIComponent(taskId)}`;
  const view = async () => o.client.ok<CycleStatusBody>('GET', cyclePath, { token: await o.readerToken() });
  // A cycle's clock is fixed when it starts (CycleStarted): read once, not before every step.
  let knownClock: ResolvedClock | undefined;
  const clockOf = async () => {
    if (knownClock) return knownClock;
    const { clock } = await view();
    if (!clock) throw new Error('the cycle is not running: no clock to advance');
    knownClock = clock;
    return clock;
  };

  return {
    async startCycle(input) {
      await o.client.ok('POST', `${m}/cycles`, {
        token: await o.tokenFor(input.startedBy),
        body: {
          budgetYear: o.budgetYear,
          calendar: input.calendar,
          ...(input.clock ? { clock: input.clock } : {}),
        },
      });
    },
    async advanceTo(domainInstant) {
      const clock = await clockOf();
      const now = await o.time.now();
      const ms = workflowMsUntil(clock, now, Date.parse(domainInstant));
      if (ms > 0) await o.time.sleep(ms);
      else o.onLate?.(domainInstant, domainTimeAt(clock, now) - Date.parse(domainInstant), -ms);
    },
    async waitForTask(taskId) {
      const token = await o.readerToken();
      const started = Date.now();
      const deadline = started + (o.taskWaitMs ?? 30_000);
      const firstPause = o.taskPollMs ?? 25;
      let pause = firstPause;
      while (Date.now() < deadline) {
        const res = await o.client.request<TaskState>('GET', taskPath(taskId), { token });
        if (res.status === 200) {
          o.onTaskGivenOut?.(taskId, Date.now() - started);
          return res.body;
        }
        if (res.status !== 404)
          throw new HttpRejectedError(res.status, res.body as never, `GET task ${taskId}`);
        await delay(pause);
        pause = nextTaskPause(pause, firstPause, o.taskPollMaxMs);
      }
      throw new Error(
        `task ${taskId} was never given out (looked for ${Math.round((Date.now() - started) / 1000)} s)`,
      );
    },
    task: async (taskId) => o.client.ok<TaskState>('GET', taskPath(taskId), { token: await o.readerToken() }),
    submitTask: async (taskId, actor, content) =>
      o.client.ok<TaskState>('POST', `${taskPath(taskId)}/submission`, {
        token: await o.tokenFor(actor),
        body: { content },
      }),
    returnTask: async (taskId, actor, reason) =>
      o.client.ok<TaskState>('POST', `${taskPath(taskId)}/return`, {
        token: await o.tokenFor(actor),
        body: { reason },
      }),
    approveTask: async (taskId, actor) =>
      o.client.ok<TaskState>('POST', `${taskPath(taskId)}/approval`, {
        token: await o.tokenFor(actor),
        body: {},
      }),
    async cycleCommand(actor, command) {
      const route = CYCLE_COMMAND_ROUTES.find((r) => r.type === command.type);
      if (!route) throw new Error(`no route for cycle command ${command.type}`);
      const { type: _type, ...body } = command;
      const res = await o.client.ok<{ cycle: CycleState }>('POST', `${cyclePath}${route.path}`, {
        token: await o.tokenFor(actor),
        body,
      });
      return res.cycle;
    },
    async cycleView() {
      const v = await view();
      if (!v.clock) throw new Error('the cycle is not running');
      return { ...v, clock: v.clock };
    },
    async cycleResult(): Promise<CycleData> {
      const token = await o.readerToken();
      for (;;) {
        const v = await o.client.ok<CycleStatusBody>('GET', cyclePath, { token });
        if (v.cycle.status === 'closed') return v.cycle;
        // One domain hour of workflow time lets a time-skipping server move on; a sped-up clock makes
        // that milliseconds, so a floor keeps many waiting drivers (the soak's 290) from flooding the API.
        const now = await o.time.now();
        const hour = v.clock
          ? workflowMsUntil(v.clock, now, domainTimeAt(v.clock, now) + ONE_HOUR_MS)
          : ONE_HOUR_MS;
        await o.time.sleep(Math.max(o.cyclePollMs ?? 1_000, hour));
      }
    },
  };
}
