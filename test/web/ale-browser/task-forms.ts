/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { ALE_COUNCIL_GOALS, ALE_EXTERNAL_FACTORS, ALE_ORGANS } from '../../../domain/examples/ale';
import type {
  ArsrapportContent,
  DelarsrapportContent,
  NulagesanalysContent,
  OmvarldsanalysContent,
  TillitsdialogContent,
  VerksamhetsplanContent,
} from '../../../domain/task/content';
import { GOAL_STATUS_LABEL } from '../../../web/src/format';

/**
 * Each task form filled in from the scenario's content (scenario/ale-content.ts): what a secretary
 * types, found by the labels she reads. The content names goals and factors by id; the form shows
 * their titles.
 */

const goalTitle = (goalId: string) => ALE_COUNCIL_GOALS.find((g) => g.goalId === goalId)?.title ?? goalId;
const factorTitle = (id: string) => ALE_EXTERNAL_FACTORS.find((f) => f.factorId === id)?.title ?? id;
const organName = (organId: string | null) => ALE_ORGANS.find((o) => o.organId === organId)?.name;
/** Öre as the kronor a person types: "1054300000,00". */
const kronor = (ore: number) => `${Math.trunc(ore / 100)},${String(Math.abs(ore % 100)).padStart(2, '0')}`;
const group = (scope: Page | Locator, name: string) => scope.getByRole('group', { name, exact: true });

export async function fillOmvarldsanalys(page: Page, c: OmvarldsanalysContent) {
  await page.getByLabel('Sammanfattning *').fill(c.summary);
  for (const f of c.factors) await page.getByLabel(`${factorTitle(f.externalFactorId)} *`).fill(f.analysis);
  await page.getByLabel('Källor').fill(c.sources.join('\n'));
}

export async function fillNulagesanalys(page: Page, c: NulagesanalysContent) {
  await page
    .getByLabel('Beskriv verksamhetens uppdrag och hur det utförs *')
    .fill(c.verksamhetsbeskrivning.text);
  for (const f of c.omvarldsanalys.factors) {
    const set = group(page, factorTitle(f.externalFactorId));
    await set.getByLabel('Risker').fill(f.risks.join('\n'));
    await set.getByLabel('Möjligheter').fill(f.opportunities.join('\n'));
    await set.getByLabel('Hur organet möter faktorn').fill(f.response);
  }
  for (const g of c.nulagesanalys.goalFulfilment) {
    const status = page.getByRole('combobox', { name: goalTitle(g.goalId), exact: true });
    await status.selectOption({ label: GOAL_STATUS_LABEL[g.status] ?? g.status });
    await page.locator('.goal-row', { has: status }).getByLabel('Kommentar').fill(g.comment);
  }
  for (const [i, proposed] of c.nulagesanalys.proposedOrganGoals.entries()) {
    const set = group(page, `Nämndmål ${i + 1}`);
    if ((await set.count()) === 0) await page.getByRole('button', { name: 'Lägg till nämndmål' }).click();
    await set.getByLabel('Rubrik *').fill(proposed.title);
    await set.getByLabel('Beskrivning').fill(proposed.description);
    for (const id of proposed.councilGoalIds)
      await set.getByRole('checkbox', { name: goalTitle(id), exact: true }).check();
  }
  await page.getByLabel('Slutsatser och föreslagna åtgärder').fill(c.nulagesanalys.conclusions);
}

export async function fillTillitsdialog(page: Page, c: TillitsdialogContent) {
  await page.getByRole('radio', { name: 'Kommunstyrelsen med organet' }).check();
  await page.getByLabel('Datum för dialogen *').fill(c.date);
  for (const [i, p] of c.participants.entries()) {
    let set = group(page, `Deltagare ${i + 1}`);
    if ((await set.count()) === 0) {
      await page.getByRole('button', { name: 'Lägg till deltagare' }).click();
      set = group(page, `Deltagare ${i + 1}`);
    }
    await set.getByLabel('Namn *').fill(p.name);
    await set.getByLabel('Roll').fill(p.role);
    const organ = organName(p.organId);
    if (organ) await set.getByLabel('Organ', { exact: true }).selectOption({ label: organ });
  }
  await page.getByLabel('Vad kom ni överens om?').fill(c.agreements.join('\n'));
  for (const [i, p] of c.proposals.entries()) {
    const set = group(page, `Förslag ${i + 1}`);
    if ((await set.count()) === 0) await page.getByRole('button', { name: 'Lägg till förslag' }).click();
    await set
      .getByLabel('Typ av förslag *')
      .selectOption({ label: p.type === 'new_assignment' ? 'Nytt uppdrag' : 'Ändrade förutsättningar' });
    await set.getByLabel('Beskrivning *').fill(p.description);
  }
}

