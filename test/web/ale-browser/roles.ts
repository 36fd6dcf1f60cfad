/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { ALE_ORGANS } from '../../../domain/examples/ale';
import { allViolations, capture, signIn, type WebHarness } from '../support';
import { review } from './owner-steps';

/** The organ ids the browser gives (`ale-<förkortning>`), by the scenario's organs. */
export const browserOrganId = (o: { shortName: string }) =>
  `ale-${o.shortName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/** The scenario's organ (with its content's ids) for an organ id the browser gave. */
export function scenarioOrgan(browserId: string) {
  const found = ALE_ORGANS.find((o) => browserOrganId(o) === browserId);
  if (!found) throw new Error(`no Ale organ ${browserId}`);
  return found;
}

/** Reloads the page until the element shows the text (the read models follow the events shortly after). */
export async function reloadUntil(page: Page, element: Locator, text: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await element.waitFor({ timeout: timeoutMs });
    if (((await element.textContent()) ?? '').includes(text)) return;
    if (Date.now() > until) throw new Error(`never showed "${text}": ${await element.textContent()}`);
    await page.waitForTimeout(500);
    await page.reload();
  }
}

/**
 * Who works in the browser: the process owner (one browser context, three tabs for reviews), each
 * organ's secretary (a context each, signed in on first use), and the pages visited (screenshot and
 * axe, once per name).
 */
export class Roles {
  readonly visited: string[] = [];
  private readonly secretaries = new Map<string, Page>();
  private readonly ownerTabs: Page[] = [];
  private owner: Page | undefined;

  constructor(private readonly w: WebHarness) {}

  /** The process owner's first tab (she registers the municipality in it, so it needs no sign-in). */
  async processOwner(): Promise<Page> {
    this.owner ??= await this.w.newPage();
    return this.owner;
  }

  async visit(page: Page, name: string): Promise<void> {
    await capture(page, name);
    this.visited.push(name);
  }

  /** Every axe violation (any impact) on the pages visited, one line each. */
  violations(): string[] {
    return this.visited.flatMap((name) =>
      allViolations(name).map(
        (v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
    );
  }

  /** The secretary's page for an organ (the browser's organ id), signed in on first use. */
  async secretaryOf(organId: string): Promise<Page> {
    let page = this.secretaries.get(organId);
    if (!page) {
      page = await this.w.newPage();
      await signIn(page, this.w.url, 'Nämndsekreterare', scenarioOrgan(organId).name);
      this.secretaries.set(organId, page);
    }
    return page;
  }

  /** The secretary opens the task, fills the form in and hands it in. */
  async handIn(
    page: Page,
    taskId: string,
    notice: string,
    fillIn: (p: Page) => Promise<void>,
    shot?: string,
  ): Promise<void> {
    const target = `${this.w.url}/#/uppgift/${taskId}`;
    // The same address again (a returned task) is no navigation: load the page afresh.
    if (page.url() === target) await page.reload();
    else await page.goto(target);
    const button = page.getByRole('button', { name: 'Lämna in' });
    await button.waitFor({ timeout: 30_000 });
    await fillIn(page);
    if (shot) await this.visit(page, shot);
    await button.click();
    try {
      await page.getByText(notice).waitFor({ timeout: 30_000 });
    } catch (error) {
      const summary = await page.locator('.error-summary').allTextContents();
      throw new Error(`${taskId}: ${String(error)}\nerror summary: ${summary.join(' | ')}`);
    }
  }

  /** The process owner approves tasks in three tabs of her browser (each tab signs in: the session is per tab). */
  async approveAll(taskIds: string[]): Promise<void> {
    const owner = await this.processOwner();
    while (this.ownerTabs.length < 3) {
      const tab = await owner.context().newPage();
      await signIn(tab, this.w.url, 'Processägare');
      this.ownerTabs.push(tab);
    }
    const queue = [...taskIds];
    await Promise.all(
      this.ownerTabs.map(async (tab) => {
        for (let id = queue.shift(); id; id = queue.shift()) await review(tab, this.w.url, id);
      }),
    );
  }

  /** The process owner's Beslut page for the cycle, loaded afresh. */
  async decisions(): Promise<Page> {
    const owner = await this.processOwner();
    await owner.goto(`${this.w.url}/#/beslut/2027`);
    await owner.getByRole('heading', { level: 1, name: 'Beslut i cykeln' }).waitFor();
    return owner;
  }
}
