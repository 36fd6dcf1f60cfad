import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, IsoDate, Text } from './primitives';

/** A decision (beslut) by a body at a meeting, cited by date and paragraph (§). */
export const Decision = lazySchema(() =>
  z.object({
    /** The organ that decided. */
    organId: Id,
    /** The body's short name used in citations, e.g. 'KF', 'KS', 'BUN'. */
    body: z.string().regex(/^\S{1,20}$/, { error: 'Ange organets förkortning, t.ex. KF' }),
    /** Meeting date (sammanträdesdatum). */
    date: IsoDate,
    /** Paragraph number (§, paragraf). */
    paragraph: z.number().int().positive(),
    /** Case number (diarienummer), written 'Dnr 2021.277'. */
    caseNumber: z.string().regex(/^Dnr \S+$/, { error: 'Diarienummer skrivs "Dnr 2021.277"' }),
    /** What was decided (ärendemening). */
    subject: Text,
  }),
);
export type Decision = z.infer<typeof Decision>;

/** The citation of a decision: 'KF 2021-12-20 § 265'. */
export function formatDecisionCitation(decision: Pick<Decision, 'body' | 'date' | 'paragraph'>): string {
  return `${decision.body} ${decision.date} § ${decision.paragraph}`;
}

/** True when two decisions are the same paragraph of the same meeting. */
export function sameDecision(a: Decision, b: Decision): boolean {
  return a.organId === b.organId && a.date === b.date && a.paragraph === b.paragraph;
}
