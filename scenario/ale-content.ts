/**
 * Plausible content for every task Ale kommun's organs hand in during cycle 2027, valid under the
 * domain's schemas. Amounts in whole kronor.
 */
import type { CycleOrgan } from '../domain/cycle/events';
import type { Decision } from '../domain/decision';
import { ALE_BUDGET_2027, ALE_COUNCIL_GOALS, ALE_EXTERNAL_FACTORS, ALE_ORGAN } from '../domain/examples/ale';
import type {
  ArsrapportContent,
  DelarsrapportContent,
  NulagesanalysContent,
  OmvarldsanalysContent,
  TillitsdialogContent,
  VerksamhetsplanContent,
} from '../domain/task/content';

const goalsFor: Record<string, string[]> = {
  [ALE_ORGAN.ks]: ['rm-hallbar-utveckling', 'rm-delaktighet'],
  [ALE_ORGAN.bun]: ['rm-livslangt-larande'],
  [ALE_ORGAN.kfn]: ['rm-delaktighet', 'rm-livslangt-larande'],
  [ALE_ORGAN.sbn]: ['rm-hallbar-utveckling', 'rm-trygghet'],
  [ALE_ORGAN.sn]: ['rm-trygghet'],
  [ALE_ORGAN.alebyggen]: ['rm-hallbar-utveckling', 'rm-trygghet'],
  [ALE_ORGAN.fjarrvarme]: ['rm-hallbar-utveckling'],
};
const councilGoalsOf = (organId: string) => goalsFor[organId] ?? ['rm-hallbar-utveckling'];

/** Annual budget per organ in öre: the KF frame where there is one, else the company's own. */
export function annualBudgetOre(organId: string): number {
  const frame = ALE_BUDGET_2027.frames.find((f) => f.organId === organId);
  if (frame) return frame.amountOre;
  return organId === ALE_ORGAN.alebyggen ? 31_000_000_000 : 9_500_000_000;
}

export function omvarldsanalys(): OmvarldsanalysContent {
  return {
    summary:
      'Omvärldsdagen samlade nämnder och bolag kring kommunens omvärldsfaktorer. Demografi och kompetensförsörjning bedöms påverka alla verksamheter mest de kommande åren.',
    factors: ALE_EXTERNAL_FACTORS.map((f) => ({
      externalFactorId: f.factorId,
      analysis: `${f.title}: ${f.description} Påverkar samtliga nämnder och bolag.`,
    })),
    sources: ['SKR Ekonomirapporten', 'Konjunkturinstitutet, Konjunkturläget'],
  };
}

export function nulagesanalys(organ: CycleOrgan, revision = 1): NulagesanalysContent {
  const goals = councilGoalsOf(organ.organId);
  return {
    verksamhetsbeskrivning: {
      text: `${organ.name} bedriver sin verksamhet enligt ${organ.kind === 'company' ? 'bolagsordning och ägardirektiv' : 'reglemente'} och gällande lagstiftning.`,
    },
    omvarldsanalys: {
      factors: ALE_EXTERNAL_FACTORS.map((f) => ({
        externalFactorId: f.factorId,
        risks: [`${f.title} kan försvåra uppdraget för ${organ.shortName}`],
        opportunities: revision > 1 ? [`${f.title} ger möjlighet till nya arbetssätt`] : [],
        response: revision > 1 ? 'Hanteras i verksamhetsplanen.' : '',
      })),
    },
    nulagesanalys: {
      goalFulfilment: goals.map((goalId) => ({
        goalId,
        goalType: 'council' as const,
        status: 'partly_achieved' as const,
        comment: 'Arbetet pågår; se indikatorerna.',
      })),
      proposedOrganGoals: [
        {
          title: `${organ.shortName}: ${ALE_COUNCIL_GOALS.find((g) => g.goalId === goals[0])?.title ?? 'Hållbar utveckling'}`,
          description: 'Nämndens bidrag till riktningsmålet.',
          councilGoalIds: goals,
          agenda2030Goals: [11],
        },
      ],
      conclusions: revision > 1 ? 'Kompletterad med möjligheter per omvärldsfaktor efter returen.' : '',
    },
  };
}

