import type { z } from 'zod';
import { dateOf, formatDateSv } from '../calendar/dates';
import { fail } from '../errors';
import { takesPartInCycle } from '../municipality/organ';
import type { ScheduleDialogue } from './commands';
import type { CycleEvent } from './events';
import type { CycleData } from './state';

const RULE = 'dialogue.scheduled';

/**
 * A process owner schedules a tillitsdialog between KS and an organ of the cycle: on a day within the
 * calendar's tillitsdialog window, not before the day it is scheduled (rule dialogue.scheduled).
 */
export function scheduleDialogue(c: z.infer<typeof ScheduleDialogue>, s: CycleData): CycleEvent[] {
  const organ = s.organs[c.organId];
  if (!organ || !takesPartInCycle(organ.kind)) {
    fail(
      'NOT_FOUND',
      RULE,
      `Tillitsdialog: organet ${c.organId} deltar inte i cykelns tillitsdialoger (organId)`,
      {
        field: 'organId',
        organId: c.organId,
      },
    );
  }
  if (s.scheduledDialogues?.[c.dialogueId]) {
    fail('ALREADY_EXISTS', RULE, `Tillitsdialogen ${c.dialogueId} är redan planerad (dialogueId)`, {
      field: 'dialogueId',
      dialogueId: c.dialogueId,
    });
  }
  const { start, end } = s.calendar.tillitsdialog;
  if (c.date < start || c.date > end) {
    fail(
      'INVALID_PERIOD',
      RULE,
      `Tillitsdialogen ska hållas mellan ${formatDateSv(start)} och ${formatDateSv(end)} (date)`,
      { field: 'date', date: c.date, start, end },
    );
  }
  if (c.date < dateOf(c.at)) {
    fail(
      'INVALID_PERIOD',
      RULE,
      'En tillitsdialog planeras innan den hålls: datumet har redan passerat (date)',
      {
        field: 'date',
        date: c.date,
      },
    );
  }
  const { type: _t, actor, ...data } = c;
  return [{ type: 'DialogueScheduled', schemaVersion: 1, data: { ...data, by: actor } }];
}
