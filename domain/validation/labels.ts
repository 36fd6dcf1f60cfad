/**
 * Swedish names of the fields of commands and task contents, so a validation message can say which
 * field it is about ("Ange enhet", "Nämndmål 2, indikator 1: …") and the API never answers with a
 * bare "Invalid input". Keys are the schemas' (English) field names.
 */
const FIELD: Readonly<Record<string, string>> = {
  content: 'Innehåll',
  summary: 'Sammanfattning',
  factors: 'Omvärldsfaktorer',
  externalFactorId: 'Omvärldsfaktor',
  analysis: 'Analys',
  sources: 'Källor',
  verksamhetsbeskrivning: 'Verksamhetsbeskrivning',
  omvarldsanalys: 'Omvärldsanalys',
  nulagesanalys: 'Nulägesanalys',
  risks: 'Risker',
  opportunities: 'Möjligheter',
  response: 'Hur organet möter faktorn',
  goalFulfilment: 'Måluppfyllelse',
  goalId: 'Mål',
  goalType: 'Måltyp',
  status: 'Bedömning',
  comment: 'Kommentar',
  proposedOrganGoals: 'Förslag till nämndmål',
  organGoals: 'Nämndmål',
  title: 'Rubrik',
  description: 'Beskrivning',
  councilGoalIds: 'Riktningsmål',
  agenda2030Goals: 'Agenda 2030-mål',
  conclusions: 'Slutsatser',
  kind: 'Typ',
  date: 'Datum',
  participants: 'Deltagare',
  name: 'Namn',
  role: 'Roll',
  organId: 'Organ',
  departmentId: 'Sektor',
  agreements: 'Överenskommelser',
  proposals: 'Förslag',
  type: 'Typ',
  indicators: 'Indikatorer',
  indicatorId: 'Indikator',
  unit: 'Enhet',
  target: 'Målvärde',
  baseline: 'Utgångsvärde',
  period: 'Period',
  from: 'Från',
  to: 'Till',
  activities: 'Aktiviteter',
  activityId: 'Aktivitet',
  dueDate: 'Sista dag',
  internalBudget: 'Internbudget',
  label: 'Benämning',
  amount: 'Belopp',
  periodEnd: 'Periodens slut',
  economy: 'Ekonomi',
  budget: 'Budget',
  outcome: 'Utfall',
  forecast: 'Prognos för helåret',
  forecastNextYear: 'Prognos för nästa år',
  indicatorValues: 'Indikatorvärden',
  value: 'Värde',
  reason: 'Skäl',
  version: 'Version',
  frames: 'Ramar',
  plan: 'Ekonomisk plan',
  year: 'År',
  taxRevenue: 'Skatteintäkter',
  netCost: 'Nettokostnader',
  result: 'Resultat',
  taxRate: 'Skattesats',
  municipalityId: 'Kommun',
  taskId: 'Uppgift',
  budgetYear: 'Budgetår',
  asOf: 'Per datum',
  decision: 'Beslut',
  paragraph: 'Paragraf (§)',
  caseNumber: 'Diarienummer',
  subject: 'Ärende',
  body: 'Beslutande organ',
  userId: 'Användare',
  fromYear: 'Från år',
  toYear: 'Till år',
};

/** A field's name where it depends on what it is part of (`parent.field`). */
const IN_CONTEXT: Readonly<Record<string, string>> = {
  'verksamhetsbeskrivning.text': 'Verksamhetsbeskrivning',
  'period.from': 'Periodens första dag',
  'period.to': 'Periodens sista dag',
  'proposals.type': 'Typ av förslag',
  'activities.dueDate': 'Klart senast',
};

/** One item of a list, for positions ("Nämndmål 2, indikator 1"). */
const ITEM: Readonly<Record<string, string>> = {
  organGoals: 'nämndmål',
  proposedOrganGoals: 'nämndmål',
  indicators: 'indikator',
  activities: 'aktivitet',
  participants: 'deltagare',
  proposals: 'förslag',
  agreements: 'överenskommelse',
  internalBudget: 'budgetpost',
  factors: 'omvärldsfaktor',
  goalFulfilment: 'mål',
  risks: 'risk',
  opportunities: 'möjlighet',
  sources: 'källa',
  indicatorValues: 'indikatorvärde',
  frames: 'ram',
  plan: 'planår',
  agenda2030Goals: 'Agenda 2030-mål',
  councilGoalIds: 'riktningsmål',
};

type Path = readonly PropertyKey[];

/** `amountSek`/`amountOre` → `amount`: both spellings of a money field have one name. */
const moneyStem = (key: string) => key.replace(/(Sek|Ore)$/, '');

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The Swedish name of the field a path ends in ("Enhet"; a list item: "Överenskommelse 3"). */
export function fieldLabel(path: Path): string {
  const keys = path.map(String);
  const last = keys.at(-1);
  if (last === undefined) return 'Begäran';
  if (/^\d+$/.test(last)) {
    const list = keys.at(-2) ?? '';
    return `${upper(ITEM[list] ?? 'värde')} ${Number(last) + 1}`;
  }
  const parent = [...keys.slice(0, -1)].reverse().find((k) => !/^\d+$/.test(k));
  return (
    (parent && IN_CONTEXT[`${parent}.${last}`]) ??
    FIELD[last] ??
    FIELD[moneyStem(last)] ??
    upper(moneyStem(last))
  );
}

/** Where in a list a path is, e.g. "Nämndmål 2, indikator 1" (empty outside lists). */
export function positionOf(path: Path): string {
  const keys = path.map(String);
  const parts: string[] = [];
  for (let i = 1; i < keys.length - 1; i++) {
    const index = keys[i] ?? '';
    if (/^\d+$/.test(index)) parts.push(`${ITEM[keys[i - 1] ?? ''] ?? 'rad'} ${Number(index) + 1}`);
  }
  return upper(parts.join(', '));
}

/** The field's name with its position: "Nämndmål 2, indikator 1: Enhet". */
export function fieldWhere(path: Path): string {
  const position = positionOf(path);
  const label = fieldLabel(path);
  return position ? `${position}: ${label}` : label;
}

/** Lower-case first letter, for a name inside a sentence ("Ange enhet"); keeps "KS", "Agenda 2030". */
export const inSentence = (label: string) =>
  /^[A-ZÅÄÖ]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
