import { isVerifiedCitation } from './citations';
import { CALENDAR_RULES, type CalendarRule } from './rules';

/**
 * Rules of the domain beyond the calendar's (balanskrav, discharge per member, mandate periods,
 * cancelled tasks, organ changes), each with its citation. Like the calendar's, a citation is shown to
 * users only once its statute text is quoted in citations.ts.
 */
export interface DomainRule {
  id: DomainRuleId;
  description: string;
  citation: string | null;
  verified: boolean;
}

const KL = 'Kommunallagen (2017:725)';
const VALLAGEN = 'Vallagen (2005:837)';

const rule = (id: DomainRuleId, description: string, citation: string | null): DomainRule => ({
  id,
  description,
  citation,
  verified: citation === null || isVerifiedCitation(citation),
});

export const DOMAIN_RULE_IDS = [
  'balance.budget-in-balance',
  'balance.recovery-plan',
  'balance.recovery-within-three-years',
  'discharge.per-member',
  'mandate.ordinary-elections',
  'mandate.extra-election',
  'analysis.organ-decision',
  'task.cancel',
  'dialogue.scheduled',
  'omvarldsdag.attendance',
  'organ.change-during-cycle',
] as const;
export type DomainRuleId = (typeof DOMAIN_RULE_IDS)[number];

export const DOMAIN_RULES: { readonly [K in DomainRuleId]: DomainRule } = {
  'balance.budget-in-balance': rule(
    'balance.budget-in-balance',
    'Budgeten ska upprättas så att intäkterna överstiger kostnaderna; fullmäktige får besluta om en budget i underskott bara om det finns synnerliga skäl, och skälen ska anges.',
    `${KL} 11 kap. 5 §`,
  ),
  'balance.recovery-plan': rule(
    'balance.recovery-plan',
    'Är balanskravsresultatet negativt ska fullmäktige anta en åtgärdsplan för hur det ska regleras.',
    `${KL} 11 kap. 12 §`,
  ),
  'balance.recovery-within-three-years': rule(
    'balance.recovery-within-three-years',
    'Ett negativt balanskravsresultat ska regleras under de närmast följande tre åren.',
    `${KL} 11 kap. 12 §`,
  ),
  'discharge.per-member': rule(
    'discharge.per-member',
    'Fullmäktige prövar ansvarsfrihet för varje nämnd och för de enskilda förtroendevalda i den, med eventuell anmärkning.',
    `${KL} 5 kap. 24 §`,
  ),
  'mandate.ordinary-elections': rule(
    'mandate.ordinary-elections',
    'Ordinarie val hålls vart fjärde år den andra söndagen i september (2026, 2030 …); mandatperioden börjar 15 oktober valåret.',
    `${VALLAGEN} 1 kap. 3 §`,
  ),
  'mandate.extra-election': rule(
    'mandate.extra-election',
    'Ett extra val inleder en ny mandatperiod som varar till nästa ordinarie val; de ordinarie valen flyttas inte.',
    `${KL} 5 kap. 5 §`,
  ),
  'analysis.organ-decision': rule(
    'analysis.organ-decision',
    'Nämnden beslutar om sin egen nulägesanalys.',
    null,
  ),
  'task.cancel': rule(
    'task.cancel',
    'En processägare kan avbryta en uppgift med angivet skäl; fasen väntar då inte längre på den.',
    null,
  ),
  'dialogue.scheduled': rule(
    'dialogue.scheduled',
    'En tillitsdialog planeras med datum och deltagare inom tillitsdialogfasen.',
    null,
  ),
  'omvarldsdag.attendance': rule(
    'omvarldsdag.attendance',
    'Närvaron vid omvärldsdagen registreras per organ som deltar i cykeln.',
    null,
  ),
  'organ.change-during-cycle': rule(
    'organ.change-during-cycle',
    'Ett organ som läggs till under cykeln får de öppna fasernas uppgifter; ett organ som tas bort får sina öppna uppgifter avbrutna; ett nytt namn syns överallt.',
    null,
  ),
};

/** Any rule shown to users: a calendar rule or a domain rule; null for an id in neither registry. */
export function ruleById(id: string): CalendarRule | DomainRule | null {
  if (Object.hasOwn(CALENDAR_RULES, id)) return CALENDAR_RULES[id as keyof typeof CALENDAR_RULES];
  if (Object.hasOwn(DOMAIN_RULES, id)) return DOMAIN_RULES[id as DomainRuleId];
  return null;
}

/** The citation of a rule that users may see: only a verified one, else null. */
export function publicRuleCitation(id: string): string | null {
  const found = ruleById(id);
  return found?.verified ? found.citation : null;
}
