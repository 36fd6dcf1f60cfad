import { ALE_ORGAN } from '../../../domain/examples/ale';
import type { MunicipalityCommandInput } from '../../../domain/municipality/commands';
import { decision } from '../../../scenario/ale-content';
import type { WriteBuilder, WriteScope } from './types';

/** The organ goal and indicator each organ of a matrix municipality has (its own steering). */
export const goalOf = (organId: string) => `matrix-mal-${organId}`;
export const indicatorOf = (organId: string) => `matrix-ind-${organId}`;

const at = '2026-01-07T08:00:00.000Z';
const actor = 'karin.holm@ale.se';

/** An organ goal and an indicator for each organ: what organ-level steering commands refer to. */
export function standingSteering(organIds: readonly string[]): MunicipalityCommandInput[] {
  return organIds.flatMap((organId): MunicipalityCommandInput[] => [
    {
      type: 'AdoptOrganGoal',
      at,
      actor,
      goalId: goalOf(organId),
      organId,
      year: 2027,
      title: 'Fler elever når kunskapskraven',
      councilGoalIds: ['rm-livslangt-larande'],
    },
    {
      type: 'AddIndicator',
      at,
      actor,
      indicatorId: indicatorOf(organId),
      organGoalId: goalOf(organId),
      name: 'Andel behöriga till gymnasiet',
      unit: 'procent',
      target: 90,
      period: { from: '2027-01-01', to: '2027-12-31' },
    },
  ]);
}

const councilOf = (scope: WriteScope) => {
  const council = scope.organs.find((o) => o.kind === 'council');
  if (!council) throw new Error(`${scope.municipalityId} has no council`);
  return council;
};
export const change = (organId: string | null) => ({ type: 'municipality.change' as const, organId });
const extraOrgan = (scope: WriteScope) => `matrix-organ-${scope.tag}`;
const addExtraOrgan = (scope: WriteScope): MunicipalityCommandInput => ({
  type: 'AddOrgan',
  at,
  actor,
  organId: extraOrgan(scope),
  kind: 'committee',
  name: `Matrisnämnden ${scope.tag}`,
  shortName: 'MN',
});

type Builder = Omit<WriteBuilder, 'fixture' | 'stores' | 'action'> & {
  action?: WriteBuilder['action'];
};

/**
 * A valid body for every municipality command that has a route, keyed by the command's type. The
 * organ-level ones (the organ's own steering) name the cell's organ.
 */
export const MUNICIPALITY_BODIES: Record<string, Builder> = {
  AddOrgan: {
    body: (s) => ({ organId: extraOrgan(s), kind: 'committee', name: `Nämnd ${s.tag}`, shortName: 'N' }),
  },
  RenameOrgan: {
    setup: (s) => [addExtraOrgan(s)],
    body: (s) => ({ organId: extraOrgan(s), name: `Omdöpta nämnden ${s.tag}`, shortName: 'ON' }),
  },
  RemoveOrgan: {
    setup: (s) => [addExtraOrgan(s)],
    body: (s) => ({ organId: extraOrgan(s), reason: 'Nämnden slås ihop med en annan' }),
  },
  AddDepartment: {
    body: (s) => ({ departmentId: `matrix-sektor-${s.tag}`, organId: ALE_ORGAN.bun, name: 'Sektor matris' }),
  },
  AssignSecretary: { body: (s) => ({ organId: ALE_ORGAN.bun, userId: `sekreterare.${s.tag}@ale.se` }) },
  AssignProcessOwner: { body: (s) => ({ userId: `processagare.${s.tag}@ale.se` }) },
  AssignAuditor: { body: (s) => ({ userId: `revisor.${s.tag}@ale.se` }) },
  SetVision: { body: () => ({ text: 'Ale – där alla kan växa', fromYear: 2027, toYear: 2034 }) },
  SetValues: {
    body: () => ({
      values: [{ title: 'Tillit', description: 'Vi litar på varandra.' }],
      fromYear: 2027,
      toYear: 2034,
    }),
  },
  AdoptCouncilGoal: {
    body: (s) => ({
      goalId: `matrix-rm-${s.tag}`,
      title: 'Ale är en attraktiv arbetsgivare',
      fromYear: 2027,
      toYear: 2030,
    }),
  },
  AdoptExternalFactor: {
    body: (s) => ({ factorId: `matrix-of-${s.tag}`, title: 'Energipriser', fromYear: 2027, toYear: 2030 }),
  },
  AdoptOrganGoal: {
    namesOrgan: true,
    action: (s) => change(s.organId),
    body: (s) => ({
      goalId: `matrix-mal-${s.tag}`,
      organId: s.organId,
      year: 2027,
      title: 'Tryggare skolmiljöer',
      councilGoalIds: ['rm-trygghet'],
    }),
  },
  AddIndicator: {
    namesOrgan: true,
    action: (s) => change(s.organId),
    body: (s) => ({
      indicatorId: `matrix-ind-${s.tag}`,
      organGoalId: goalOf(s.organId),
      name: 'Elever som känner sig trygga',
      unit: 'procent',
      target: 85,
      period: { from: '2027-01-01', to: '2027-12-31' },
    }),
  },
  RecordIndicatorValue: {
    namesOrgan: true,
    action: (s) => change(s.organId),
    body: (s) => ({ indicatorId: indicatorOf(s.organId), value: 84, measuredOn: '2027-06-30' }),
  },
  AddActivity: {
    namesOrgan: true,
    action: (s) => change(s.organId),
    body: (s) => ({
      activityId: `matrix-akt-${s.tag}`,
      organGoalId: goalOf(s.organId),
      title: 'Studiecirklar',
    }),
  },
  RecordExtraElection: {
    body: (s) => ({
      decision: decision(councilOf(s), '2028-01-10', 'Extra val till fullmäktige'),
      electionDate: '2028-03-05',
      mandateStart: '2028-04-01',
    }),
  },
};
