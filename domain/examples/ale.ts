/**
 * Example data: Ale kommun, per the acceptance scenario (DOMAIN.md). Used by the demo and tests.
 * Organisation and styrmodell after "Styrmodell för Ale kommun" (KF 2021-12-20 § 265, Dnr 2021.277);
 * goals, factors, people and amounts are plausible inventions.
 */
import type { CycleCalendar } from '../calendar/schema';
import { validateCalendar } from '../calendar/validate';
import type { CycleCommandInput } from '../cycle/commands';
import type { CycleOrgan } from '../cycle/events';
import { replay } from '../decider';
import type { Decision } from '../decision';
import type { MunicipalityCommandInput } from '../municipality/commands';
import { municipalityDecider } from '../municipality/decider';
import type { MunicipalityEvent } from '../municipality/events';
import type { MunicipalityState } from '../municipality/state';
import type { BudgetContent, NulagesanalysContent } from '../task/content';

export const ALE_MUNICIPALITY_ID = 'ale';

/** Organ ids. */
export const ALE_ORGAN = {
  kf: 'ale-kf',
  ks: 'ale-ks',
  bun: 'ale-bun',
  kfn: 'ale-kfn',
  sbn: 'ale-sbn',
  sn: 'ale-sn',
  alebyggen: 'ale-alebyggen',
  fjarrvarme: 'ale-fjarrvarme',
} as const;

export const ALE_ORGANS: readonly CycleOrgan[] = [
  { organId: ALE_ORGAN.kf, kind: 'council', name: 'Kommunfullmäktige', shortName: 'KF' },
  { organId: ALE_ORGAN.ks, kind: 'executive_board', name: 'Kommunstyrelsen', shortName: 'KS' },
  { organId: ALE_ORGAN.bun, kind: 'committee', name: 'Barn- och utbildningsnämnden', shortName: 'BUN' },
  { organId: ALE_ORGAN.kfn, kind: 'committee', name: 'Kultur- och fritidsnämnden', shortName: 'KFN' },
  { organId: ALE_ORGAN.sbn, kind: 'committee', name: 'Samhällsbyggnadsnämnden', shortName: 'SBN' },
  { organId: ALE_ORGAN.sn, kind: 'committee', name: 'Socialnämnden', shortName: 'SN' },
  { organId: ALE_ORGAN.alebyggen, kind: 'company', name: 'AB Alebyggen', shortName: 'Alebyggen' },
  { organId: ALE_ORGAN.fjarrvarme, kind: 'company', name: 'Ale Fjärrvärme AB', shortName: 'AFAB' },
];

/** Departments (sektorer). */
export const ALE_DEPARTMENTS = [
  { departmentId: 'ale-sektor-ks', organId: ALE_ORGAN.ks, name: 'Sektor kommunstyrelsen' },
  { departmentId: 'ale-sektor-utbildning', organId: ALE_ORGAN.bun, name: 'Sektor utbildning' },
  { departmentId: 'ale-sektor-kultur', organId: ALE_ORGAN.kfn, name: 'Sektor kultur och fritid' },
  { departmentId: 'ale-sektor-samhallsbyggnad', organId: ALE_ORGAN.sbn, name: 'Sektor samhällsbyggnad' },
  { departmentId: 'ale-sektor-ato', organId: ALE_ORGAN.sn, name: 'Sektor arbete, trygghet och omsorg' },
] as const;

/** User ids (people are invented). */
export const ALE_USERS = {
  processOwner: 'karin.holm@ale.se',
  auditor: 'revisor.bengtsson@ale.se',
  secretaries: {
    [ALE_ORGAN.kf]: 'kommunsekreterare@ale.se',
    [ALE_ORGAN.ks]: 'sara.nilsson@ale.se',
    [ALE_ORGAN.bun]: 'erik.ahmadi@ale.se',
    [ALE_ORGAN.kfn]: 'lina.berg@ale.se',
    [ALE_ORGAN.sbn]: 'johan.ek@ale.se',
    [ALE_ORGAN.sn]: 'maria.svensson@ale.se',
    [ALE_ORGAN.alebyggen]: 'styrelsesekreterare@alebyggen.se',
    [ALE_ORGAN.fjarrvarme]: 'styrelsesekreterare@alefjarrvarme.se',
  } as Record<string, string>,
} as const;

