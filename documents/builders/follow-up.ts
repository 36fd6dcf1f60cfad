/** The sections the delårsrapport and the årsredovisning share: goal fulfilment and economy. */
import { budgetOutcomeChart, goalFulfilmentChart } from '../charts/charts';
import { type GoalAssessment, goalAssessments, organEconomy, type ReportKind } from '../figures';
import { GOAL_STATUS_SV, kronor, svCompare, swedishDate } from '../format';
import { type Block, heading, missing, paragraph, table } from '../model';
import type { CycleSnapshot } from '../snapshot';

const REPORT_SV: Record<ReportKind, string> = {
  delarsrapport: 'delårsrapporter',
  arsrapport: 'årsrapporter',
};

function summary(assessments: GoalAssessment[]): string {
  const count = (st: GoalAssessment['status']) => assessments.filter((a) => a.status === st).length;
  return `${count('achieved')} uppfyllda, ${count('partly_achieved')} delvis uppfyllda, ${count('not_achieved')} ej uppfyllda och ${count('not_assessed')} ej bedömda`;
}

/** Måluppfyllelse per riktningsmål, then per nämndmål, as the organs assessed them. */
export async function goalSections(s: CycleSnapshot, kind: ReportKind, idPrefix: string): Promise<Block[]> {
  const all = goalAssessments(s, kind);
  const blocks: Block[] = [heading(2, 'Måluppfyllelse')];
  if (all.length === 0) {
    return [
      ...blocks,
      missing(`Inga ${REPORT_SV[kind]} med måluppfyllelse inlämnade per ${swedishDate(s.asOf)}.`),
    ];
  }
  blocks.push(paragraph(`Organen har gjort ${all.length} bedömningar av målen: ${summary(all)}.`));
  blocks.push(await goalFulfilmentChart(`${idPrefix}-mal`, 'Måluppfyllelse per mål', all));
  for (const [goalType, label] of [
    ['council', 'Riktningsmål'],
    ['organ', 'Nämndmål'],
  ] as const) {
    const part = all.filter((a) => a.goalType === goalType);
    blocks.push(heading(3, label));
    if (part.length === 0) {
      blocks.push(missing(`Ingen måluppfyllelse för ${label.toLowerCase()} redovisad.`));
      continue;
    }
    const rows = [...part]
      .sort((a, b) => svCompare(a.goalTitle, b.goalTitle) || svCompare(a.organName, b.organName))
      .map((a) => [a.goalTitle, a.organName, GOAL_STATUS_SV[a.status], a.comment || '–']);
    blocks.push(
      table(`${label}: måluppfyllelse per organ`, ['Mål', 'Organ', 'Bedömning', 'Kommentar'], rows),
    );
  }
  return blocks;
}

/** Ekonomiskt utfall mot ramarna per organ, with the chart and totals. */
export async function economySections(
  s: CycleSnapshot,
  kind: ReportKind,
  idPrefix: string,
): Promise<Block[]> {
  const economy = organEconomy(s, kind);
  const blocks: Block[] = [heading(2, 'Ekonomiskt utfall mot ramarna')];
  if (economy.length === 0) {
    return [
      ...blocks,
      missing(`Inga ${REPORT_SV[kind]} med ekonomiskt utfall inlämnade per ${swedishDate(s.asOf)}.`),
    ];
  }
  const framed = economy.filter((e) => e.frameOre !== null);
  const budget = framed.reduce((n, e) => n + e.budgetOre, 0);
  const outcome = framed.reduce((n, e) => n + e.outcomeOre, 0);
  blocks.push(
    paragraph(
      `För kommunstyrelsen och nämnderna (organ med ram) är budgeten ${kronor(budget)} och utfallet ${kronor(outcome)}, ` +
        `en avvikelse på ${kronor(budget - outcome)}${budget - outcome >= 0 ? ' (överskott)' : ' (underskott)'}.`,
    ),
  );
  blocks.push(await budgetOutcomeChart(`${idPrefix}-ekonomi`, 'Budget och utfall per organ', economy));
  const rows = economy.map((e) => [
    e.organName,
    e.frameOre === null ? 'Ingen ram (bolag)' : kronor(e.frameOre),
    kronor(e.budgetOre),
    kronor(e.outcomeOre),
    kronor(e.budgetOre - e.outcomeOre),
  ]);
  blocks.push(
    table(
      'Ram enligt KF:s budget, organets budget och utfall',
      ['Organ', 'Ram (KF)', 'Budget', 'Utfall', 'Avvikelse'],
      rows,
      [1, 2, 3, 4],
    ),
  );
  const comments = economy.filter((e) => e.comment);
  for (const e of comments) blocks.push(paragraph(`${e.organName}: ${e.comment}`));
  return blocks;
}
