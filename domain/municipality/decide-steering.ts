import type { z } from 'zod';
import { fail } from '../errors';
import type {
  AddActivity,
  AddIndicator,
  AdoptCouncilGoal,
  AdoptExternalFactor,
  AdoptOrganGoal,
  RecordIndicatorValue,
  SetValues,
  SetVision,
} from './commands';
import { requireOrgan } from './decide-organisation';
import type { MunicipalityEvent } from './events';
import type { RegisteredMunicipality } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

/** Length in years of each steering document's period. */
export const PERIOD_YEARS = { vision: 8, values: 8, councilGoal: 4, externalFactor: 4 } as const;

function requirePeriod(
  what: keyof typeof PERIOD_YEARS,
  label: string,
  fromYear: number,
  toYear: number,
): void {
  const years = PERIOD_YEARS[what];
  if (toYear - fromYear + 1 !== years) {
    fail(
      'INVALID_PERIOD',
      `steering.${what}-period`,
      `${label} fastställs på ${years} år (${fromYear}–${toYear} stämmer inte)`,
      {
        fromYear,
        toYear,
        years,
      },
    );
  }
}

export function setVision(c: Cmd<typeof SetVision>): MunicipalityEvent[] {
  requirePeriod('vision', 'Visionen', c.fromYear, c.toYear);
  return [
    {
      type: 'VisionSet',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, text: c.text, fromYear: c.fromYear, toYear: c.toYear },
    },
  ];
}

export function setValues(c: Cmd<typeof SetValues>): MunicipalityEvent[] {
  requirePeriod('values', 'Värdegrunden', c.fromYear, c.toYear);
  return [
    {
      type: 'ValuesSet',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, values: c.values, fromYear: c.fromYear, toYear: c.toYear },
    },
  ];
}

export function adoptCouncilGoal(
  c: Cmd<typeof AdoptCouncilGoal>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  if (s.steering.councilGoals[c.goalId]) {
    fail('ALREADY_EXISTS', 'steering.council-goal-unique', `Riktningsmålet ${c.goalId} finns redan`, {
      goalId: c.goalId,
    });
  }
  requirePeriod('councilGoal', 'Riktningsmål', c.fromYear, c.toYear);
  const { type: _t, actor, ...rest } = c;
  return [{ type: 'CouncilGoalAdopted', schemaVersion: 1, data: { ...rest, by: actor } }];
}

export function adoptExternalFactor(
  c: Cmd<typeof AdoptExternalFactor>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  if (s.steering.externalFactors[c.factorId]) {
    fail('ALREADY_EXISTS', 'steering.external-factor-unique', `Omvärldsfaktorn ${c.factorId} finns redan`, {
      factorId: c.factorId,
    });
  }
  requirePeriod('externalFactor', 'Omvärldsfaktorer', c.fromYear, c.toYear);
  const { type: _t, actor, ...rest } = c;
  return [{ type: 'ExternalFactorAdopted', schemaVersion: 1, data: { ...rest, by: actor } }];
}

export function adoptOrganGoal(
  c: Cmd<typeof AdoptOrganGoal>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  if (s.steering.organGoals[c.goalId]) {
    fail('ALREADY_EXISTS', 'steering.organ-goal-unique', `Nämndmålet ${c.goalId} finns redan`, {
      goalId: c.goalId,
    });
  }
  const organ = requireOrgan(s, c.organId, 'steering.organ-goal-organ');
  if (organ.kind === 'council') {
    fail(
      'INVALID_ORGAN_KIND',
      'steering.organ-goal-organ',
      'Kommunfullmäktige sätter riktningsmål, inte nämndmål',
      {
        organId: c.organId,
      },
    );
  }
  const unknown = c.councilGoalIds.filter((id) => {
    const goal = s.steering.councilGoals[id];
    return !goal || c.year < goal.fromYear || c.year > goal.toYear;
  });
  if (unknown.length > 0) {
    fail(
      'UNKNOWN_COUNCIL_GOAL',
      'steering.organ-goal-links-council-goal',
      `Nämndmålet måste kopplas till riktningsmål som gäller ${c.year}; okända: ${unknown.join(', ')}`,
      { councilGoalIds: unknown, year: c.year },
    );
  }
  const { type: _t, actor, ...rest } = c;
  return [{ type: 'OrganGoalAdopted', schemaVersion: 1, data: { ...rest, by: actor } }];
}

export function addIndicator(c: Cmd<typeof AddIndicator>, s: RegisteredMunicipality): MunicipalityEvent[] {
  if (s.steering.indicators[c.indicatorId]) {
    fail('ALREADY_EXISTS', 'steering.indicator-unique', `Indikatorn ${c.indicatorId} finns redan`, {
      indicatorId: c.indicatorId,
    });
  }
  if (!s.steering.organGoals[c.organGoalId]) {
    fail('NOT_FOUND', 'steering.indicator-under-goal', `Nämndmålet ${c.organGoalId} finns inte`, {
      organGoalId: c.organGoalId,
    });
  }
  if (c.period.from > c.period.to) {
    fail('INVALID_PERIOD', 'steering.indicator-period', 'Indikatorns period slutar före den börjar', {
      period: c.period,
    });
  }
  const { type: _t, actor, ...rest } = c;
  return [{ type: 'IndicatorAdded', schemaVersion: 1, data: { ...rest, by: actor } }];
}

export function recordIndicatorValue(
  c: Cmd<typeof RecordIndicatorValue>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  const indicator =
    s.steering.indicators[c.indicatorId] ??
    fail('NOT_FOUND', 'steering.indicator-value', `Indikatorn ${c.indicatorId} finns inte`, {
      indicatorId: c.indicatorId,
    });
  if (c.measuredOn < indicator.period.from || c.measuredOn > indicator.period.to) {
    fail(
      'INVALID_PERIOD',
      'steering.indicator-value-in-period',
      `Mätdatumet ligger utanför indikatorns period`,
      {
        measuredOn: c.measuredOn,
        period: indicator.period,
      },
    );
  }
  return [
    {
      type: 'IndicatorValueRecorded',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, indicatorId: c.indicatorId, value: c.value, measuredOn: c.measuredOn },
    },
  ];
}

export function addActivity(c: Cmd<typeof AddActivity>, s: RegisteredMunicipality): MunicipalityEvent[] {
  if (s.steering.activities[c.activityId]) {
    fail('ALREADY_EXISTS', 'steering.activity-unique', `Aktiviteten ${c.activityId} finns redan`, {
      activityId: c.activityId,
    });
  }
  if (!s.steering.organGoals[c.organGoalId]) {
    fail('NOT_FOUND', 'steering.activity-under-goal', `Nämndmålet ${c.organGoalId} finns inte`, {
      organGoalId: c.organGoalId,
    });
  }
  if (c.departmentId !== null && !s.departments[c.departmentId]) {
    fail('NOT_FOUND', 'steering.activity-department', `Sektorn ${c.departmentId} finns inte`, {
      departmentId: c.departmentId,
    });
  }
  const { type: _t, actor, ...rest } = c;
  return [{ type: 'ActivityAdded', schemaVersion: 1, data: { ...rest, by: actor } }];
}
