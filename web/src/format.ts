/** Swedish labels and formats (DOMAIN.md's vocabulary). */
import { PHASES, type Phase } from '../../domain/calendar/schema';
import { phaseLabel as domainPhaseLabel } from '../../domain/cycle/guards';
import { formatKronorText, kronorToOre, oreToKronorText } from '../../domain/money';
import { TASK_KIND_LABEL } from '../../domain/task/kinds';

const num = new Intl.NumberFormat('sv-SE');
const date = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' });
const time = new Intl.DateTimeFormat('sv-SE', { timeStyle: 'short', timeZone: 'Europe/Stockholm' });

/** Swedish alphabetical order (… x y z å ä ö), case- and accent-tolerant, numbers by value. */
const collator = new Intl.Collator('sv', { numeric: true });
export const compareSv = (a: string, b: string): number => collator.compare(a, b);
/** A copy of the items in Swedish order of the text `key` gives (organs, people, goals). */
export function sortSv<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareSv(key(a), key(b)));
}

/**
 * A date field typed as ÅÅÅÅ-MM-DD: a text input (type=date would show the browser's mm/dd/yyyy),
 * numeric keyboard, the pattern for the browser's own check. Show DATE_HINT beside it.
 */
export const DATE_INPUT = {
  type: 'text',
  inputMode: 'numeric',
  pattern: '\\d{4}-\\d{2}-\\d{2}',
  placeholder: 'ÅÅÅÅ-MM-DD',
  maxLength: 10,
  autoComplete: 'off',
} as const;
export const DATE_HINT = 'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-20.';
/** True for a whole, real date typed as ÅÅÅÅ-MM-DD (not 2026-02-30, not a half-typed one). */
export function isIsoDateText(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

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
/** `20 mars 2026 kl. 09:00` (Stockholm time) */
export const formatDateTime = (iso: string | null | undefined): string =>
  iso ? `${date.format(new Date(iso))} kl. ${time.format(new Date(iso))}` : '–';

// The phases and their Swedish names come from the domain, as the form's schema does.
export { PHASES, type Phase };

const isPhase = (p: string): p is Phase => (PHASES as readonly string[]).includes(p);
export const phaseLabel = (p: string): string => (isPhase(p) ? domainPhaseLabel(p) : p);

// Statuses in Swedish: the same words as the CLI and the server's messages.
export {
  PHASE_STATUS_LABEL,
  phaseStatusLabel,
  TASK_STATUS_LABEL,
  taskStatusLabel,
} from '../../domain/status-labels';

/** Task kinds in Swedish, from the domain (one name per kind everywhere). */
export const KIND_LABEL: Record<string, string> = TASK_KIND_LABEL;

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

/** Event types in Swedish: one map, in the domain, for every screen that shows events. */
export { EVENT_LABEL, eventLabel } from '../../domain/event-labels';
