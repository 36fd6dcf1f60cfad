/**
 * Delårsrapport (LKBR 2018:597, 13 kap.): an overview of the development since the year began, goal
 * fulfilment, economic outcome against the frames, the full-year forecast and the balanskrav.
 */
import type { DelarsrapportContent } from '../../domain/task/content';
import { organEconomy, submissionsOf } from '../figures';
import { kronor, swedishDate } from '../format';
import { type Block, type DocumentModel, heading, missing, paragraph, table } from '../model';
import type { CycleSnapshot } from '../snapshot';
import { balanceRequirement } from './balance';
import { decisionOrMissing, sourceNote, subtitleOf } from './common';
import { economySections, goalSections } from './follow-up';

export async function buildInterimReport(s: CycleSnapshot, budgetYear: number): Promise<DocumentModel> {
  const reports = submissionsOf(s, 'delarsrapport');
  const periodEnd =
    s.cycle?.interimReport.periodEnd ??
    (reports[0]?.content as DelarsrapportContent | undefined)?.periodEnd ??
    null;
  const title = `Delårsrapport ${budgetYear}`;
  const blocks: Block[] = [heading(1, title)];

  blocks.push(heading(2, 'Inledning'));
  blocks.push(
    periodEnd
      ? paragraph(`Delårsrapporten omfattar perioden 1 januari – ${swedishDate(periodEnd)} ${budgetYear}.`)
      : missing('Delårsrapportens period är inte registrerad.'),
  );
  blocks.push(
    decisionOrMissing('Kommunstyrelsen överlämnade delårsrapporten', s.cycle?.interimReport.submitted, s),
  );
  blocks.push(
    decisionOrMissing('Kommunfullmäktige behandlade delårsrapporten', s.cycle?.interimReport.treated, s),
  );

  blocks.push(heading(2, 'Översikt över verksamhetens utveckling'));
  blocks.push(
    reports.length > 0
      ? paragraph(`${reports.length} organ har lämnat delårsrapporter till kommunstyrelsen.`)
      : missing(`Inga delårsrapporter inlämnade per ${swedishDate(s.asOf)}.`),
  );
  blocks.push(...(await goalSections(s, 'delarsrapport', 'delar')));
  blocks.push(...(await economySections(s, 'delarsrapport', 'delar')));

  blocks.push(heading(2, 'Prognos för helåret'));
  const economy = organEconomy(s, 'delarsrapport');
  if (economy.length === 0) blocks.push(missing('Ingen prognos registrerad.'));
  else {
    const budget = economy.reduce((n, e) => n + e.budgetOre, 0);
    const forecast = economy.reduce((n, e) => n + (e.forecastOre ?? 0), 0);
    blocks.push(
      paragraph(
        `Organen prognostiserar sammantaget ${kronor(forecast)} mot en budget på ${kronor(budget)}, en avvikelse på ${kronor(budget - forecast)}.`,
      ),
    );
    blocks.push(
      table(
        'Helårsprognos per organ',
        ['Organ', 'Budget', 'Prognos', 'Avvikelse'],
        economy.map((e) => [
          e.organName,
          kronor(e.budgetOre),
          e.forecastOre === null ? 'Ej registrerad' : kronor(e.forecastOre),
          e.forecastOre === null ? '–' : kronor(e.budgetOre - e.forecastOre),
        ]),
        [1, 2, 3],
      ),
    );
  }
  blocks.push(...balanceRequirement(s, 'delarsrapport', budgetYear));
  blocks.push(heading(2, 'Händelser av väsentlig betydelse'));
  blocks.push(missing('Händelser av väsentlig betydelse under perioden registreras inte i årshjulet.'));
  blocks.push(...sourceNote(s));
  return {
    fileName: `${s.municipality.municipalityId}-${budgetYear}-delarsrapport`,
    title,
    subtitle: subtitleOf(s, budgetYear),
    blocks,
  };
}