/** Riktningsmål (council goals) 2024–2027. */
export const ALE_COUNCIL_GOALS = [
  {
    goalId: 'rm-livslangt-larande',
    title: 'Alla i Ale ges förutsättningar för ett livslångt lärande',
    description: 'Barn, unga och vuxna ska lyckas i skolan och stärka sin ställning på arbetsmarknaden.',
    agenda2030Goals: [4, 8],
  },
  {
    goalId: 'rm-trygghet',
    title: 'Ale är en trygg kommun att leva och bo i',
    description: 'Invånarna känner sig trygga i offentliga miljöer och i mötet med kommunens verksamheter.',
    agenda2030Goals: [11, 16],
  },
  {
    goalId: 'rm-hallbar-utveckling',
    title: 'Ale utvecklas hållbart – ekologiskt, socialt och ekonomiskt',
    description: 'Kommunen växer med god ekonomisk hushållning och minskad klimatpåverkan.',
    agenda2030Goals: [7, 11, 13],
  },
  {
    goalId: 'rm-delaktighet',
    title: 'Invånarna är delaktiga i kommunens utveckling',
    description: 'Medborgarfokus och öppenhet präglar kommunens arbete.',
    agenda2030Goals: [16],
  },
] as const;

/** Omvärldsfaktorer (external factors) 2024–2027. */
export const ALE_EXTERNAL_FACTORS = [
  {
    factorId: 'of-demografi',
    title: 'Demografisk förändring',
    description: 'Fler äldre och fler barn medan andelen i arbetsför ålder minskar.',
  },
  {
    factorId: 'of-kompetensforsorjning',
    title: 'Kompetensförsörjning',
    description: 'Skärpt konkurrens om medarbetare inom skola, vård och omsorg samt teknik.',
  },
  {
    factorId: 'of-digitalisering',
    title: 'Digitalisering och AI',
    description: 'Nya arbetssätt och förväntningar på digitala tjänster.',
  },
  {
    factorId: 'of-klimat',
    title: 'Klimatförändringar',
    description: 'Ökade krav på klimatanpassning och omställning av energi och transporter.',
  },
  {
    factorId: 'of-ekonomi',
    title: 'Samhällsekonomisk utveckling',
    description: 'Osäker konjunktur och skatteunderlag enligt SKR:s och Konjunkturinstitutets prognoser.',
  },
] as const;

export const ALE_COUNCIL_GOAL_IDS: string[] = ALE_COUNCIL_GOALS.map((g) => g.goalId);
export const ALE_EXTERNAL_FACTOR_IDS: string[] = ALE_EXTERNAL_FACTORS.map((f) => f.factorId);

/** The decision that adopted the styrmodell. */
export const ALE_STYRMODELL_DECISION: Decision = {
  organId: ALE_ORGAN.kf,
  body: 'KF',
  date: '2021-12-20',
  paragraph: 265,
  caseNumber: 'Dnr 2021.277',
  subject: 'Styrmodell för Ale kommun',
};

/**
 * Ale's calendar for budget year 2027. 2026 is an election year, so the newly elected KF adopts
 * the budget, on or after 15 October 2026.
 */
export const ALE_CALENDAR_2027: CycleCalendar = {
  budgetYear: 2027,
  omvarldsdag: { date: '2026-02-05' },
  nulagesanalys: { start: '2026-02-09', due: '2026-04-17' },
  tillitsdialog: { start: '2026-04-27', end: '2026-06-05' },
  budget: {
    ksProposal: '2026-10-27',
    specialReasons: false,
    taxRateProposal: null,
    kfAdoption: '2026-11-23',
    planAdoption: '2026-12-15',
  },
  delarsbokslut: { periodEnd: '2027-08-31', reportToKf: '2027-10-25' },
  bokslut: {
    annualReportToKf: '2028-03-31',
    kfApproval: '2028-04-24',
    discharge: '2028-06-12',
    auditReport: '2028-04-14',
  },
};

