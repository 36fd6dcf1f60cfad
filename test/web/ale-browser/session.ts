import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { CyclePort } from '../../../application/cycle-port';
import { httpCyclePort } from '../../../demo/http-port';
import type { Phase } from '../../../domain/calendar/schema';
import { ALE_USERS } from '../../../domain/examples/ale';
import { createWebHarness, type WebHarness } from '../support';
import { type Hands, keyboard } from './hands';
import { type DecisionArgs, recordDecision } from './owner-steps';
import { Roles } from './roles';

/**
 * What the Ale cycle's browser test works with: the web harness, the roles' browsers, and a port over
 * the API that only reads state and moves the time-skipping server's clock on, as the scenario does.
 */
export class AleBrowserSession {
  private page: Page | undefined;

  private constructor(
    readonly w: WebHarness,
    readonly roles: Roles,
    readonly port: CyclePort,
  ) {}

  static async start(municipalityId: string, budgetYear: number): Promise<AleBrowserSession> {
    // False: the process owner registers the municipality herself, in the browser.
    const w = await createWebHarness('web_ale_cycle', municipalityId, {}, false);
    const port = httpCyclePort({
      client: w.client,
      municipalityId,
      budgetYear,
      tokenFor: w.tokenFor,
      readerToken: () => w.tokenFor(ALE_USERS.auditor),
      time: w.time,
    });
    return new AleBrowserSession(w, new Roles(w), port);
  }

  /** The process owner's first tab, opened on first use. */
  async processOwner(): Promise<Page> {
    this.page ??= await this.roles.processOwner();
    return this.page;
  }

  /** The process owner's page once opened (the first step opens it). */
  get po(): Page {
    if (!this.page) throw new Error('the process owner has not opened her browser yet');
    return this.page;
  }

  /** The phase's planned tasks, once each has been given out. */
  async tasksOf(phase: Phase) {
    const planned = (await this.port.cycleView()).plannedTasks.find((p) => p.phase === phase)?.tasks ?? [];
    await Promise.all(planned.map((t) => this.port.waitForTask(t.taskId)));
    return planned;
  }

  /** The process owner records a decision on the Beslut page. */
  decide(...args: DecisionArgs): Promise<void> {
    return recordDecision(this.po, ...args);
  }

  /** The process owner's keyboard: these forms are filled in by keyboard alone. */
  keys(): Hands {
    return keyboard(this.po);
  }
}

/**
 * Registers the suite's hooks: the session started before the first step and torn down after the last
 * (with the wall time it took), and every step skipped after one failed — each builds on the one
 * before, so the rest would only time out.
 */
export function aleBrowserSuite(municipalityId: string, budgetYear: number): () => AleBrowserSession {
  let session: AleBrowserSession | undefined;
  let started = 0;
  let failed = false;
  beforeAll(async () => {
    started = performance.now();
    session = await AleBrowserSession.start(municipalityId, budgetYear);
  });
  beforeEach((ctx) => void (failed && ctx.skip()));
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });
  afterAll(async () => {
    console.log(`web: Ale cycle in the browser took ${Math.round((performance.now() - started) / 1000)} s`);
    await session?.w.teardown();
  });
  return () => {
    if (!session) throw new Error('the Ale browser session has not started');
    return session;
  };
}
