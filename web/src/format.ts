/** Swedish labels and formats (DOMAIN.md's vocabulary). */
import { PHASES, type Phase } from '../../domain/calendar/schema';
import { phaseLabel as domainPhaseLabel } from '../../domain/cycle/guards';
import { formatKronorText, kronorToOre, oreToKronorText } from '../../domain/money';

const num = new Intl.NumberFormat('sv-SE');
const date = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' });
const dateTime = new Intl.DateTimeFormat('sv-SE', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Stockholm',
});

/** An amount in öre (a number, or the read models' exact decimal string) as `1 234 567,89 kr`. */
export const formatSek = (ore: number | string): string => `${formatKronorText(oreToKronorText(ore))} kr`;

/**
 * What a person types as kronor (`1 234 567,89`, `1234567.89`, `-12,5`, with or without `kr`) as the
 * API's kronor text (`"1234567.89"`), or a Swedish error. Spaces group digits; comma or point before öre.
 */
export function parseSek(text: string): { ok: true; kronor: string } | { ok: false; message: string } {
  const compact = text
    .replace(/kr\.?$/i, '')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/^[\u2212-]/, '-')
    .replace(',', '.');
  if (compact === '' || compact === '-') return { ok: false, message: 'Ange ett belopp i kronor' };
  const checked = kronorToOre(compact);
  if (!checked.ok)
    return { ok: false, message: 'Ange beloppet som t.ex. 1 234 567,89 (högst två decimaler)' };
  return { ok: true, kronor: oreToKronorText(checked.ore) };
}
export const formatNumber = (n: number): string => num.format(n);
/** `17 april 2026` */
export const formatDate = (iso: string | null | undefined): string =>
  iso ? date.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '–';
export const formatDateTime = (iso: string | null | undefined): string =>
  iso ? dateTime.format(new Date(iso)) : '–';

// The phases and their Swedish names come from the domain, as the form's schema does.
export { PHASES, type Phase };

const isPhase = (p: string): p is Phase => (PHASES as readonly string[]).includes(p);
export const phaseLabel = (p: string): string => (isPhase(p) ? domainPhaseLabel(p) : p);

export const PHASE_STATUS_LABEL: Record<string, string> = {
  pending: 'Ej påbörjad',
  open: 'Pågår',
  closed: 'Avslutad',
};

export const TASK_STATUS_LABEL: Record<string, string> = {
  open: 'Att göra',
  assigned: 'Att göra',
  submitted: 'Inlämnad',
  returned: 'Returnerad',
  approved: 'Godkänd',
};
export const taskStatusLabel = (s: string): string => TASK_STATUS_LABEL[s] ?? s;

export const KIND_LABEL: Record<string, string> = {
  omvarldsanalys: 'Omvärldsanalys',
  nulagesanalys: 'Nulägesanalys',
  tillitsdialog: 'Tillitsdialog',
  verksamhetsplan: 'Verksamhetsplan',
  delarsrapport: 'Delårsrapport',
  arsrapport: 'Årsrapport',
};

export const ROLE_LABEL: Record<string, string> = {
  process_owner: 'Processägare',
  secretary: 'Nämndsekreterare',
  auditor: 'Revisor',
};

export const GOAL_STATUS_LABEL: Record<string, string> = {
  achieved: 'Uppfyllt',
  partly_achieved: 'Delvis uppfyllt',
  not_achieved: 'Ej uppfyllt',
  not_assessed: 'Ej bedömt',
};

export const DIALOGUE_KIND_LABEL: Record<string, string> = {
  ks_with_organ: 'Kommunstyrelsen med organet',
  within_organ: 'Inom organet',
  between_departments: 'Mellan sektorer',
};

/** Event types in Swedish, for the audit timeline. */
export const EVENT_LABEL: Record<string, string> = {
  MunicipalityRegistered: 'Kommunen registrerad',
  OrganAdded: 'Organ tillagt',
  DepartmentAdded: 'Sektor tillagd',
  SecretaryAssigned: 'Nämndsekreterare utsedd',
  SecretaryRemoved: 'Nämndsekreterare borttagen',
  ProcessOwnerAssigned: 'Processägare utsedd',
  ProcessOwnerRemoved: 'Processägare borttagen',
  AuditorAssigned: 'Revisor utsedd',
  VisionSet: 'Vision fastställd',
  ValuesSet: 'Värdegrund fastställd',
  CouncilGoalAdopted: 'Riktningsmål antaget',
  ExternalFactorAdopted: 'Omvärldsfaktor antagen',
  OrganGoalAdopted: 'Nämndmål antaget',
  IndicatorDefined: 'Indikator definierad',
  IndicatorValueRecorded: 'Indikatorvärde registrerat',
  IndicatorBoundToKolada: 'Indikator kopplad till Kolada',
  KoladaValueRecorded: 'Värde från Kolada registrerat',
  ActivityPlanned: 'Aktivitet planerad',
  CycleStarted: 'Cykeln startad',
  PhaseOpened: 'Fas öppnad',
  PhaseClosed: 'Fas avslutad',
  CalendarDateChanged: 'Datum i kalendern ändrat',
  DecisionRecorded: 'Beslut registrerat',
  DialogueOutcomesReported: 'Tillitsdialoger redovisade för KF',
  SpecialReasonsRecorded: 'Särskilda skäl registrerade',
  TaxRateProposed: 'Skattesats föreslagen',
  BudgetProposed: 'Budget föreslagen',
  BudgetAdopted: 'Budget fastställd',
  OrganPlanAdopted: 'Verksamhetsplan antagen',
  AuditReportSubmitted: 'Revisionsberättelse lämnad',
  CycleClosed: 'Cykeln stängd',
  TaskAssigned: 'Uppgift tilldelad',
  TaskReminderSent: 'Påminnelse skickad',
  TaskSubmitted: 'Uppgift inlämnad',
  TaskReturnedForRevision: 'Uppgift returnerad för komplettering',
  TaskApproved: 'Uppgift godkänd',
  TaskEscalated: 'Uppgift eskalerad till processägaren',
  TaskDueDateChanged: 'Sista dag ändrad',
};
export const eventLabel = (t: string): string => EVENT_LABEL[t] ?? t;
