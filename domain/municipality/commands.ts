import { z } from 'zod';
import { Decision } from '../decision';
import { MunicipalityCode } from '../kolada/events';
import { lazyDiscriminatedUnion, lazySchema } from '../lazy-schema';
import { Agenda2030Goal, CommandMeta, Id, IsoDate, Text, UserId, Year } from '../primitives';
import { IndicatorPeriod } from './events';
import { OrganKind } from './organ';

const command = <const T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...CommandMeta, ...shape });

export const RegisterMunicipality = lazySchema(() =>
  command('RegisterMunicipality', {
    municipalityId: Id,
    name: Text,
    municipalityCode: MunicipalityCode.optional(),
  }),
);
export const AddOrgan = lazySchema(() =>
  command('AddOrgan', {
    organId: Id,
    kind: OrganKind,
    name: Text,
    shortName: z.string().min(1).max(20),
  }),
);
export const RenameOrgan = lazySchema(() =>
  command('RenameOrgan', {
    organId: Id,
    name: Text,
    shortName: z.string().min(1).max(20),
  }),
);
export const RemoveOrgan = lazySchema(() => command('RemoveOrgan', { organId: Id, reason: Text }));
export const AddDepartment = lazySchema(() =>
  command('AddDepartment', { departmentId: Id, organId: Id, name: Text }),
);
export const AssignSecretary = lazySchema(() => command('AssignSecretary', { organId: Id, userId: UserId }));
export const RemoveSecretary = lazySchema(() => command('RemoveSecretary', { organId: Id, userId: UserId }));
export const AssignProcessOwner = lazySchema(() => command('AssignProcessOwner', { userId: UserId }));
export const RemoveProcessOwner = lazySchema(() => command('RemoveProcessOwner', { userId: UserId }));
export const AssignAuditor = lazySchema(() => command('AssignAuditor', { userId: UserId }));
/** Sent by the person themself: whether they want reminders by e-mail. */
export const SetNotificationPreferences = lazySchema(() =>
  command('SetNotificationPreferences', {
    userId: UserId,
    reminders: z.boolean({ error: 'Ange om du vill ha påminnelser (ja eller nej)' }),
  }),
);

export const SetVision = lazySchema(() => command('SetVision', { text: Text, fromYear: Year, toYear: Year }));
export const SetValues = lazySchema(() =>
  command('SetValues', {
    values: z.array(z.object({ title: Text, description: z.string().default('') })).min(1),
    fromYear: Year,
    toYear: Year,
  }),
);
export const AdoptCouncilGoal = lazySchema(() =>
  command('AdoptCouncilGoal', {
    goalId: Id,
    title: Text,
    description: z.string().default(''),
    fromYear: Year,
    toYear: Year,
    agenda2030Goals: z.array(Agenda2030Goal).default([]),
    decision: Decision.nullable().default(null),
  }),
);
export const AdoptExternalFactor = lazySchema(() =>
  command('AdoptExternalFactor', {
    factorId: Id,
    title: Text,
    description: z.string().default(''),
    fromYear: Year,
    toYear: Year,
  }),
);
export const AdoptOrganGoal = lazySchema(() =>
  command('AdoptOrganGoal', {
    goalId: Id,
    organId: Id,
    year: Year,
    title: Text,
    description: z.string().default(''),
    /** Each organ goal (nämndmål) must link to at least one council goal (riktningsmål). */
    councilGoalIds: z.array(Id).min(1, { error: 'Nämndmålet måste kopplas till minst ett riktningsmål' }),
    agenda2030Goals: z.array(Agenda2030Goal).default([]),
  }),
);
export const AddIndicator = lazySchema(() =>
  command('AddIndicator', {
    indicatorId: Id,
    organGoalId: Id,
    name: Text,
    unit: Text,
    target: z.number().finite(),
    baseline: z.number().finite().nullable().default(null),
    period: IndicatorPeriod,
  }),
);
export const RecordIndicatorValue = lazySchema(() =>
  command('RecordIndicatorValue', {
    indicatorId: Id,
    value: z.number().finite(),
    measuredOn: IsoDate,
  }),
);
export const AddActivity = lazySchema(() =>
  command('AddActivity', {
    activityId: Id,
    organGoalId: Id,
    title: Text,
    description: z.string().default(''),
    dueDate: IsoDate.nullable().default(null),
    departmentId: Id.nullable().default(null),
  }),
);

export const RecordExtraElection = lazySchema(() =>
  command('RecordExtraElection', {
    decision: Decision,
    electionDate: IsoDate,
    mandateStart: IsoDate,
  }),
);

export const MunicipalityCommand = lazyDiscriminatedUnion('type', () => ({
  RegisterMunicipality,
  AddOrgan,
  AddDepartment,
  AssignSecretary,
  RemoveSecretary,
  AssignProcessOwner,
  RemoveProcessOwner,
  AssignAuditor,
  SetNotificationPreferences,
  SetVision,
  SetValues,
  AdoptCouncilGoal,
  AdoptExternalFactor,
  AdoptOrganGoal,
  AddIndicator,
  RecordIndicatorValue,
  AddActivity,
  RecordExtraElection,
  RenameOrgan,
  RemoveOrgan,
}));
/** A parsed municipality command (defaults applied). */
export type MunicipalityCommand = z.infer<typeof MunicipalityCommand>;
/** A municipality command as callers may write it (optional fields may be left out). */
export type MunicipalityCommandInput = z.input<typeof MunicipalityCommand>;
