/** A nämnd's verksamhetsplan: its goals linked to the riktningsmål, indicators, activities, internbudget. */
import type { VerksamhetsplanContent } from '../../domain/task/content';
import { indicatorSeries, organName, submissionsOf } from '../figures';
import { kronor, number, swedishDate } from '../format';
import { type Block, type DocumentModel, heading, list, missing, paragraph, table } from '../model';
import type { CycleSnapshot } from '../snapshot';
import { decisionOrMissing, sourceNote, subtitleOf } from './common';
import { indicatorBlocks } from './indicators';

export async function buildVerksamhetsplan(
  s: CycleSnapshot,
  budgetYear: number,
  organId: string,
): Promise<DocumentModel> {
  const name = organName(s, organId);
  const steering = s.municipality.steering;
  const submitted = submissionsOf(s, 'verksamhetsplan').find((x) => x.task.organId === organId);
  const plan = submitted?.content as VerksamhetsplanContent | undefined;
  const blocks: Block[] = [heading(1, `Verksamhetsplan ${budgetYear} – ${name}`)];

  blocks.push(heading(2, 'Beslut'));
  blocks.push(
    decisionOrMissing(`${name} antog verksamhetsplanen`, s.cycle?.planAdoptions[organId]?.decision, s),
  );
  const frame = s.cycle?.budget.adoption?.frames.find((f) => f.organId === organId);
  blocks.push(
    s.cycle?.budget.adoption
      ? paragraph(
          `Kommunfullmäktiges budget (${s.cycle.budget.adoption.decision.body} ${s.cycle.budget.adoption.decision.date} § ${s.cycle.budget.adoption.decision.paragraph}) ger nämnden ` +
            `${frame ? `en ram på ${kronor(frame.amountOre)}` : 'ingen egen ram'}.`,
        )
      : missing(`Kommunfullmäktige har inte fastställt budgeten per ${swedishDate(s.asOf)}.`),
  );

  blocks.push(heading(2, 'Styrning'));
  blocks.push(
    steering.vision
      ? paragraph(`Vision ${steering.vision.fromYear}–${steering.vision.toYear}: ${steering.vision.text}`)
      : missing('Ingen vision registrerad.'),
  );

  blocks.push(heading(2, 'Nämndmål'));
  if (!plan) {
    blocks.push(missing(`Nämnden har inte lämnat in någon verksamhetsplan per ${swedishDate(s.asOf)}.`));
  } else {
    for (const goal of plan.organGoals) {
      blocks.push(heading(3, goal.title));
      if (goal.description) blocks.push(paragraph(goal.description));
      blocks.push(
        paragraph(
          `Bidrar till riktningsmålen: ${goal.councilGoalIds.map((id) => steering.councilGoals[id]?.title ?? id).join(', ')}.`,
        ),
      );
      if (goal.agenda2030Goals.length > 0) {
        blocks.push(paragraph(`Agenda 2030: mål ${goal.agenda2030Goals.join(', ')}.`));
      }
      blocks.push(
        goal.indicators.length > 0
          ? table(
              `Indikatorer för ${goal.title}`,
              ['Indikator', 'Enhet', 'Utgångsvärde', 'Målvärde', 'Period'],
              goal.indicators.map((i) => [
                i.name,
                i.unit,
                i.baseline === null ? 'Ej registrerat' : number(i.baseline),
                number(i.target),
                `${swedishDate(i.period.from)} – ${swedishDate(i.period.to)}`,
              ]),
              [2, 3],
            )
          : missing('Inga indikatorer angivna för målet.'),
      );
      if (goal.activities.length > 0) {
        blocks.push(paragraph('Aktiviteter:'));
        blocks.push(
          list(
            goal.activities.map(
              (a) => `${a.title}${a.dueDate ? ` (klar senast ${swedishDate(a.dueDate)})` : ''}`,
            ),
          ),
        );
      }
    }
  }

  blocks.push(heading(2, 'Internbudget'));
  if (plan && plan.internalBudget.length > 0) {
    const total = plan.internalBudget.reduce((n, l) => n + l.amountOre, 0);
    blocks.push(
      table(
        'Internbudget per verksamhet',
        ['Verksamhet', 'Belopp'],
        [...plan.internalBudget.map((l) => [l.label, kronor(l.amountOre)]), ['Summa', kronor(total)]],
        [1],
      ),
    );
  } else blocks.push(missing('Ingen internbudget registrerad.'));

  const series = indicatorSeries(s, budgetYear).filter((x) => x.organName === name);
  if (series.length > 0) {
    blocks.push(heading(2, 'Indikatorernas utveckling'));
    blocks.push(...(await indicatorBlocks(`vp-${organId}`, `Indikatorer över åren – ${name}`, series)));
  }
  blocks.push(...sourceNote(s));
  return {
    fileName: `${s.municipality.municipalityId}-${budgetYear}-verksamhetsplan-${organId}`,
    title: `Verksamhetsplan ${budgetYear} – ${name}`,
    subtitle: subtitleOf(s, budgetYear),
    blocks,
  };
}