if (validateCalendar(ALE_CALENDAR_2027).length > 0) {
  throw new Error('ALE_CALENDAR_2027 is invalid');
}

/** Commands that set up Ale kommun: organisation, roles and steering documents. */
export function aleMunicipalityCommands(at = '2026-01-07T08:00:00.000Z'): MunicipalityCommandInput[] {
  const actor = ALE_USERS.processOwner;
  const meta = { at, actor };
  return [
    {
      type: 'RegisterMunicipality',
      ...meta,
      municipalityId: ALE_MUNICIPALITY_ID,
      name: 'Ale kommun',
      municipalityCode: '1440',
    },
    ...ALE_ORGANS.map(
      (o): MunicipalityCommandInput => ({
        type: 'AddOrgan',
        ...meta,
        organId: o.organId,
        kind: o.kind,
        name: o.name,
        shortName: o.shortName,
      }),
    ),
    ...ALE_DEPARTMENTS.map((d): MunicipalityCommandInput => ({ type: 'AddDepartment', ...meta, ...d })),
    ...Object.entries(ALE_USERS.secretaries).map(
      ([organId, userId]): MunicipalityCommandInput => ({
        type: 'AssignSecretary',
        ...meta,
        organId,
        userId,
      }),
    ),
    { type: 'AssignProcessOwner', ...meta, userId: ALE_USERS.processOwner },
    { type: 'AssignAuditor', ...meta, userId: ALE_USERS.auditor },
    {
      type: 'SetVision',
      ...meta,
      text: 'Ale – där människor möts, växer och gör skillnad',
      fromYear: 2023,
      toYear: 2030,
    },
    {
      type: 'SetValues',
      ...meta,
      values: [
        { title: 'Tillit', description: 'Vi litar på varandras kunskap och vilja.' },
        { title: 'Medborgarfokus', description: 'Vi sätter den vi är till för i centrum.' },
        { title: 'Öppenhet', description: 'Vi delar information och välkomnar olika perspektiv.' },
      ],
      fromYear: 2023,
      toYear: 2030,
    },
    ...ALE_COUNCIL_GOALS.map(
      (g): MunicipalityCommandInput => ({
        type: 'AdoptCouncilGoal',
        ...meta,
        ...g,
        agenda2030Goals: [...g.agenda2030Goals],
        fromYear: 2024,
        toYear: 2027,
      }),
    ),
    ...ALE_EXTERNAL_FACTORS.map(
      (f): MunicipalityCommandInput => ({
        type: 'AdoptExternalFactor',
        ...meta,
        ...f,
        fromYear: 2024,
        toYear: 2027,
      }),
    ),
  ];
}

/** The events that set up Ale kommun (decided, so they are exactly what the decider emits). */
export function aleMunicipalityEvents(at?: string): MunicipalityEvent[] {
  let state = municipalityDecider.initialState();
  const events: MunicipalityEvent[] = [];
  for (const raw of aleMunicipalityCommands(at)) {
    const command = municipalityDecider.commandSchema.parse(raw);
    const emitted = municipalityDecider.decide(command, state);
    state = replay(municipalityDecider, emitted, state);
    events.push(...emitted);
  }
  return events;
}

export function aleMunicipalityState(at?: string): MunicipalityState {
  return replay(municipalityDecider, aleMunicipalityEvents(at));
}

/** The command that starts Ale's cycle 2027. */
export function aleStartCycle2027(at = '2026-01-12T08:00:00.000Z'): CycleCommandInput {
  return {
    type: 'StartCycle',
    at,
    actor: ALE_USERS.processOwner,
    municipalityId: ALE_MUNICIPALITY_ID,
    budgetYear: 2027,
    calendar: ALE_CALENDAR_2027,
    organs: [...ALE_ORGANS],
  };
}

