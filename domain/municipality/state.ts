import type { ExtraElection } from '../calendar/mandate';
import type { Decision } from '../decision';
import { assertNever, type IsoDate, type UserId } from '../primitives';
import type { MunicipalityEvent } from './events';
import type { OrganKind } from './organ';

/** An organ (nämnd, bolag, KS or KF). */
export interface Organ {
  organId: string;
  kind: OrganKind;
  name: string;
  shortName: string;
  /** Nämndsekreterare: users who complete the organ's tasks. */
  secretaries: UserId[];
}

/** Sektor / förvaltning: the civil-service side serving an organ. */
export interface Department {
  departmentId: string;
  organId: string;
  name: string;
}

/** Vision (8 years). */
export interface Vision {
  text: string;
  fromYear: number;
  toYear: number;
}

/** Värdegrund (values, 8 years). */
export interface Values {
  values: { title: string; description: string }[];
  fromYear: number;
  toYear: number;
}

/** Riktningsmål (council goal, 4 years). */
export interface CouncilGoal {
  goalId: string;
  title: string;
  description: string;
  fromYear: number;
  toYear: number;
  agenda2030Goals: number[];
  decision: Decision | null;
}

/** Omvärldsfaktor (external factor, 4 years). */
export interface ExternalFactor {
  factorId: string;
  title: string;
  description: string;
  fromYear: number;
  toYear: number;
}

/** Nämndmål / effektmål (organ goal, one year). */
export interface OrganGoal {
  goalId: string;
  organId: string;
  year: number;
  title: string;
  description: string;
  councilGoalIds: string[];
  agenda2030Goals: number[];
}

/** Indikator with its measured values. */
export interface Indicator {
  indicatorId: string;
  organGoalId: string;
  name: string;
  unit: string;
  target: number;
  baseline: number | null;
  period: { from: IsoDate; to: IsoDate };
  values: { value: number; measuredOn: IsoDate }[];
}

/** Aktivitet (planned action). */
export interface Activity {
  activityId: string;
  organGoalId: string;
  title: string;
  description: string;
  dueDate: IsoDate | null;
  departmentId: string | null;
}

/** Styrdokument (steering documents). */
export interface Steering {
  vision: Vision | null;
  values: Values | null;
  councilGoals: Record<string, CouncilGoal>;
  externalFactors: Record<string, ExternalFactor>;
  organGoals: Record<string, OrganGoal>;
  indicators: Record<string, Indicator>;
  activities: Record<string, Activity>;
}

export interface RegisteredMunicipality {
  status: 'registered';
  municipalityId: string;
  name: string;
  /** Kommunkod (e.g. 1440), when the registration gave one. */
  municipalityCode?: string;
  organs: Record<string, Organ>;
  departments: Record<string, Department>;
  /** Processägare. */
  processOwners: UserId[];
  /** Revisorer. */
  auditors: UserId[];
  /** People who turned reminder e-mails off (NotificationPreferencesSet); absent in older snapshots. */
  reminderOptOuts?: UserId[];
  steering: Steering;
  /** Extra val recorded, in the order recorded (mandate periods: domain/calendar/mandate.ts). */
  extraElections: ExtraElection[];
  /** Organs removed (OrganRemoved), kept by id so history still names them and the id is not reused. */
  removedOrgans: Record<string, RemovedOrgan>;
}

/** An organ removed, with why, when and by whom (a running cycle cancels its tasks with that reason). */
export interface RemovedOrgan extends Organ {
  removal?: { reason: string; at: string; by: UserId };
}

/** State of the municipality (kommun) aggregate. */
export type MunicipalityState = { status: 'unregistered' } | RegisteredMunicipality;

export function initialMunicipalityState(): MunicipalityState {
  return { status: 'unregistered' };
}

function updateOrgan(
  s: RegisteredMunicipality,
  organId: string,
  f: (o: Organ) => Organ,
): RegisteredMunicipality {
  const organ = s.organs[organId];
  return organ ? { ...s, organs: { ...s.organs, [organId]: f(organ) } } : s;
}

function withSteering(s: RegisteredMunicipality, steering: Partial<Steering>): RegisteredMunicipality {
  return { ...s, steering: { ...s.steering, ...steering } };
}

