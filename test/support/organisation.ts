import type { CycleOrgan } from '../../domain/cycle/events';
import type { MunicipalityCommandInput } from '../../domain/municipality/commands';

/** A small municipality as its process owner registers it: its organs, a secretary each, itself. */
export function organisationCommands(o: {
  municipalityId: string;
  name: string;
  organs: readonly CycleOrgan[];
  processOwner: string;
  secretaryOf: (organ: CycleOrgan) => string;
}): MunicipalityCommandInput[] {
  const meta = { at: '2026-01-07T08:00:00.000Z', actor: o.processOwner };
  return [
    { type: 'RegisterMunicipality', ...meta, municipalityId: o.municipalityId, name: o.name },
    ...o.organs.map((organ): MunicipalityCommandInput => ({ type: 'AddOrgan', ...meta, ...organ })),
    ...o.organs.map(
      (organ): MunicipalityCommandInput => ({
        type: 'AssignSecretary',
        ...meta,
        organId: organ.organId,
        userId: o.secretaryOf(organ),
      }),
    ),
    { type: 'AssignProcessOwner', ...meta, userId: o.processOwner },
  ];
}
