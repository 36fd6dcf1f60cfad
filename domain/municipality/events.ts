import { z } from 'zod';
import { Decision } from '../decision';
import { defineEvent } from '../event-schema';
import { KOLADA_EVENT_SCHEMAS, MunicipalityCode } from '../kolada/events';
import { lazySchema } from '../lazy-schema';
import { Agenda2030Goal, Id, IsoDate, Text, UserId, Year } from '../primitives';
import { OrganKind } from './organ';

export const MunicipalityRegistered = defineEvent('MunicipalityRegistered', 1, () => ({
  municipalityId: Id,
  name: Text,
  /** Kommunkod (SCB's, which Kolada uses), e.g. 1440; optional since early registrations lack it. */
  municipalityCode: MunicipalityCode.optional(),
}));
export const OrganAdded = defineEvent('OrganAdded', 1, () => ({
  organId: Id,
  kind: OrganKind,
  name: Text,
  shortName: z.string().min(1).max(20),
}));
/** An organ renamed (e.g. after a reorganisation); its id, tasks and history stay (organ.change-during-cycle). */
export const OrganRenamed = defineEvent('OrganRenamed', 1, () => ({
  organId: Id,
  name: Text,
  shortName: z.string().min(1).max(20),
}));
/** An organ removed (nämnden upphör); a running cycle cancels its open tasks (organ.change-during-cycle). */
export const OrganRemoved = defineEvent('OrganRemoved', 1, () => ({ organId: Id, reason: Text }));
export const DepartmentAdded = defineEvent('DepartmentAdded', 1, () => ({
  departmentId: Id,
  organId: Id,
  name: Text,
}));
export const SecretaryAssigned = defineEvent('SecretaryAssigned', 1, () => ({ organId: Id, userId: UserId }));
export const SecretaryRemoved = defineEvent('SecretaryRemoved', 1, () => ({ organId: Id, userId: UserId }));
export const ProcessOwnerAssigned = defineEvent('ProcessOwnerAssigned', 1, () => ({ userId: UserId }));
export const ProcessOwnerRemoved = defineEvent('ProcessOwnerRemoved', 1, () => ({ userId: UserId }));
export const AuditorAssigned = defineEvent('AuditorAssigned', 1, () => ({ userId: UserId }));
/** A person's own choice of e-mail: reminders on or off (escalations to process owners always go out). */
export const NotificationPreferencesSet = defineEvent('NotificationPreferencesSet', 1, () => ({
  userId: UserId,
  reminders: z.boolean(),
}));

export const VisionSet = defineEvent('VisionSet', 1, () => ({ text: Text, fromYear: Year, toYear: Year }));
export const ValuesSet = defineEvent('ValuesSet', 1, () => ({
  values: z.array(z.object({ title: Text, description: z.string() })).min(1),
  fromYear: Year,
  toYear: Year,
}));
export const CouncilGoalAdopted = defineEvent('CouncilGoalAdopted', 1, () => ({
  goalId: Id,
  title: Text,
  description: z.string(),
  fromYear: Year,
  toYear: Year,
  agenda2030Goals: z.array(Agenda2030Goal),
  decision: Decision.nullable(),
}));
export const ExternalFactorAdopted = defineEvent('ExternalFactorAdopted', 1, () => ({
  factorId: Id,
  title: Text,
  description: z.string(),
  fromYear: Year,
  toYear: Year,
}));
export const OrganGoalAdopted = defineEvent('OrganGoalAdopted', 1, () => ({
  goalId: Id,
  organId: Id,
  year: Year,
  title: Text,
  description: z.string(),
  councilGoalIds: z.array(Id).min(1),
  agenda2030Goals: z.array(Agenda2030Goal),
}));
export const IndicatorPeriod = lazySchema(() => z.object({ from: IsoDate, to: IsoDate }));
export const IndicatorAdded = defineEvent('IndicatorAdded', 1, () => ({
  indicatorId: Id,
  organGoalId: Id,
  name: Text,
  unit: Text,
  target: z.number().finite(),
  baseline: z.number().finite().nullable(),
  period: IndicatorPeriod,
}));
export const IndicatorValueRecorded = defineEvent('IndicatorValueRecorded', 1, () => ({
  indicatorId: Id,
  value: z.number().finite(),
  measuredOn: IsoDate,
}));
export const ActivityAdded = defineEvent('ActivityAdded', 1, () => ({
  activityId: Id,
  organGoalId: Id,
  title: Text,
  description: z.string(),
  dueDate: IsoDate.nullable(),
  departmentId: Id.nullable(),
}));

/**
 * An extra election (extra val) to kommunfullmäktige: the council's decision, the election day and the
 * first day of the extra mandate period, which lasts only until the next ordinary period.
 */
export const ExtraElectionRecorded = defineEvent('ExtraElectionRecorded', 1, () => ({
  decision: Decision,
  electionDate: IsoDate,
  mandateStart: IsoDate,
}));

export const MUNICIPALITY_EVENT_SCHEMAS = [
  MunicipalityRegistered,
  OrganAdded,
  DepartmentAdded,
  SecretaryAssigned,
  SecretaryRemoved,
  ProcessOwnerAssigned,
  ProcessOwnerRemoved,
  AuditorAssigned,
  NotificationPreferencesSet,
  VisionSet,
  ValuesSet,
  CouncilGoalAdopted,
  ExternalFactorAdopted,
  OrganGoalAdopted,
  IndicatorAdded,
  IndicatorValueRecorded,
  ActivityAdded,
  ExtraElectionRecorded,
  OrganRenamed,
  OrganRemoved,
  ...KOLADA_EVENT_SCHEMAS,
] as const;

export const MunicipalityEvent = lazySchema(() => z.discriminatedUnion('type', MUNICIPALITY_EVENT_SCHEMAS));
export type MunicipalityEvent = z.infer<typeof MunicipalityEvent>;
