import { isVerifiedCitation } from './citations';

/** A legal or sanity rule the calendar is checked against. */
export interface CalendarRule {
  id: CalendarRuleId;
  /** Swedish, for users. */
  description: string;
  /** Legal citation, or null when the rule is one of sane ordering. */
  citation: string | null;
  /**
   * True only when the statute sentence it rests on is quoted in citations.ts; an unverified citation
   * never leaves the server.
   */
  verified: boolean;
}

export const CALENDAR_RULE_IDS = [
  'budget.ks-proposal-by-october',
  'budget.ks-proposal-november-special-reasons',
  'budget.tax-rate-proposal-by-october',
  'budget.kf-adoption-deadline',
  'budget.election-year-new-council',
  'interim.period-coverage',
  'interim.report-within-two-months',
  'annual-report.by-15-april',
  'discharge.by-end-of-june',
  'discharge.after-annual-report-approval',
  'discharge.after-auditors-report',
  'audit-report.findings-per-organ',
  'calendar.budget-year',
  'calendar.phase-order',
] as const;
export type CalendarRuleId = (typeof CALENDAR_RULE_IDS)[number];

const KL = 'Kommunallagen (2017:725)';
const LKBR = 'Lag (2018:597) om kommunal bokföring och redovisning';

export const CALENDAR_RULES: { readonly [K in CalendarRuleId]: CalendarRule & { id: K } } = {
  'budget.ks-proposal-by-october': {
    id: 'budget.ks-proposal-by-october',
    description: 'Kommunstyrelsen ska upprätta budgetförslaget före oktober månads utgång.',
    citation: `${KL} 11 kap. 8 §`,
    verified: isVerifiedCitation(`${KL} 11 kap. 8 §`),
  },
  'budget.ks-proposal-november-special-reasons': {
    id: 'budget.ks-proposal-november-special-reasons',
    description: 'Om det finns särskilda skäl får budgetförslaget upprättas i november, senast 30 november.',
    citation: `${KL} 11 kap. 8 §`,
    verified: isVerifiedCitation(`${KL} 11 kap. 8 §`),
  },
  'budget.tax-rate-proposal-by-october': {
    id: 'budget.tax-rate-proposal-by-october',
    description:
      'Upprättas budgetförslaget i november ska styrelsen före oktober månads utgång föreslå skattesatsen.',
    citation: `${KL} 11 kap. 8 §`,
    verified: isVerifiedCitation(`${KL} 11 kap. 8 §`),
  },
  'budget.kf-adoption-deadline': {
    id: 'budget.kf-adoption-deadline',
    description:
      'Fullmäktige fastställer budgeten före november månads utgång; före december månads utgång om förslaget upprättades i november.',
    citation: `${KL} 11 kap. 10 §`,
    verified: isVerifiedCitation(`${KL} 11 kap. 10 §`),
  },
  'budget.election-year-new-council': {
    id: 'budget.election-year-new-council',
    description:
      'Under ett valår fastställs budgeten av de nyvalda fullmäktige, vars mandattid börjar 15 oktober.',
    citation: `${KL} 11 kap. 11 §`,
    verified: isVerifiedCitation(`${KL} 11 kap. 11 §`),
  },
  'interim.period-coverage': {
    id: 'interim.period-coverage',
    description:
      'Delårsrapporten ska omfatta minst hälften och högst två tredjedelar av räkenskapsåret (periodslut 30 juni–31 augusti).',
    citation: `${LKBR} 13 kap. 1 §`,
    verified: isVerifiedCitation(`${LKBR} 13 kap. 1 §`),
  },
  'interim.report-within-two-months': {
    id: 'interim.report-within-two-months',
    description:
      'Styrelsen ska lämna delårsrapporten till fullmäktige och revisorerna inom två månader från periodens utgång.',
    citation: `${KL} 11 kap. 16 §`,
    verified: isVerifiedCitation(`${KL} 11 kap. 16 §`),
  },
  'annual-report.by-15-april': {
    id: 'annual-report.by-15-april',
    description:
      'Styrelsen ska lämna årsredovisningen till fullmäktige och revisorerna senast 15 april året efter budgetåret.',
    citation: `${KL} 11 kap. 19 §`,
    verified: isVerifiedCitation(`${KL} 11 kap. 19 §`),
  },
  'discharge.by-end-of-june': {
    id: 'discharge.by-end-of-june',
    description: 'Fullmäktige beslutar om ansvarsfrihet före utgången av juni året efter budgetåret.',
    citation: `${KL} 5 kap. 24, 25 och 32 §§`,
    verified: isVerifiedCitation(`${KL} 5 kap. 24, 25 och 32 §§`),
  },
  'discharge.after-annual-report-approval': {
    id: 'discharge.after-annual-report-approval',
    description: 'Fullmäktige beslutar om ansvarsfrihet först efter att ha godkänt årsredovisningen.',
    citation: `${KL} 11 kap. 20 §`,
    verified: isVerifiedCitation(`${KL} 11 kap. 20 §`),
  },
  'discharge.after-auditors-report': {
    id: 'discharge.after-auditors-report',
    description: 'Fullmäktige beslutar om ansvarsfrihet efter revisorernas revisionsberättelse.',
    citation: `${KL} 5 kap. 25 §`,
    verified: isVerifiedCitation(`${KL} 5 kap. 25 §`),
  },
  'audit-report.findings-per-organ': {
    id: 'audit-report.findings-per-organ',
    description:
      'Revisionsberättelsen tillstyrker eller avstyrker ansvarsfrihet för varje nämnd och styrelsen, med eventuell anmärkning och skälen för den.',
    citation: `${KL} 12 kap. 12–13 §§`,
    verified: isVerifiedCitation(`${KL} 12 kap. 12–13 §§`),
  },
  'calendar.budget-year': {
    id: 'calendar.budget-year',
    description: 'Kalendern ska gälla det budgetår som cykeln avser.',
    citation: null,
    verified: true,
  },
  'calendar.phase-order': {
    id: 'calendar.phase-order',
    description: 'Faserna ska ligga i rimlig ordning.',
    citation: null,
    verified: true,
  },
};

/** The citation users may see: only verified ones (null otherwise). */
export function publicCitation(ruleId: CalendarRuleId): string | null {
  const rule = CALENDAR_RULES[ruleId];
  return rule.verified ? rule.citation : null;
}
