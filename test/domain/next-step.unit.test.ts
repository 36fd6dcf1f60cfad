import { describe, expect, it } from 'vitest';
import type { Phase } from '../../domain/calendar/schema';
import { nextStep } from '../../domain/cycle/next-step';
import { afterCommands, budgetDone, close, cycleData, discharged, open, started } from './cycle-fixtures';

/**
 * A phase opens at the start of its calendar day in Europe/Stockholm; the instants below are worked
 * out by hand (CET is UTC+1 in winter, CEST UTC+2 in summer) rather than through the clock module.
 */
const ms = (instant: string) => Date.parse(instant);
const NULAGESANALYS_OPENS = ms('2026-02-08T23:00:00.000Z'); // 9 Feb 2026, CET
const TILLITSDIALOG_OPENS = ms('2026-04-26T22:00:00.000Z'); // 27 Apr 2026, CEST
const BUDGET_OPENS = ms('2026-06-04T22:00:00.000Z'); // 5 Jun 2026 (the dialogues' end), CEST
const BOKSLUT_OPENS = ms('2027-12-30T23:00:00.000Z'); // 31 Dec 2027, CET
const LONG_AFTER = ms('2030-01-01T12:00:00.000Z');

const none = new Set<Phase>();
const startedCycle = cycleData(started);
const omvarldsdagOpen = afterCommands(startedCycle, [open('omvarldsdag')]);
const dialoguesOpen = afterCommands(omvarldsdagOpen, [open('nulagesanalys'), open('tillitsdialog')]);

describe('nextStep: opening', () => {
  it('opens the omvärldsdag at once when the cycle has started', () => {
    expect(nextStep(startedCycle, none, ms('2026-01-12T08:00:00.000Z'))).toEqual({
      kind: 'open',
      phase: 'omvarldsdag',
    });
  });

  it('waits for the start of the nulägesanalys day, then opens it', () => {
    expect(nextStep(omvarldsdagOpen, none, ms('2026-02-05T10:00:00.000Z'))).toEqual({
      kind: 'wait',
      wakeAt: NULAGESANALYS_OPENS,
    });
    expect(nextStep(omvarldsdagOpen, none, NULAGESANALYS_OPENS - 1)).toEqual({
      kind: 'wait',
      wakeAt: NULAGESANALYS_OPENS,
    });
    expect(nextStep(omvarldsdagOpen, none, NULAGESANALYS_OPENS)).toEqual({
      kind: 'open',
      phase: 'nulagesanalys',
    });
  });

  it('wakes at the start of the day in summer time too', () => {
    const nulagesanalysOpen = afterCommands(omvarldsdagOpen, [open('nulagesanalys')]);
    expect(nextStep(nulagesanalysOpen, none, NULAGESANALYS_OPENS)).toEqual({
      kind: 'wait',
      wakeAt: TILLITSDIALOG_OPENS,
    });
    expect(nextStep(dialoguesOpen, none, TILLITSDIALOG_OPENS)).toEqual({
      kind: 'wait',
      wakeAt: BUDGET_OPENS,
    });
  });

  it('opens one phase at a time, in order, however late it is', () => {
    // Every date has passed, but a phase waits for the previous one to open.
    expect(nextStep(startedCycle, none, LONG_AFTER)).toEqual({ kind: 'open', phase: 'omvarldsdag' });
    expect(nextStep(omvarldsdagOpen, none, LONG_AFTER)).toEqual({ kind: 'open', phase: 'nulagesanalys' });
    expect(nextStep(dialoguesOpen, none, LONG_AFTER)).toEqual({ kind: 'open', phase: 'budget' });
  });

  it('waits with no wake-up time when every phase is open and none has finished', () => {
    const allOpen = afterCommands(dialoguesOpen, [open('budget'), open('delarsbokslut'), open('bokslut')]);
    expect(nextStep(allOpen, none, LONG_AFTER)).toEqual({ kind: 'wait', wakeAt: null });
  });
});

describe('nextStep: closing', () => {
  it('does not close an open phase until its work is finished', () => {
    expect(nextStep(dialoguesOpen, none, TILLITSDIALOG_OPENS)).toEqual({
      kind: 'wait',
      wakeAt: BUDGET_OPENS,
    });
    expect(nextStep(dialoguesOpen, new Set<Phase>(['omvarldsdag']), TILLITSDIALOG_OPENS)).toEqual({
      kind: 'close',
      phase: 'omvarldsdag',
    });
  });

  it('closes a finished phase only once every earlier phase is closed', () => {
    const finished = new Set<Phase>(['tillitsdialog']);
    // The tillitsdialog is done but the omvärldsdag and the nulägesanalys are still open.
    expect(nextStep(dialoguesOpen, finished, TILLITSDIALOG_OPENS)).toEqual({
      kind: 'wait',
      wakeAt: BUDGET_OPENS,
    });
    const omvarldsdagClosed = afterCommands(dialoguesOpen, [close('omvarldsdag')]);
    expect(nextStep(omvarldsdagClosed, finished, TILLITSDIALOG_OPENS)).toEqual({
      kind: 'wait',
      wakeAt: BUDGET_OPENS,
    });
    const earlierClosed = afterCommands(omvarldsdagClosed, [close('nulagesanalys')]);
    expect(nextStep(earlierClosed, finished, TILLITSDIALOG_OPENS)).toEqual({
      kind: 'close',
      phase: 'tillitsdialog',
    });
  });

  it('closes the earliest finished phase first', () => {
    const finished = new Set<Phase>(['omvarldsdag', 'nulagesanalys', 'tillitsdialog']);
    expect(nextStep(dialoguesOpen, finished, TILLITSDIALOG_OPENS)).toEqual({
      kind: 'close',
      phase: 'omvarldsdag',
    });
  });

  it('waits for the bokslut while the delårsbokslut is open and unfinished', () => {
    const atInterim = cycleData(budgetDone);
    expect(nextStep(atInterim, none, ms('2027-10-26T08:00:00.000Z'))).toEqual({
      kind: 'wait',
      wakeAt: BOKSLUT_OPENS,
    });
    expect(nextStep(atInterim, new Set<Phase>(['delarsbokslut']), ms('2027-10-26T08:00:00.000Z'))).toEqual({
      kind: 'close',
      phase: 'delarsbokslut',
    });
  });

  it('closes the bokslut when it is finished and then the cycle when every phase is closed', () => {
    const atDischarge = cycleData(discharged);
    expect(nextStep(atDischarge, none, LONG_AFTER)).toEqual({ kind: 'wait', wakeAt: null });
    expect(nextStep(atDischarge, new Set<Phase>(['bokslut']), LONG_AFTER)).toEqual({
      kind: 'close',
      phase: 'bokslut',
    });
    const allClosed = afterCommands(atDischarge, [close('bokslut')]);
    expect(nextStep(allClosed, none, LONG_AFTER)).toEqual({ kind: 'close-cycle' });
  });
});
