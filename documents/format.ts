/** Swedish formats for the documents (the web's formats, on the server). */
import { PHASES, type Phase } from '../domain/calendar/schema';
import { phaseLabel } from '../domain/cycle/guards';
import type { GoalStatus } from '../domain/task/content';

const wholeKronor = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });
const longDate = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' });
const dateTime = new Intl.DateTimeFormat('sv-SE', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Stockholm',
});

/** Intl groups with a narrow no-break space; documents use a plain no-break space and a real minus. */
const tidy = (s: string) => s.replace(/\u202f/g, '\u00a0').replace(/^-/, '−');

/** Öre as whole kronor, `1 234 567 kr` (rounded to the krona, as a report's tables show amounts). */
export function kronor(ore: number | bigint): string {
  const kr = Number(ore) / 100;
  return `${tidy(wholeKronor.format(Math.round(kr)))} kr`;
}

/** Öre as million kronor with one decimal, `183,9 mnkr` (for headline figures). */
export function millionKronor(ore: number | bigint): string {
  return `${tidy(new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(Number(ore) / 1e8))} mnkr`;
}

export const number = (n: number): string => tidy(decimal.format(n));

/** `20 mars 2026` (a date, or the day of an instant in Europe/Stockholm). */
export function swedishDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  return longDate.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso));
}

/** `20 mars 2026 kl. 09:00` */
export function swedishDateTime(iso: string): string {
  return dateTime.format(new Date(iso)).replace(' ', ' ');
}

/** A tax rate in öre per 100 kr: `22,23 kr`. */
export const taxRate = (ore: number): string => `${tidy(decimal.format(ore / 100))} kr`;

export const GOAL_STATUS_SV: Record<GoalStatus, string> = {
  achieved: 'Uppfyllt',
  partly_achieved: 'Delvis uppfyllt',
  not_achieved: 'Ej uppfyllt',
  not_assessed: 'Ej bedömt',
};

export const PHASE_SV: Record<Phase, string> = Object.fromEntries(
  PHASES.map((p) => [p, phaseLabel(p)]),
) as Record<Phase, string>;

/** Swedish order for names (Intl.Collator('sv')). */
export const svCompare = new Intl.Collator('sv').compare;