export async function fillVerksamhetsplan(page: Page, c: VerksamhetsplanContent) {
  for (const [i, goal] of c.organGoals.entries()) {
    const n = i + 1;
    let set = group(page, `Nämndmål ${n}`);
    if ((await set.count()) === 0) {
      await page.getByRole('button', { name: 'Lägg till nämndmål', exact: true }).click();
      set = group(page, `Nämndmål ${n}`);
    }
    await set.getByLabel('Rubrik *').fill(goal.title);
    await set.getByLabel('Beskrivning').first().fill(goal.description);
    for (const id of goal.councilGoalIds)
      await set.getByRole('checkbox', { name: goalTitle(id), exact: true }).check();
    for (const [j, ind] of goal.indicators.entries()) {
      const name = `Indikator ${j + 1} för nämndmål ${n}`;
      if ((await group(page, name).count()) === 0)
        await page.getByRole('button', { name: `Lägg till indikator för nämndmål ${n}` }).click();
      const row = group(page, name);
      await row.getByLabel('Namn *').fill(ind.name);
      await row.getByLabel('Enhet *').fill(ind.unit);
      await row.getByLabel('Målvärde *').fill(String(ind.target).replace('.', ','));
      await row.getByLabel('Utgångsvärde').fill(ind.baseline === null ? '' : String(ind.baseline));
      await row.getByLabel('Periodens första dag *').fill(ind.period.from);
      await row.getByLabel('Periodens sista dag *').fill(ind.period.to);
    }
    for (const [j, act] of goal.activities.entries()) {
      const name = `Aktivitet ${j + 1} för nämndmål ${n}`;
      if ((await group(page, name).count()) === 0)
        await page.getByRole('button', { name: `Lägg till aktivitet för nämndmål ${n}` }).click();
      const row = group(page, name);
      await row.getByLabel('Aktivitet *').fill(act.title);
      await row.getByLabel('Klart senast').fill(act.dueDate ?? '');
    }
  }
  for (const [i, post] of c.internalBudget.entries()) {
    const name = `Budgetpost ${i + 1}`;
    if ((await group(page, name).count()) === 0)
      await page.getByRole('button', { name: 'Lägg till budgetpost' }).click();
    await group(page, name).getByLabel('Benämning *').fill(post.label);
    await group(page, name).getByLabel('Belopp *').fill(kronor(post.amountOre));
  }
}

/** The goal rows of a report: council goals by title; the organ's own goal is the plan's (last row). */
async function assessGoals(page: Page, goals: DelarsrapportContent['goalFulfilment']) {
  for (const g of goals) {
    const legend = g.goalType === 'council' ? `Riktningsmål: ${goalTitle(g.goalId)}` : /^Nämndmål: /;
    const row = page.getByRole('group', { name: legend });
    await row.getByLabel('Bedömning').selectOption({ label: GOAL_STATUS_LABEL[g.status] ?? g.status });
    await row.getByLabel('Kommentar').fill(g.comment);
  }
}

export async function fillDelarsrapport(page: Page, c: DelarsrapportContent) {
  await page.getByLabel('Periodens sista dag *').fill(c.periodEnd);
  await page.getByLabel('Budget för året *').fill(kronor(c.economy.budgetOre));
  await page.getByLabel('Utfall hittills *').fill(kronor(c.economy.outcomeOre));
  await page.getByLabel('Prognos för helåret *').fill(kronor(c.economy.forecastOre));
  await assessGoals(page, c.goalFulfilment);
  await page.getByLabel('Kommentar till delårsrapporten').fill(c.comment);
}

export async function fillArsrapport(page: Page, c: ArsrapportContent) {
  await page.getByLabel('Budget *', { exact: true }).fill(kronor(c.economy.budgetOre));
  await page.getByLabel('Utfall för året *').fill(kronor(c.economy.outcomeOre));
  await assessGoals(page, c.goalFulfilment);
  for (const v of c.indicatorValues) {
    // The plan's indicator is named in the form with its unit.
    await page.getByLabel(/\(index\)$/).fill(String(v.value));
  }
  await page.getByLabel('Kommentar till årsrapporten').fill(c.comment);
}
