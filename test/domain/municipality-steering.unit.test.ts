import { describe, expect, it } from 'vitest';
import { ALE_ORGAN } from '../../domain/examples/ale';
import type { MunicipalityEvent } from '../../domain/municipality/index';
import { ale, by, meta, municipality } from './municipality-fixtures';

describe('municipality: steering documents', () => {
  it('sets vision and värdegrund for eight years only', () => {
    municipality
      .given(ale)
      .when({ type: 'SetVision', ...meta, text: 'Ny vision', fromYear: 2031, toYear: 2038 })
      .thenEmits([
        {
          type: 'VisionSet',
          schemaVersion: 1,
          data: { ...by, text: 'Ny vision', fromYear: 2031, toYear: 2038 },
        },
      ]);
    municipality
      .given(ale)
      .when({ type: 'SetVision', ...meta, text: 'Ny vision', fromYear: 2031, toYear: 2034 })
      .thenThrows('INVALID_PERIOD', 'steering.vision-period');
    municipality
      .given(ale)
      .when({ type: 'SetValues', ...meta, values: [{ title: 'Tillit' }], fromYear: 2031, toYear: 2039 })
      .thenThrows('INVALID_PERIOD', 'steering.values-period');
  });

  it('adopts council goals and external factors for four years', () => {
    municipality
      .given(ale)
      .when({
        type: 'AdoptCouncilGoal',
        ...meta,
        goalId: 'rm-ny',
        title: 'Nytt riktningsmål',
        fromYear: 2028,
        toYear: 2031,
        agenda2030Goals: [3],
      })
      .thenEmits([
        {
          type: 'CouncilGoalAdopted',
          schemaVersion: 1,
          data: {
            ...by,
            goalId: 'rm-ny',
            title: 'Nytt riktningsmål',
            description: '',
            fromYear: 2028,
            toYear: 2031,
            agenda2030Goals: [3],
            decision: null,
          },
        },
      ]);
    municipality
      .given(ale)
      .when({ type: 'AdoptCouncilGoal', ...meta, goalId: 'rm-x', title: 'X', fromYear: 2028, toYear: 2029 })
      .thenThrows('INVALID_PERIOD', 'steering.councilGoal-period');
    municipality
      .given(ale)
      .when({
        type: 'AdoptExternalFactor',
        ...meta,
        factorId: 'of-x',
        title: 'X',
        fromYear: 2028,
        toYear: 2033,
      })
      .thenThrows('INVALID_PERIOD');
  });

  it('rejects Agenda 2030 goals outside 1–17', () => {
    municipality
      .given(ale)
      .when({
        type: 'AdoptCouncilGoal',
        ...meta,
        goalId: 'rm-y',
        title: 'Y',
        fromYear: 2028,
        toYear: 2031,
        agenda2030Goals: [18],
      })
      .thenThrows('INVALID_COMMAND');
  });

  it('adopts an organ goal only when linked to ≥1 council goal in force that year', () => {
    const goal = {
      type: 'AdoptOrganGoal',
      ...meta,
      goalId: 'bun-2027-1',
      organId: ALE_ORGAN.bun,
      year: 2027,
      title: 'Fler elever når kunskapskraven',
      councilGoalIds: ['rm-livslangt-larande'],
    };
    municipality
      .given(ale)
      .when(goal)
      .thenEmits([
        {
          type: 'OrganGoalAdopted',
          schemaVersion: 1,
          data: {
            ...by,
            goalId: 'bun-2027-1',
            organId: ALE_ORGAN.bun,
            year: 2027,
            title: 'Fler elever når kunskapskraven',
            description: '',
            councilGoalIds: ['rm-livslangt-larande'],
            agenda2030Goals: [],
          },
        },
      ]);
    municipality
      .given(ale)
      .when({ ...goal, councilGoalIds: [] })
      .thenThrows('INVALID_COMMAND');
    municipality
      .given(ale)
      .when({ ...goal, councilGoalIds: ['rm-finns-inte'] })
      .thenThrows('UNKNOWN_COUNCIL_GOAL', 'steering.organ-goal-links-council-goal');
    // Ale's council goals run 2024–2027; a 2028 organ goal cannot link to them.
    municipality
      .given(ale)
      .when({ ...goal, year: 2028 })
      .thenThrows('UNKNOWN_COUNCIL_GOAL');
    municipality
      .given(ale)
      .when({ ...goal, organId: ALE_ORGAN.kf })
      .thenThrows('INVALID_ORGAN_KIND');
  });

  it('adds indicators with measured values, and activities, under an organ goal', () => {
    const withGoal: MunicipalityEvent[] = [
      ...ale,
      {
        type: 'OrganGoalAdopted',
        schemaVersion: 1,
        data: {
          ...by,
          goalId: 'bun-2027-1',
          organId: ALE_ORGAN.bun,
          year: 2027,
          title: 'Fler elever når kunskapskraven',
          description: '',
          councilGoalIds: ['rm-livslangt-larande'],
          agenda2030Goals: [4],
        },
      },
    ];
    const indicator = {
      type: 'AddIndicator',
      ...meta,
      indicatorId: 'ind-behorighet',
      organGoalId: 'bun-2027-1',
      name: 'Andel behöriga till gymnasiet',
      unit: '%',
      target: 88,
      period: { from: '2027-01-01', to: '2027-12-31' },
    };
    const withIndicator = [
      ...withGoal,
      ...[
        {
          type: 'IndicatorAdded' as const,
          schemaVersion: 1 as const,
          data: {
            ...by,
            indicatorId: 'ind-behorighet',
            organGoalId: 'bun-2027-1',
            name: 'Andel behöriga till gymnasiet',
            unit: '%',
            target: 88,
            baseline: null,
            period: { from: '2027-01-01', to: '2027-12-31' },
          },
        },
      ],
    ];
    municipality.given(withGoal).when(indicator).thenEmits(withIndicator.slice(withGoal.length));
    municipality
      .given(withGoal)
      .when({ ...indicator, organGoalId: 'nope' })
      .thenThrows('NOT_FOUND');
    municipality
      .given(withGoal)
      .when({ ...indicator, period: { from: '2027-12-31', to: '2027-01-01' } })
      .thenThrows('INVALID_PERIOD');

    const state = municipality
      .given(withIndicator)
      .when({
        type: 'RecordIndicatorValue',
        ...meta,
        indicatorId: 'ind-behorighet',
        value: 86.5,
        measuredOn: '2027-06-30',
      })
      .thenEmits([
        {
          type: 'IndicatorValueRecorded',
          schemaVersion: 1,
          data: { ...by, indicatorId: 'ind-behorighet', value: 86.5, measuredOn: '2027-06-30' },
        },
      ]);
    expect(state.status === 'registered' && state.steering.indicators['ind-behorighet']?.values).toEqual([
      { value: 86.5, measuredOn: '2027-06-30' },
    ]);
    municipality
      .given(withIndicator)
      .when({
        type: 'RecordIndicatorValue',
        ...meta,
        indicatorId: 'ind-behorighet',
        value: 80,
        measuredOn: '2028-01-15',
      })
      .thenThrows('INVALID_PERIOD', 'steering.indicator-value-in-period');

    municipality
      .given(withGoal)
      .when({
        type: 'AddActivity',
        ...meta,
        activityId: 'akt-1',
        organGoalId: 'bun-2027-1',
        title: 'Läsfrämjande insatser',
        departmentId: 'ale-sektor-utbildning',
      })
      .thenEmits([
        {
          type: 'ActivityAdded',
          schemaVersion: 1,
          data: {
            ...by,
            activityId: 'akt-1',
            organGoalId: 'bun-2027-1',
            title: 'Läsfrämjande insatser',
            description: '',
            dueDate: null,
            departmentId: 'ale-sektor-utbildning',
          },
        },
      ]);
    municipality
      .given(withGoal)
      .when({
        type: 'AddActivity',
        ...meta,
        activityId: 'akt-2',
        organGoalId: 'bun-2027-1',
        title: 'X',
        departmentId: 'nope',
      })
      .thenThrows('NOT_FOUND', 'steering.activity-department');
  });
});
