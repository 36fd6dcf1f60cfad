/**
 * Balanskravsutredning (LKBR 2018:597 11 kap. and, for the delårsrapport, 13 kap.; KL 11 kap. 5 och
 * 12–14 §§): the budget's planned result and KF's synnerliga skäl, the year's balanskravsresultat, the
 * åtgärdsplan for a deficit, and the deficits of earlier years still to restore and by when.
 */
import { balanceLedger, type DeficitEntry } from '../../domain/cycle/balance-ledger';
import type { ReportKind } from '../figures';
import { kronor, swedishDate } from '../format';
import { type Block, heading, missing, paragraph, table } from '../model';
import type { CycleSnapshot } from '../snapshot';
import { cite } from './common';

const STATUS_SV: Record<DeficitEntry['status'], string> = {
  restored: 'Återställt',
  outstanding: 'Kvar att återställa',
  overdue: 'Inte återställt i tid',
};

/** The budget: planned result and, for a deficit, KF's synnerliga skäl (KL 11 kap. 5 §). */
function budgetPart(s: CycleSnapshot, budgetYear: number): Block[] {
  const plan = s.cycle?.budget.adoption?.plan.find((p) => p.year === budgetYear);
  if (!plan) return [missing('Ingen fastställd budget med ekonomisk plan registrerad.')];
  const blocks: Block[] = [
    paragraph(
      `Enligt den fastställda budgeten är resultatet för ${budgetYear} planerat till ${kronor(plan.resultOre)} ` +
        `(skatteintäkter och generella statsbidrag ${kronor(plan.taxRevenueOre)}, verksamhetens nettokostnader ${kronor(plan.netCostOre)}).`,
    ),
  ];
  if (s.budgetExemption) {
    blocks.push(
      paragraph(
        `Kommunfullmäktige fastställde budgeten med underskott med hänvisning till synnerliga skäl (11 kap. 5 § kommunallagen): ${s.budgetExemption.reasons}`,
      ),
    );
  } else if (plan.resultOre < 0) {
    blocks.push(missing('Budgeten visar underskott, men inga synnerliga skäl är registrerade.'));
  } else {
    blocks.push(paragraph('Budgeten uppfyller balanskravet; inga synnerliga skäl behövdes.'));
  }
  return blocks;
}

/** The year's balanskravsresultat (årsredovisning) or what the delårsrapport can say of it. */
function resultPart(s: CycleSnapshot, kind: ReportKind, budgetYear: number): Block[] {
  const resultOre = s.cycle?.balance.resultOre ?? null;
  if (kind === 'delarsrapport' && resultOre === null) {
    return [
      missing(
        `Någon prognos för balanskravsresultatet ${budgetYear} registreras inte i årshjulet; bedömningen av om balanskravet uppfylls görs i årsredovisningen.`,
      ),
    ];
  }
  if (resultOre === null) {
    return [missing(`Balanskravsresultatet för ${budgetYear} är inte redovisat per ${swedishDate(s.asOf)}.`)];
  }
  return [
    table(
      `Balanskravsutredning ${budgetYear}`,
      ['Post', 'Belopp'],
      [['Balanskravsresultat', kronor(resultOre)]],
      [1],
    ),
    missing(
      'Årets resultat, realisationsvinster och förändringar av resultatutjämningsreserven registreras inte i årshjulet; ' +
        'utredningen visar därför bara balanskravsresultatet som kommunstyrelsen redovisade.',
    ),
    paragraph(
      resultOre >= 0
        ? `Balanskravsresultatet är ${kronor(resultOre)}: balanskravet är uppfyllt för ${budgetYear}.`
        : `Balanskravsresultatet är negativt, ${kronor(resultOre)}: balanskravet är inte uppfyllt för ${budgetYear}, och underskottet ska återställas senast ${budgetYear + 3} (11 kap. 12 § kommunallagen).`,
    ),
  ];
}

/** KF's åtgärdsplan for the year's deficit: the decision and its measures. */
function planPart(s: CycleSnapshot, budgetYear: number): Block[] {
  const resultOre = s.cycle?.balance.resultOre ?? null;
  const plan = s.cycle?.balance.recoveryPlan ?? null;
  if (plan) {
    return [
      heading(3, 'Åtgärdsplan'),
      paragraph(
        `Kommunfullmäktige antog en åtgärdsplan, ${cite(plan.decision)}, som återställer underskottet på ${kronor(plan.deficitOre)} under åren ${budgetYear + 1}–${budgetYear + 3}.`,
      ),
      table(
        'Åtgärder i åtgärdsplanen',
        ['Åtgärd', 'År', 'Belopp'],
        plan.measures.map((m) => [m.description, String(m.year), kronor(m.amountOre)]),
        [1, 2],
      ),
    ];
  }
  if (resultOre !== null && resultOre < 0) {
    return [
      heading(3, 'Åtgärdsplan'),
      missing(`Ingen åtgärdsplan för underskottet antagen av kommunfullmäktige per ${swedishDate(s.asOf)}.`),
    ];
  }
  return [];
}

/** Deficits of this and earlier years still to restore, read from each cycle's events. */
function ledgerPart(s: CycleSnapshot, budgetYear: number): Block[] {
  const ledger = balanceLedger(s.cyclesUpToYear, budgetYear);
  const blocks: Block[] = [heading(3, 'Underskott att återställa')];
  if (ledger.deficits.length === 0) {
    return [...blocks, paragraph('Det finns inga negativa balanskravsresultat att återställa.')];
  }
  blocks.push(
    paragraph(
      ledger.outstandingOre > 0
        ? `Sammanlagt återstår ${kronor(ledger.outstandingOre)} att återställa.`
        : 'Alla tidigare underskott är återställda.',
    ),
    table(
      'Negativa balanskravsresultat och deras återställande',
      ['Ursprungsår', 'Underskott', 'Återställt', 'Kvar', 'Återställs senast', 'Åtgärdsplan', 'Status'],
      ledger.deficits.map((d) => [
        String(d.originYear),
        kronor(d.deficitOre),
        kronor(d.restoredOre),
        kronor(d.outstandingOre),
        String(d.dueYear),
        d.recoveryPlanAdopted ? 'Antagen' : 'Ej antagen',
        STATUS_SV[d.status],
      ]),
      [1, 2, 3],
    ),
  );
  return blocks;
}

/** Balanskravet as the förvaltningsberättelse (or the delårsrapport) presents it. */
export function balanceRequirement(s: CycleSnapshot, kind: ReportKind, budgetYear: number): Block[] {
  return [
    heading(2, 'Balanskravet'),
    ...budgetPart(s, budgetYear),
    heading(3, 'Balanskravsresultat'),
    ...resultPart(s, kind, budgetYear),
    ...planPart(s, budgetYear),
    ...ledgerPart(s, budgetYear),
  ];
}
