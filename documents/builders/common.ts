/** What every document opens and closes with, and small helpers the builders share. */
import { type Decision, formatDecisionCitation } from '../../domain/decision';
import { swedishDate, swedishDateTime } from '../format';
import { type Block, heading, missing, paragraph } from '../model';
import type { CycleSnapshot } from '../snapshot';

export const cite = (d: Decision) => `${formatDecisionCitation(d)} (${d.caseNumber})`;

/** `Ale kommun · budgetår 2027 · per 20 mars 2026 kl. 09:00` */
export function subtitleOf(s: CycleSnapshot, budgetYear: number): string {
  return `${s.municipality.name} · budgetår ${budgetYear} · per ${swedishDateTime(s.asOf)}`;
}

/** Where the document's data came from, so a reader can check it against the events. */
export function sourceNote(s: CycleSnapshot): Block[] {
  const last = s.lastEvent;
  return [
    heading(2, 'Om underlaget'),
    paragraph(
      `Dokumentet är framtaget ur årshjulets händelselogg som den såg ut ${swedishDateTime(s.asOf)}: ` +
        `${s.eventCount} händelser${last ? `, den senaste från ${swedishDate(last.occurredAt)} på plats ${last.chainPosition} i kommunens hashkedja (${last.hash.slice(0, 16)}…)` : ''}. ` +
        'Uppgifter som inte finns registrerade i årshjulet anges som ej registrerade i stället för att uppskattas.',
    ),
  ];
}

/** The decision or a note that it has not been taken as of the snapshot. */
export function decisionOrMissing(
  label: string,
  decision: Decision | null | undefined,
  s: CycleSnapshot,
): Block {
  return decision
    ? paragraph(`${label}: ${cite(decision)}, ${decision.subject}.`)
    : missing(`${label}: inget beslut registrerat per ${swedishDate(s.asOf)}.`);
}

export function budgetYearOf(s: CycleSnapshot, fallback: number): number {
  return s.cycle?.budgetYear ?? fallback;
}
