import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { TimeSource } from '../../application/temporal-cycle-port';
import type { ApiClient } from '../../demo/http-port';
import { CHROMIUM_ARGS, ensureChromium } from '../../services/chromium';
import { ensureWebBuilt } from '../../web/build';
import { createApiHarness, registerAle } from '../api/support';
import type { WorkflowHarness } from '../support/workflow-env';

export const SCREENSHOTS = join(process.cwd(), 'reports', 'screenshots');
const require = createRequire(import.meta.url);

export interface WebHarness {
  h: WorkflowHarness;
  app: FastifyInstance;
  url: string;
  client: ApiClient;
  time: TimeSource;
  tokenFor(userId: string): Promise<string>;
  browser: Browser;
  /** A page in a fresh browser context as a Swedish user sees it (sv-SE, Stockholm time). */
  newPage(): Promise<Page>;
  teardown(): Promise<void>;
}

/**
 * The real stack for the browser: a fresh database, the time-skipping Temporal server with the real
 * worker, the API serving the built web app (with the dev sign-in), the read models kept up to date in
 * the background (as the Kafka-fed projections would), and Debian's Chromium.
 */
export async function createWebHarness(
  label: string,
  municipalityId: string,
  apiOptions: Pick<Parameters<typeof createApiHarness>[1] & object, 'oidc'> = {},
  /** False: the test registers the municipality itself (in the browser). */
  registerMunicipality = true,
): Promise<WebHarness> {
  const log = (line: string) => console.log(`web: ${line}`);
  const [executablePath] = await Promise.all([ensureChromium(log), ensureWebBuilt(log)]);
  const api = await createApiHarness(label, { web: { devAuth: true }, ...apiOptions });
  const tokenFor = api.tokenFor(municipalityId);
  if (registerMunicipality) await registerAle(api, municipalityId);

  // The pages read the read models: keep them current in the background, as the projections would.
  let stopped = false;
  const projecting = (async () => {
    while (!stopped) {
      await api.catchUpProjections();
      await new Promise((r) => setTimeout(r, 150));
    }
  })();

  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, '--lang=sv-SE'],
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    h: api.h,
    app: api.app,
    url: api.url,
    client: api.client,
    time: api.time,
    tokenFor,
    browser,
    async newPage() {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'sv-SE',
        timezoneId: 'Europe/Stockholm',
      });
      return context.newPage();
    },
    async teardown() {
      await browser.close().catch(() => undefined);
      stopped = true;
      await projecting.catch(() => undefined);
      await api.teardown();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeResults: Record<string, AxeViolation[]> = {};

/** Saves a full-page screenshot and runs axe-core on the page; returns the serious and critical violations. */
export async function capture(page: Page, name: string): Promise<AxeViolation[]> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  }
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations;
  })) as AxeViolation[];
  axeResults[name] = violations;
  await writeFile(join(SCREENSHOTS, 'axe.json'), JSON.stringify(axeResults, null, 2));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Every axe violation (any impact) the last capture of a page found. */
export function allViolations(name: string): AxeViolation[] {
  return axeResults[name] ?? [];
}

/** Signs in through the sign-in page as a role (and an organ, for a secretary). */
export async function signIn(
  page: Page,
  url: string,
  role: 'Processägare' | 'Nämndsekreterare' | 'Revisor',
  organ?: string,
) {
  await page.goto(url);
  await page.getByRole('radio', { name: role }).check();
  if (organ) await page.getByLabel('Organ', { exact: true }).selectOption({ label: organ });
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: /Årshjulet/ }).waitFor();
}
