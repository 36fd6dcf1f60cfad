import { DateTime } from 'luxon';
import { z } from 'zod';
import { CALENDAR_RULE_IDS, type CalendarRuleId } from '../calendar/rules';
import { lazySchema } from '../lazy-schema';
import { IsoDate, ZONE } from '../primitives';

/**
 * A decision (§) taken after a limit. Decisions are facts: a late one is recorded with its deviation,
 * never refused (the body has already decided). `planned` is the cycle's calendar date, `legal` the
 * statute's outer limit (the calendar is checked against it before the cycle starts).
 */
export const DeadlineDeviation = lazySchema(() =>
  z.object({
    rule: z.enum(CALENDAR_RULE_IDS),
    limit: z.enum(['planned', 'legal']),
    deadline: IsoDate,
    decidedOn: IsoDate,
    daysLate: z.number().int().positive(),
  }),
);
export type DeadlineDeviation = z.infer<typeof DeadlineDeviation>;

/** Deviations of an event; events stored before deviations were recorded read as none. */
export const Deviations = lazySchema(() => z.array(DeadlineDeviation).default([]));

export interface DeadlineCheck {
  rule: CalendarRuleId;
  limit: DeadlineDeviation['limit'];
  deadline: IsoDate;
}

/** Calendar days from the deadline to the decision, in Europe/Stockholm. */
function daysBetween(deadline: IsoDate, decidedOn: IsoDate): number {
  const from = DateTime.fromISO(deadline, { zone: ZONE });
  const to = DateTime.fromISO(decidedOn, { zone: ZONE });
  return Math.round(to.diff(from, 'days').days);
}

/** The deviations of a decision taken on `decidedOn`: one per limit it passed. */
export function deviationsOf(decidedOn: IsoDate, checks: readonly DeadlineCheck[]): DeadlineDeviation[] {
  return checks
    .filter((c) => decidedOn > c.deadline)
    .map((c) => ({ ...c, decidedOn, daysLate: daysBetween(c.deadline, decidedOn) }));
}
