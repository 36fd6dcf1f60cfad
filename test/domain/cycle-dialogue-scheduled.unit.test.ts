import { describe, expect, it } from 'vitest';
import { ALE_ORGAN } from '../../domain/examples/ale';
import { actor, cycle, meta, started } from './cycle-fixtures';

const schedule = (over: Record<string, unknown> = {}) => ({
  type: 'ScheduleDialogue',
  ...meta,
  dialogueId: 'dialog-bun-2027',
  organId: ALE_ORGAN.bun,
  date: '2026-05-12',
  time: '13:30',
  place: 'Kommunhuset, Nödinge, sal Göta älv',
  format: 'on_site' as const,
  ...over,
});

describe('a tillitsdialog scheduled (rule dialogue.scheduled)', () => {
  it('given a started cycle, when a process owner schedules a dialogue with BUN within the window, then DialogueScheduled v1 is emitted', () => {
    const { at, actor: _a, type: _t, ...data } = schedule();
    const state = cycle
      .given(started)
      .when(schedule())
      .thenEmits([{ type: 'DialogueScheduled', schemaVersion: 1, data: { at, ...data, by: actor } }]);
    expect(state.status === 'running' && state.scheduledDialogues?.['dialog-bun-2027']).toMatchObject({
      organId: ALE_ORGAN.bun,
      date: '2026-05-12',
      time: '13:30',
      format: 'on_site',
    });
  });
  it('is refused outside the calendar’s tillitsdialog window, naming the field', () => {
    const before = cycle
      .given(started)
      .when(schedule({ date: '2026-04-26' }))
      .thenThrows('INVALID_PERIOD', 'dialogue.scheduled');
    expect(before.message).toBe('Tillitsdialogen ska hållas mellan 27 april 2026 och 5 juni 2026 (date)');
    expect(before.details).toMatchObject({ field: 'date' });
    cycle
      .given(started)
      .when(schedule({ date: '2026-06-06' }))
      .thenThrows('INVALID_PERIOD', 'dialogue.scheduled');
    cycle
      .given(started)
      .when(schedule({ date: '2026-06-05' }))
      .thenAccepted();
  });
  it('is refused for an unknown organ and for KF, naming the field', () => {
    const unknown = cycle
      .given(started)
      .when(schedule({ organId: 'ale-xyz' }))
      .thenThrows('NOT_FOUND', 'dialogue.scheduled');
    expect(unknown.message).toBe(
      'Tillitsdialog: organet ale-xyz deltar inte i cykelns tillitsdialoger (organId)',
    );
    cycle
      .given(started)
      .when(schedule({ organId: ALE_ORGAN.kf }))
      .thenThrows('NOT_FOUND', 'dialogue.scheduled');
  });
  it('is scheduled before it is held, and once per id', () => {
    cycle
      .given(started)
      .when(schedule({ at: '2026-05-13T08:00:00.000Z' }))
      .thenThrows('INVALID_PERIOD', 'dialogue.scheduled');
    const once = cycle.given(started).when(schedule()).thenAccepted().events;
    cycle
      .given([...started, ...once])
      .when(schedule())
      .thenThrows('ALREADY_EXISTS', 'dialogue.scheduled');
  });
  it('rejects a time not written HH:MM or an unknown format', () => {
    cycle
      .given(started)
      .when(schedule({ time: '25:00' }))
      .thenThrows('INVALID_COMMAND');
    cycle
      .given(started)
      .when(schedule({ format: 'telefon' }))
      .thenThrows('INVALID_COMMAND');
  });
});