function evolveRegistered(s: RegisteredMunicipality, event: MunicipalityEvent): RegisteredMunicipality {
  switch (event.type) {
    case 'MunicipalityRegistered':
      return s;
    case 'OrganAdded': {
      const { organId, kind, name, shortName } = event.data;
      return {
        ...s,
        organs: { ...s.organs, [organId]: { organId, kind, name, shortName, secretaries: [] } },
      };
    }
    case 'DepartmentAdded': {
      const { departmentId, organId, name } = event.data;
      return { ...s, departments: { ...s.departments, [departmentId]: { departmentId, organId, name } } };
    }
    case 'SecretaryAssigned':
      return updateOrgan(s, event.data.organId, (o) => ({
        ...o,
        secretaries: [...o.secretaries, event.data.userId],
      }));
    case 'SecretaryRemoved':
      return updateOrgan(s, event.data.organId, (o) => ({
        ...o,
        secretaries: o.secretaries.filter((u) => u !== event.data.userId),
      }));
    case 'ProcessOwnerAssigned':
      return { ...s, processOwners: [...s.processOwners, event.data.userId] };
    case 'ProcessOwnerRemoved':
      return { ...s, processOwners: s.processOwners.filter((u) => u !== event.data.userId) };
    case 'AuditorAssigned':
      return { ...s, auditors: [...s.auditors, event.data.userId] };
    case 'NotificationPreferencesSet': {
      const others = (s.reminderOptOuts ?? []).filter((u) => u !== event.data.userId);
      return { ...s, reminderOptOuts: event.data.reminders ? others : [...others, event.data.userId] };
    }
    case 'VisionSet': {
      const { text, fromYear, toYear } = event.data;
      return withSteering(s, { vision: { text, fromYear, toYear } });
    }
    case 'ValuesSet': {
      const { values, fromYear, toYear } = event.data;
      return withSteering(s, { values: { values, fromYear, toYear } });
    }
    case 'CouncilGoalAdopted': {
      const { at: _at, by: _by, ...goal } = event.data;
      return withSteering(s, { councilGoals: { ...s.steering.councilGoals, [goal.goalId]: goal } });
    }
    case 'ExternalFactorAdopted': {
      const { at: _at, by: _by, ...factor } = event.data;
      return withSteering(s, {
        externalFactors: { ...s.steering.externalFactors, [factor.factorId]: factor },
      });
    }
    case 'OrganGoalAdopted': {
      const { at: _at, by: _by, ...goal } = event.data;
      return withSteering(s, { organGoals: { ...s.steering.organGoals, [goal.goalId]: goal } });
    }
    case 'IndicatorAdded': {
      const { at: _at, by: _by, ...indicator } = event.data;
      return withSteering(s, {
        indicators: { ...s.steering.indicators, [indicator.indicatorId]: { ...indicator, values: [] } },
      });
    }
    case 'IndicatorValueRecorded': {
      const { indicatorId, value, measuredOn } = event.data;
      const indicator = s.steering.indicators[indicatorId];
      if (!indicator) return s;
      return withSteering(s, {
        indicators: {
          ...s.steering.indicators,
          [indicatorId]: { ...indicator, values: [...indicator.values, { value, measuredOn }] },
        },
      });
    }
    case 'ActivityAdded': {
      const { at: _at, by: _by, ...activity } = event.data;
      return withSteering(s, { activities: { ...s.steering.activities, [activity.activityId]: activity } });
    }
    case 'OrganRenamed':
      return updateOrgan(s, event.data.organId, (o) => ({
        ...o,
        name: event.data.name,
        shortName: event.data.shortName,
      }));
    case 'OrganRemoved': {
      const { [event.data.organId]: removed, ...organs } = s.organs;
      return removed
        ? {
            ...s,
            organs,
            removedOrgans: {
              ...s.removedOrgans,
              [removed.organId]: {
                ...removed,
                removal: { reason: event.data.reason, at: event.data.at, by: event.data.by },
              },
            },
          }
        : s;
    }
    case 'ExtraElectionRecorded': {
      const { electionDate, mandateStart } = event.data;
      return { ...s, extraElections: [...s.extraElections, { electionDate, mandateStart }] };
    }
    case 'IndicatorBoundToKolada':
    case 'KoladaValueRecorded':
      return s; // folded by domain/kolada/state.ts

    default:
      return assertNever(event);
  }
}

export function evolveMunicipality(state: MunicipalityState, event: MunicipalityEvent): MunicipalityState {
  if (state.status === 'unregistered') {
    if (event.type !== 'MunicipalityRegistered') return state;
    return {
      status: 'registered',
      municipalityId: event.data.municipalityId,
      name: event.data.name,
      ...(event.data.municipalityCode ? { municipalityCode: event.data.municipalityCode } : {}),
      organs: {},
      departments: {},
      processOwners: [],
      auditors: [],
      extraElections: [],
      removedOrgans: {},
      steering: {
        vision: null,
        values: null,
        councilGoals: {},
        externalFactors: {},
        organGoals: {},
        indicators: {},
        activities: {},
      },
    };
  }
  return evolveRegistered(state, event);
}

/* Queries a workflow uses to fill in commands of other aggregates. */

/** The secretaries of an organ (empty when unknown). */
export function secretariesOf(state: MunicipalityState, organId: string): UserId[] {
  return state.status === 'registered' ? (state.organs[organId]?.secretaries ?? []) : [];
}

export function organsOf(state: MunicipalityState): Organ[] {
  return state.status === 'registered' ? Object.values(state.organs) : [];
}

/** Whether a person wants reminder e-mails (the default; escalations are sent regardless). */
export function wantsReminders(state: MunicipalityState, userId: UserId): boolean {
  return state.status !== 'registered' || !(state.reminderOptOuts ?? []).includes(userId);
}

/** The council goals (riktningsmål) in force in a year. */
export function councilGoalsFor(state: MunicipalityState, year: number): CouncilGoal[] {
  if (state.status !== 'registered') return [];
  return Object.values(state.steering.councilGoals).filter((g) => g.fromYear <= year && year <= g.toYear);
}

/** The external factors (omvärldsfaktorer) in force in a year. */
export function externalFactorsFor(state: MunicipalityState, year: number): ExternalFactor[] {
  if (state.status !== 'registered') return [];
  return Object.values(state.steering.externalFactors).filter((f) => f.fromYear <= year && year <= f.toYear);
}
