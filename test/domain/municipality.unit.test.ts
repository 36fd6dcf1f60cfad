import { describe, expect, it } from 'vitest';
import { ALE_ORGAN, ALE_USERS, aleMunicipalityEvents, aleMunicipalityState } from '../../domain/examples/ale';
import {
  councilGoalsFor,
  externalFactorsFor,
  type MunicipalityEvent,
  municipalityDecider,
  secretariesOf,
} from '../../domain/municipality/index';
import { spec } from '../support/decider-spec';

const at = '2026-01-08T09:00:00.000Z';
const actor = ALE_USERS.processOwner;
const meta = { at, actor };
const by = { at, by: actor };
const ale = aleMunicipalityEvents();
const municipality = spec(municipalityDecider);

describe('municipality: organisation', () => {
  it('registers a municipality once', () => {
    municipality
      .given([])
      .when({ type: 'RegisterMunicipality', ...meta, municipalityId: 'ale', name: 'Ale kommun' })
      .thenEmits([
        {
          type: 'MunicipalityRegistered',
          schemaVersion: 1,
          data: { ...by, municipalityId: 'ale', name: 'Ale kommun' },
        },
      ]);
    municipality
      .given(ale)
      .when({ type: 'RegisterMunicipality', ...meta, municipalityId: 'ale', name: 'Ale kommun' })
      .thenThrows('ALREADY_EXISTS', 'municipality.register-once');
  });

  it('rejects commands before registration', () => {
    municipality
      .given([])
      .when({
        type: 'AddOrgan',
        ...meta,
        organId: 'x-kf',
        kind: 'council',
        name: 'Kommunfullmäktige',
        shortName: 'KF',
      })
      .thenThrows('NOT_REGISTERED');
  });

  it('adds a nämnd and allows only one KF and one KS', () => {
    const state = municipality
      .given(ale)
      .when({
        type: 'AddOrgan',
        ...meta,
        organId: 'ale-vn',
        kind: 'committee',
        name: 'Valnämnden',
        shortName: 'VN',
      })
      .thenEmits([
        {
          type: 'OrganAdded',
          schemaVersion: 1,
          data: { ...by, organId: 'ale-vn', kind: 'committee', name: 'Valnämnden', shortName: 'VN' },
        },
      ]);
    expect(state.status === 'registered' && state.organs['ale-vn']?.secretaries).toEqual([]);
    municipality
      .given(ale)
      .when({
        type: 'AddOrgan',
        ...meta,
        organId: 'ale-kf2',
        kind: 'council',
        name: 'Fullmäktige 2',
        shortName: 'KF2',
      })
      .thenThrows('ALREADY_EXISTS', 'organisation.one-council-one-board');
    municipality
      .given(ale)
      .when({
        type: 'AddOrgan',
        ...meta,
        organId: ALE_ORGAN.bun,
        kind: 'committee',
        name: 'Dubblett',
        shortName: 'D',
      })
      .thenThrows('ALREADY_EXISTS', 'organisation.organ-unique');
  });

  it('adds departments under an existing organ, not under KF', () => {
    municipality
      .given(ale)
      .when({
        type: 'AddDepartment',
        ...meta,
        departmentId: 'ale-sektor-x',
        organId: ALE_ORGAN.sn,
        name: 'Sektor X',
      })
      .thenEmits([
        {
          type: 'DepartmentAdded',
          schemaVersion: 1,
          data: { ...by, departmentId: 'ale-sektor-x', organId: ALE_ORGAN.sn, name: 'Sektor X' },
        },
      ]);
    municipality
      .given(ale)
      .when({
        type: 'AddDepartment',
        ...meta,
        departmentId: 'ale-sektor-y',
        organId: ALE_ORGAN.kf,
        name: 'Y',
      })
      .thenThrows('INVALID_ORGAN_KIND');
    municipality
      .given(ale)
      .when({ type: 'AddDepartment', ...meta, departmentId: 'ale-sektor-z', organId: 'nope', name: 'Z' })
      .thenThrows('NOT_FOUND');
  });

  it('assigns and removes secretaries per organ', () => {
    const state = municipality
      .given(ale)
      .when({ type: 'AssignSecretary', ...meta, organId: ALE_ORGAN.bun, userId: 'vikarie@ale.se' })
      .thenEmits([
        {
          type: 'SecretaryAssigned',
          schemaVersion: 1,
          data: { ...by, organId: ALE_ORGAN.bun, userId: 'vikarie@ale.se' },
        },
      ]);
    expect(secretariesOf(state, ALE_ORGAN.bun)).toEqual([
      ALE_USERS.secretaries[ALE_ORGAN.bun],
      'vikarie@ale.se',
    ]);
    municipality
      .given(ale)
      .when({
        type: 'AssignSecretary',
        ...meta,
        organId: ALE_ORGAN.bun,
        userId: ALE_USERS.secretaries[ALE_ORGAN.bun],
      })
      .thenThrows('ALREADY_EXISTS');
    const removed = municipality
      .given(ale)
      .when({
        type: 'RemoveSecretary',
        ...meta,
        organId: ALE_ORGAN.sn,
        userId: ALE_USERS.secretaries[ALE_ORGAN.sn],
      })
      .thenEmits([
        {
          type: 'SecretaryRemoved',
          schemaVersion: 1,
          data: { ...by, organId: ALE_ORGAN.sn, userId: ALE_USERS.secretaries[ALE_ORGAN.sn] as string },
        },
      ]);
    expect(secretariesOf(removed, ALE_ORGAN.sn)).toEqual([]);
    municipality
      .given(ale)
      .when({ type: 'RemoveSecretary', ...meta, organId: ALE_ORGAN.sn, userId: 'someone@ale.se' })
      .thenThrows('NOT_FOUND');
  });

  it('assigns process owners and auditors once each', () => {
    municipality
      .given(ale)
      .when({ type: 'AssignAuditor', ...meta, userId: 'revisor2@ale.se' })
      .thenEmits([{ type: 'AuditorAssigned', schemaVersion: 1, data: { ...by, userId: 'revisor2@ale.se' } }]);
    municipality
      .given(ale)
      .when({ type: 'AssignAuditor', ...meta, userId: ALE_USERS.auditor })
      .thenThrows('ALREADY_EXISTS', 'organisation.auditor');
    municipality
      .given(ale)
      .when({ type: 'AssignProcessOwner', ...meta, userId: ALE_USERS.processOwner })
      .thenThrows('ALREADY_EXISTS', 'organisation.process-owner');
  });
});

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

describe('Ale example', () => {
  it('has KF, KS, four nämnder, two bolag, a secretary each, and goals in force for 2027', () => {
    const state = aleMunicipalityState();
    if (state.status !== 'registered') throw new Error('not registered');
    const kinds = Object.values(state.organs).map((o) => o.kind);
    expect(kinds.filter((k) => k === 'committee')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'company')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'council')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'executive_board')).toHaveLength(1);
    expect(Object.values(state.organs).every((o) => o.secretaries.length === 1)).toBe(true);
    expect(state.processOwners).toEqual([ALE_USERS.processOwner]);
    expect(state.auditors).toEqual([ALE_USERS.auditor]);
    expect(councilGoalsFor(state, 2027).length).toBeGreaterThanOrEqual(3);
    expect(externalFactorsFor(state, 2027).length).toBeGreaterThanOrEqual(3);
    expect(councilGoalsFor(state, 2028)).toEqual([]);
  });
});
