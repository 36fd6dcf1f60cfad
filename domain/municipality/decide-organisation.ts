import type { z } from 'zod';
import { fail } from '../errors';
import type {
  AddDepartment,
  AddOrgan,
  AssignAuditor,
  AssignProcessOwner,
  AssignSecretary,
  RemoveProcessOwner,
  RemoveSecretary,
  SetNotificationPreferences,
} from './commands';
import type { MunicipalityEvent } from './events';
import type { RegisteredMunicipality } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

/** With their article: 'ett kommunfullmäktige' (neuter), 'en kommunstyrelse'. */
const UNIQUE_KINDS = { council: 'ett kommunfullmäktige', executive_board: 'en kommunstyrelse' } as const;

export function requireOrgan(s: RegisteredMunicipality, organId: string, rule: string) {
  return s.organs[organId] ?? fail('NOT_FOUND', rule, `Organet ${organId} finns inte`, { organId });
}

export function addOrgan(c: Cmd<typeof AddOrgan>, s: RegisteredMunicipality): MunicipalityEvent[] {
  if (s.organs[c.organId] || s.removedOrgans[c.organId]) {
    fail('ALREADY_EXISTS', 'organisation.organ-unique', `Organet ${c.organId} finns redan`, {
      organId: c.organId,
    });
  }
  if (c.kind === 'council' || c.kind === 'executive_board') {
    const existing = Object.values(s.organs).find((o) => o.kind === c.kind);
    if (existing) {
      fail(
        'ALREADY_EXISTS',
        'organisation.one-council-one-board',
        `Kommunen har redan ${UNIQUE_KINDS[c.kind]}`,
        {
          kind: c.kind,
          existing: existing.organId,
        },
      );
    }
  }
  return [
    {
      type: 'OrganAdded',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, organId: c.organId, kind: c.kind, name: c.name, shortName: c.shortName },
    },
  ];
}

export function addDepartment(c: Cmd<typeof AddDepartment>, s: RegisteredMunicipality): MunicipalityEvent[] {
  if (s.departments[c.departmentId]) {
    fail('ALREADY_EXISTS', 'organisation.department-unique', `Sektorn ${c.departmentId} finns redan`, {
      departmentId: c.departmentId,
    });
  }
  const organ = requireOrgan(s, c.organId, 'organisation.department-under-organ');
  if (organ.kind === 'council') {
    fail(
      'INVALID_ORGAN_KIND',
      'organisation.department-under-organ',
      'Kommunfullmäktige har ingen egen sektor',
      {
        organId: c.organId,
      },
    );
  }
  return [
    {
      type: 'DepartmentAdded',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, departmentId: c.departmentId, organId: c.organId, name: c.name },
    },
  ];
}

export function assignSecretary(
  c: Cmd<typeof AssignSecretary>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  const organ = requireOrgan(s, c.organId, 'organisation.secretary');
  if (organ.secretaries.includes(c.userId)) {
    fail('ALREADY_EXISTS', 'organisation.secretary', `${c.userId} är redan sekreterare för ${organ.name}`, {
      organId: c.organId,
      userId: c.userId,
    });
  }
  return [
    {
      type: 'SecretaryAssigned',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, organId: c.organId, userId: c.userId },
    },
  ];
}

export function removeSecretary(
  c: Cmd<typeof RemoveSecretary>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  const organ = requireOrgan(s, c.organId, 'organisation.secretary');
  if (!organ.secretaries.includes(c.userId)) {
    fail('NOT_FOUND', 'organisation.secretary', `${c.userId} är inte sekreterare för ${organ.name}`, {
      organId: c.organId,
      userId: c.userId,
    });
  }
  return [
    {
      type: 'SecretaryRemoved',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, organId: c.organId, userId: c.userId },
    },
  ];
}

export function assignProcessOwner(
  c: Cmd<typeof AssignProcessOwner>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  if (s.processOwners.includes(c.userId)) {
    fail('ALREADY_EXISTS', 'organisation.process-owner', `${c.userId} är redan processägare`, {
      userId: c.userId,
    });
  }
  return [
    { type: 'ProcessOwnerAssigned', schemaVersion: 1, data: { at: c.at, by: c.actor, userId: c.userId } },
  ];
}

export function removeProcessOwner(
  c: Cmd<typeof RemoveProcessOwner>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  if (!s.processOwners.includes(c.userId)) {
    fail('NOT_FOUND', 'organisation.process-owner-remove', `${c.userId} är inte processägare`, {
      userId: c.userId,
    });
  }
  // Without a process owner nobody could steer the cycles, and anyone could set the municipality up anew.
  if (s.processOwners.length === 1) {
    fail('INVALID_STATE', 'organisation.process-owner-last', 'Kommunen måste ha minst en processägare', {
      userId: c.userId,
    });
  }
  return [
    { type: 'ProcessOwnerRemoved', schemaVersion: 1, data: { at: c.at, by: c.actor, userId: c.userId } },
  ];
}

export function assignAuditor(c: Cmd<typeof AssignAuditor>, s: RegisteredMunicipality): MunicipalityEvent[] {
  if (s.auditors.includes(c.userId)) {
    fail('ALREADY_EXISTS', 'organisation.auditor', `${c.userId} är redan revisor`, { userId: c.userId });
  }
  return [{ type: 'AuditorAssigned', schemaVersion: 1, data: { at: c.at, by: c.actor, userId: c.userId } }];
}

/** Only the person themself chooses, and only someone with a role in the municipality. */
export function setNotificationPreferences(
  c: Cmd<typeof SetNotificationPreferences>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  if (c.actor !== c.userId) {
    fail('NOT_ONESELF', 'notification.own-preferences', 'Du kan bara ändra dina egna e-postinställningar', {
      field: 'userId',
      userId: c.userId,
    });
  }
  const onRoster =
    s.processOwners.includes(c.userId) ||
    s.auditors.includes(c.userId) ||
    Object.values(s.organs).some((o) => o.secretaries.includes(c.userId));
  if (!onRoster) {
    fail('NOT_FOUND', 'notification.own-preferences', `${c.userId} har ingen roll i kommunen`, {
      field: 'userId',
      userId: c.userId,
    });
  }
  const current = !(s.reminderOptOuts ?? []).includes(c.userId);
  if (current === c.reminders) return []; // already so
  return [
    {
      type: 'NotificationPreferencesSet',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, userId: c.userId, reminders: c.reminders },
    },
  ];
}
