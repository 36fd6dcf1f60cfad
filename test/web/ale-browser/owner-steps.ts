/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import {
  CALENDAR_MILESTONES,
  type CycleCalendar,
  MILESTONE_LABELS_SV,
} from '../../../domain/calendar/schema';
import type { Decision } from '../../../domain/decision';
import { ALE_ORGANS } from '../../../domain/examples/ale';
import type { BudgetContent } from '../../../domain/task/content';
import type { ClockOptions } from '../../../workflows/clock';
import { type Hands, mouse } from './hands';
import { submitAndSee } from './register';

const OPTIONAL = ['budget.taxRateProposal', 'bokslut.auditReport'];
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const organName = (organId: string) => ALE_ORGANS.find((o) => o.organId === organId)?.name ?? organId;
/** Öre as the kronor a person types: "212400000,00". */
export const kronor = (ore: number) =>
  `${Math.trunc(ore / 100)},${String(Math.abs(ore % 100)).padStart(2, '0')}`;

/** Types every date of a calendar into the editor (over the template's) and waits for the law's approval. */
export async function typeCalendar(page: Page, calendar: CycleCalendar): Promise<void> {
  await page.getByLabel('Budgetår').fill(String(calendar.budgetYear));
  const first = page.getByLabel(capital(MILESTONE_LABELS_SV['omvarldsdag.date']), { exact: true });
  await expect.poll(() => first.inputValue(), { timeout: 20_000 }).not.toBe('');
  for (const ms of CALENDAR_MILESTONES) {
    const [phase = '', field = ''] = ms.split('.');
    const value = (calendar as unknown as Record<string, Record<string, unknown>>)[phase]?.[field];
    const label = `${capital(MILESTONE_LABELS_SV[ms])}${OPTIONAL.includes(ms) ? ' (frivilligt)' : ''}`;
    await page.getByLabel(label, { exact: true }).fill(typeof value === 'string' ? value : '');
  }
  await page.getByText('Kalendern följer lagens och ordningens regler.').waitFor({ timeout: 20_000 });
}

/** The Beslut page's form for one kind of decision (waiting or not), chosen in its list. */
export async function decisionForm(page: Page, label: string, hands: Hands = mouse): Promise<Locator> {
  const kinds = page.getByLabel('Vilket beslut vill du registrera?');
  await kinds.waitFor({ timeout: 30_000 });
  const option = kinds.locator('option').filter({ hasText: label }).first();
  await hands.pick(kinds, (await option.textContent()) ?? label);
  const form = page.getByRole('form', { name: label, exact: true });
  await form.waitFor();
  return form;
}

/** Body, date, § and Dnr of a decision, typed into a decision form. */
export async function typeDecision(form: Locator, d: Decision, hands: Hands = mouse): Promise<void> {
  await hands.text(form.getByLabel('Sammanträdesdatum'), d.date);
  await hands.text(form.getByLabel('Paragraf (§)'), String(d.paragraph));
  await hands.text(form.getByLabel('Diarienummer'), d.caseNumber.replace(/^Dnr /, ''));
  await hands.text(form.getByLabel('Ärendemening'), d.subject);
}

/** A decision's kind (its label on the page), the decision, the kind's own fields, the hands that type. */
export type DecisionArgs = [
  label: string,
  decision: Decision,
  more?: (form: Locator, hands: Hands) => Promise<void>,
  hands?: Hands,
];

/** Records one decision on the Beslut page; `more` fills the kind's own fields. */
export async function recordDecision(page: Page, ...[label, decision, more, hands = mouse]: DecisionArgs) {
  const form = await decisionForm(page, label, hands);
  await typeDecision(form, decision, hands);
  await more?.(form, hands);
  // Seen on the page, not in the form: a decision that closes the cycle replaces the form, and its
  // confirmation moves beside "Cykeln är stängd".
  await submitAndSee(form, 'Registrera beslutet', 'Beslutet är registrerat.', hands, form.page());
}