export function tillitsdialog(organ: CycleOrgan, date: string): TillitsdialogContent {
  return {
    kind: 'ks_with_organ',
    date,
    participants: [
      { name: 'Kommunstyrelsens presidium', role: 'KS', organId: ALE_ORGAN.ks, departmentId: null },
      { name: `${organ.name}s presidium`, role: organ.shortName, organId: organ.organId, departmentId: null },
    ],
    agreements: [`${organ.shortName} och KS följer upp kompetensförsörjningen gemensamt under hösten.`],
    proposals: [
      { type: 'changed_conditions', description: `Flexiblare lokalplanering för ${organ.shortName}.` },
    ],
  };
}

export function verksamhetsplan(organ: CycleOrgan, budgetYear: number): VerksamhetsplanContent {
  const goals = councilGoalsOf(organ.organId);
  return {
    organGoals: [
      {
        goalId: `${organ.organId}-mal-1`,
        title: `${organ.shortName} bidrar till: ${ALE_COUNCIL_GOALS.find((g) => g.goalId === goals[0])?.title ?? ''}`,
        description: '',
        councilGoalIds: goals,
        agenda2030Goals: [],
        indicators: [
          {
            indicatorId: `${organ.organId}-ind-1`,
            name: 'Nöjd-Medborgar-Index för verksamheten',
            unit: 'index',
            target: 65,
            baseline: 58,
            period: { from: `${budgetYear}-01-01`, to: `${budgetYear}-12-31` },
          },
        ],
        activities: [
          {
            activityId: `${organ.organId}-akt-1`,
            title: 'Dialogmöten med brukare',
            dueDate: `${budgetYear}-06-30`,
          },
        ],
      },
    ],
    internalBudget: [{ label: 'Verksamhet', amountOre: annualBudgetOre(organ.organId) }],
  };
}

export function delarsrapport(organ: CycleOrgan, periodEnd: string): DelarsrapportContent {
  const budget = annualBudgetOre(organ.organId);
  return {
    periodEnd,
    // Two thirds of the year's budget, to the öre: outcomes carry öre.
    economy: {
      budgetOre: budget,
      outcomeOre: Math.round((budget * 2) / 3),
      forecastOre: budget - 150_000_000,
    },
    goalFulfilment: councilGoalsOf(organ.organId).map((goalId) => ({
      goalId,
      goalType: 'council' as const,
      status: 'partly_achieved' as const,
      comment: '',
    })),
    comment: 'Prognosen visar ett litet överskott.',
  };
}

export function arsrapport(organ: CycleOrgan): ArsrapportContent {
  const budget = annualBudgetOre(organ.organId);
  return {
    economy: { budgetOre: budget, outcomeOre: budget - 200_000_012, forecastNextYearOre: null },
    goalFulfilment: [
      ...councilGoalsOf(organ.organId).map((goalId) => ({
        goalId,
        goalType: 'council' as const,
        status: 'achieved' as const,
        comment: '',
      })),
      ...(organ.kind === 'committee'
        ? [
            {
              goalId: `${organ.organId}-mal-1`,
              goalType: 'organ' as const,
              status: 'partly_achieved' as const,
              comment: '',
            },
          ]
        : []),
    ],
    indicatorValues: organ.kind === 'committee' ? [{ indicatorId: `${organ.organId}-ind-1`, value: 63 }] : [],
    comment: '',
  };
}

let paragraphs = 100;
/** A decision by an organ at a meeting; paragraphs count up like a real minute book. */
export function decision(organ: CycleOrgan, date: string, subject: string): Decision {
  paragraphs += 1;
  return {
    organId: organ.organId,
    body: organ.shortName,
    date,
    paragraph: paragraphs,
    caseNumber: `Dnr ${date.slice(0, 4)}.${paragraphs}`,
    subject,
  };
}