/** Budget 2027 in whole kronor: frames for KS and the nämnder, three-year plan 2027–2029. */
export const ALE_BUDGET_2027: BudgetContent = {
  frames: [
    { organId: ALE_ORGAN.ks, amountOre: 21_240_000_000 },
    { organId: ALE_ORGAN.bun, amountOre: 105_430_000_000 },
    { organId: ALE_ORGAN.kfn, amountOre: 9_680_000_000 },
    { organId: ALE_ORGAN.sbn, amountOre: 16_350_000_000 },
    { organId: ALE_ORGAN.sn, amountOre: 88_400_000_000 },
  ],
  plan: [
    { year: 2027, taxRevenueOre: 246_300_000_000, netCostOre: 241_100_000_000, resultOre: 5_200_000_000 },
    { year: 2028, taxRevenueOre: 254_000_000_000, netCostOre: 248_800_000_000, resultOre: 5_200_000_000 },
    { year: 2029, taxRevenueOre: 262_200_000_000, netCostOre: 256_600_000_000, resultOre: 5_600_000_000 },
  ],
  taxRateOre: 2223,
};

/** A complete nulägesanalys for Barn- och utbildningsnämnden (valid content). */
export const ALE_NULAGESANALYS_BUN: NulagesanalysContent = {
  verksamhetsbeskrivning: {
    text: 'Nämnden ansvarar för förskola, grundskola, gymnasieskola och vuxenutbildning enligt skollagen och reglementet.',
  },
  omvarldsanalys: {
    factors: [
      {
        externalFactorId: 'of-demografi',
        risks: ['Minskande barnkullar i vissa kommundelar ger ojämnt nyttjade lokaler'],
        opportunities: ['Möjlighet att samlokalisera förskola och skola'],
        response: 'Lokalförsörjningsplanen revideras årligen.',
      },
      {
        externalFactorId: 'of-kompetensforsorjning',
        risks: ['Brist på legitimerade lärare'],
        opportunities: ['Samarbete med högskolor om verksamhetsförlagd utbildning'],
        response: '',
      },
      {
        externalFactorId: 'of-digitalisering',
        risks: ['Ojämn digital kompetens'],
        opportunities: ['AI-stöd i administration frigör lärartid'],
        response: '',
      },
      {
        externalFactorId: 'of-klimat',
        risks: [],
        opportunities: ['Hållbarhet som tema i undervisningen'],
        response: '',
      },
      {
        externalFactorId: 'of-ekonomi',
        risks: ['Kostnadsökningar utöver budgetramen'],
        opportunities: [],
        response: 'Åtgärdsplan vid befarat underskott.',
      },
    ],
  },
  nulagesanalys: {
    goalFulfilment: [
      {
        goalId: 'rm-livslangt-larande',
        goalType: 'council',
        status: 'partly_achieved',
        comment: 'Meritvärdet ökar.',
      },
      { goalId: 'rm-trygghet', goalType: 'council', status: 'achieved', comment: '' },
    ],
    proposedOrganGoals: [
      {
        title: 'Fler elever når kunskapskraven i alla ämnen i årskurs 9',
        description: '',
        councilGoalIds: ['rm-livslangt-larande'],
        agenda2030Goals: [4],
      },
    ],
    conclusions: 'Fokus på kompetensförsörjning och kunskapsresultat.',
  },
};

/** One of Ale's organs by id (throws for an id Ale does not have). */
export function aleOrgan(organId: string): CycleOrgan {
  const found = ALE_ORGANS.find((o) => o.organId === organId);
  if (!found) throw new Error(`Ale has no organ ${organId}`);
  return found;
}

/** The secretary (nämndsekreterare) of one of Ale's organs. */
export function aleSecretaryOf(organId: string): string {
  const secretary = ALE_USERS.secretaries[organId];
  if (!secretary) throw new Error(`Ale's organ ${organId} has no secretary`);
  return secretary;
}
