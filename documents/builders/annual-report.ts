/**
 * Årsredovisning: the förvaltningsberättelse of LKBR (2018:597) 11 kap. in its order — overview of the
 * development, the kommunal koncern, goal fulfilment (god ekonomisk hushållning), economic outcome,
 * balanskrav, expected development — from what the events hold, the rest named as not recorded.
 */
import { citedInParentheses } from '../../domain/calendar/citations';
import { isSubjectToDischarge } from '../../domain/municipality/organ';
import { indicatorSeries, organEconomy, organName, submissionsOf } from '../figures';
import { kronor, swedishDate } from '../format';
import { type Block, type DocumentModel, heading, missing, paragraph, table } from '../model';
import type { CycleSnapshot } from '../snapshot';
import { balanceRequirement } from './balance';
import { cite, decisionOrMissing, sourceNote, subtitleOf } from './common';
import { economySections, goalSections } from './follow-up';
import { indicatorBlocks } from './indicators';

export async function buildAnnualReport(s: CycleSnapshot, budgetYear: number): Promise<DocumentModel> {
  const title = `Årsredovisning ${budgetYear}`;
  const blocks: Block[] = [heading(1, title), heading(2, 'Förvaltningsberättelse')];
  blocks.push(
    decisionOrMissing('Kommunstyrelsen överlämnade årsredovisningen', s.cycle?.annualReport.submitted, s),
  );
  blocks.push(
    decisionOrMissing('Kommunfullmäktige godkände årsredovisningen', s.cycle?.annualReport.approved, s),
  );

  blocks.push(heading(2, 'Översikt över verksamhetens utveckling'));
  const reports = submissionsOf(s, 'arsrapport');
  blocks.push(
    reports.length > 0
      ? paragraph(`${reports.length} organ har lämnat årsrapporter som underlag till årsredovisningen.`)
      : missing(`Inga årsrapporter inlämnade per ${swedishDate(s.asOf)}.`),
  );
  blocks.push(missing('Flerårsöversikt med nyckeltal för tidigare år registreras inte i årshjulet.'));

  blocks.push(heading(2, 'Den kommunala koncernen'));
  const companies = Object.values(s.cycle?.organs ?? {}).filter((o) => o.kind === 'company');
  blocks.push(
    companies.length > 0
      ? paragraph(`I den kommunala koncernen ingår bolagen ${companies.map((c) => c.name).join(' och ')}.`)
      : missing('Inga bolag registrerade.'),
  );

  blocks.push(heading(2, 'Styrning och uppföljning av den egna verksamheten'));
  const adoptions = Object.entries(s.cycle?.planAdoptions ?? {});
  blocks.push(
    adoptions.length > 0
      ? table(
          'Antagna verksamhetsplaner',
          ['Organ', 'Beslut'],
          adoptions.map(([organId, a]) => [organName(s, organId), cite(a.decision)]),
        )
      : missing('Inga antagna verksamhetsplaner registrerade.'),
  );
  blocks.push(...(await goalSections(s, 'arsrapport', 'ars')));
  const series = indicatorSeries(s, budgetYear);
  if (series.length > 0) {
    blocks.push(heading(3, 'Indikatorer'));
    blocks.push(...(await indicatorBlocks('ars', 'Indikatorernas utveckling över åren', series)));
  }

  blocks.push(...(await economySections(s, 'arsrapport', 'ars')));
  blocks.push(...balanceRequirement(s, 'arsrapport', budgetYear));

  blocks.push(heading(2, 'Väsentliga personalförhållanden'));
  blocks.push(missing('Personaluppgifter (sjukfrånvaro, antal anställda) registreras inte i årshjulet.'));

  blocks.push(heading(2, 'Förväntad utveckling'));
  const plan = s.cycle?.budget.adoption?.plan.filter((p) => p.year > budgetYear) ?? [];
  blocks.push(
    plan.length > 0
      ? table(
          'Ekonomisk plan för kommande år enligt fastställd budget',
          ['År', 'Skatteintäkter och statsbidrag', 'Nettokostnader', 'Resultat'],
          plan.map((p) => [
            String(p.year),
            kronor(p.taxRevenueOre),
            kronor(p.netCostOre),
            kronor(p.resultOre),
          ]),
          [1, 2, 3],
        )
      : missing('Ingen ekonomisk plan för kommande år registrerad.'),
  );
  const nextYear = organEconomy(s, 'arsrapport').filter((e) => e.forecastOre !== null);
  if (nextYear.length === 0) blocks.push(missing('Organens prognoser för nästa år är inte registrerade.'));

  blocks.push(heading(2, 'Ansvarsfrihet'));
  const discharges = Object.entries(s.cycle?.discharges ?? {});
  const subject = Object.values(s.cycle?.organs ?? {}).filter((o) => isSubjectToDischarge(o.kind));
  blocks.push(
    discharges.length > 0
      ? table(
          'Kommunfullmäktiges beslut om ansvarsfrihet',
          ['Organ', 'Ansvarsfrihet', 'Beslut'],
          discharges.map(([organId, d]) => [
            organName(s, organId),
            d.granted ? 'Beviljad' : 'Ej beviljad',
            cite(d.decision),
          ]),
        )
      : missing(
          `Inga beslut om ansvarsfrihet för de ${subject.length} organen registrerade per ${swedishDate(s.asOf)}.`,
        ),
  );
  blocks.push(heading(2, 'Räkenskaper'));
  blocks.push(
    missing(
      `Resultaträkning, balansräkning, kassaflödesanalys och noter${citedInParentheses('Lag (2018:597) om kommunal bokföring och redovisning 4–9 kap.')} registreras inte i årshjulet och ingår inte i detta dokument.`,
    ),
  );
  blocks.push(...sourceNote(s));
  return {
    fileName: `${s.municipality.municipalityId}-${budgetYear}-arsredovisning`,
    title,
    subtitle: subtitleOf(s, budgetYear),
    blocks,
  };
}
