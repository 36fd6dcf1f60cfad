import { describe, expect, it } from 'vitest';
import { ALE_ORGAN, ALE_USERS, aleMunicipalityState } from '../../domain/examples/ale';
import { councilGoalsFor, externalFactorsFor, secretariesOf } from '../../domain/municipality/index';
import { ale, by, meta, municipality } from './municipality-fixtures';

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
    const second = municipality
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
    expect(second.message).toBe('Kommunen har redan ett kommunfullmäktige');
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
