import { describe, expect, it } from 'vitest';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { wantsReminders } from '../../domain/municipality/index';
import { ale, at, municipality } from './municipality-fixtures';

const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const own = { at, actor: secretary };

describe('municipality: notification preferences (rule notification.own-preferences)', () => {
  it('given a secretary, when they turn reminders off, then it is recorded and read back', () => {
    const state = municipality
      .given(ale)
      .when({ type: 'SetNotificationPreferences', ...own, userId: secretary, reminders: false })
      .thenEmits([
        {
          type: 'NotificationPreferencesSet',
          schemaVersion: 1,
          data: { at, by: secretary, userId: secretary, reminders: false },
        },
      ]);
    expect(wantsReminders(state, secretary)).toBe(false);
    expect(wantsReminders(state, ALE_USERS.processOwner)).toBe(true);
  });

  it('given reminders off, when turned on again, then they are wanted; the same choice twice records nothing', () => {
    const off = {
      type: 'NotificationPreferencesSet' as const,
      schemaVersion: 1 as const,
      data: { at, by: secretary, userId: secretary, reminders: false },
    };
    const state = municipality
      .given([...ale, off])
      .when({ type: 'SetNotificationPreferences', ...own, userId: secretary, reminders: true })
      .thenEmits([{ ...off, data: { ...off.data, reminders: true } }]);
    expect(wantsReminders(state, secretary)).toBe(true);
    municipality
      .given([...ale, off])
      .when({ type: 'SetNotificationPreferences', ...own, userId: secretary, reminders: false })
      .thenEmits([]);
  });

  it('refuses a choice made for someone else, or by someone without a role', () => {
    municipality
      .given(ale)
      .when({
        type: 'SetNotificationPreferences',
        at,
        actor: ALE_USERS.processOwner,
        userId: secretary,
        reminders: false,
      })
      .thenThrows('NOT_ONESELF', 'notification.own-preferences');
    municipality
      .given(ale)
      .when({
        type: 'SetNotificationPreferences',
        at,
        actor: 'okand@ale.se',
        userId: 'okand@ale.se',
        reminders: false,
      })
      .thenThrows('NOT_FOUND', 'notification.own-preferences');
  });
});