/** The budget's frames per organ, the three-year plan and the tax rate. */
export const typeBudget = (budget: BudgetContent) => async (form: Locator, hands: Hands) => {
  for (const f of budget.frames)
    await hands.text(
      form.getByLabel(`Ram för ${organName(f.organId)}`, { exact: true }),
      kronor(f.amountOre),
    );
  for (const p of budget.plan) {
    const row = (label: string) => form.getByLabel(`${label} ${p.year}`, { exact: true });
    await hands.text(row('Skatteintäkter och generella statsbidrag'), kronor(p.taxRevenueOre));
    await hands.text(row('Verksamhetens nettokostnader'), kronor(p.netCostOre));
    await hands.text(row('Resultat'), kronor(p.resultOre));
  }
  if (budget.taxRateOre !== null)
    await hands.text(form.getByLabel('Skattesats (frivilligt)'), kronor(budget.taxRateOre));
};

/** Opens a task as the process owner and approves it (or returns it with a reason). */
export async function review(
  page: Page,
  url: string,
  taskId: string,
  returnReason?: string,
  hands: Hands = mouse,
) {
  await page.goto(`${url}/#/uppgift/${taskId}`);
  await page.getByRole('heading', { name: 'Granska' }).waitFor({ timeout: 30_000 });
  if (returnReason) {
    await hands.text(page.getByLabel('Skäl till returen'), returnReason);
    await hands.press(page.getByRole('button', { name: 'Returnera för komplettering' }));
    await page.getByText('Uppgiften är returnerad till organet för komplettering.').waitFor();
    return;
  }
  await hands.press(page.getByRole('button', { name: 'Godkänn' }));
  await page.getByText('Uppgiften är godkänd.').waitFor({ timeout: 30_000 });
}

/** Moves a date of the cycle's calendar on the Sista dagar page (the page is open). */
export async function moveCalendarDate(page: Page, milestone: string, date: string, reason: string) {
  const move = page.getByRole('form', { name: 'Flytta ett datum i cykelns kalender' });
  await move.waitFor({ timeout: 30_000 });
  const which = move.getByLabel('Vilket datum ska flyttas?');
  const option = which.locator('option').filter({ hasText: milestone });
  await which.selectOption({ label: (await option.textContent()) ?? '' });
  await move.getByLabel('Nytt datum').fill(date);
  await move.getByLabel('Skäl till flytten').fill(reason);
  await submitAndSee(move, 'Flytta datumet', new RegExp(`^${milestone} är nu `));
}

/** The auditor's revisionsberättelse on the Ansvarsprövning page: every organ's discharge recommended. */
export async function handInAuditorsReport(
  page: Page,
  date: string,
  examined: readonly { name: string }[],
  filledIn: (page: Page) => Promise<void>,
) {
  const report = page.getByRole('form', { name: 'Lämna revisionsberättelsen för 2027' });
  await report.waitFor({ timeout: 30_000 });
  await report.getByLabel('Datum för revisionsberättelsen').fill(date);
  for (const o of examined) {
    await report
      .getByRole('group', { name: `${o.name}: prövning av ansvarsfrihet` })
      .getByRole('radio', { name: 'Tillstyrker ansvarsfrihet' })
      .check();
  }
  await filledIn(page);
  await report.getByRole('button', { name: 'Lämna revisionsberättelsen' }).click();
  // Once handed in, the page shows the report in place of the form.
  await page.getByText('Revisionsberättelsen för 2027 är lämnad.').waitFor({ timeout: 30_000 });
}

/**
 * Presses "Starta cykeln" on the calendar page. As the demo and the scenario do, the cycle's clock
 * starts at the calendar's start (test and demo only: the API takes a clock under allowClockOverride):
 * the browser sends the calendar, the test adds the clock to its request on the way.
 */
export async function startCycle(page: Page, municipalityId: string, clock: ClockOptions) {
  const path = `**/municipalities/${municipalityId}/cycles`;
  await page.route(path, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
    await route.continue({ postData: JSON.stringify({ ...body, clock }) });
  });
  const year = await page.getByLabel('Budgetår').inputValue();
  await page.getByRole('button', { name: `Starta cykeln för budgetår ${year}` }).click();
  await page.getByText(`Cykeln för budgetår ${year} är startad.`).waitFor({ timeout: 30_000 });
  await page.unroute(path);
}
