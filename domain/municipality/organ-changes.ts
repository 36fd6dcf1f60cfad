import type { z } from 'zod';
import { fail } from '../errors';
import type { RemoveOrgan, RenameOrgan } from './commands';
import { requireOrgan } from './decide-organisation';
import type { MunicipalityEvent } from './events';
import type { RegisteredMunicipality } from './state';

const RULE = 'organ.change-during-cycle';

/**
 * An organ renamed: same id, so its tasks, decisions and history stay its own and show the new name
 * (rule organ.change-during-cycle).
 */
export function renameOrgan(c: z.infer<typeof RenameOrgan>, s: RegisteredMunicipality): MunicipalityEvent[] {
  const organ = requireOrgan(s, c.organId, RULE);
  if (organ.name === c.name && organ.shortName === c.shortName) {
    fail('INVALID_STATE', RULE, `${organ.name} heter redan så (name)`, { field: 'name', organId: c.organId });
  }
  return [
    {
      type: 'OrganRenamed',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, organId: c.organId, name: c.name, shortName: c.shortName },
    },
  ];
}

/**
 * An organ removed (the nämnd or bolag ceases). KF and KS cannot be removed. A running cycle cancels the removed organ's open tasks (rule organ.change-during-cycle).
 */
export function removeOrgan(c: z.infer<typeof RemoveOrgan>, s: RegisteredMunicipality): MunicipalityEvent[] {
  const organ = requireOrgan(s, c.organId, RULE);
  if (organ.kind === 'council' || organ.kind === 'executive_board') {
    fail('INVALID_ORGAN_KIND', RULE, `${organ.name} kan inte tas bort (organId)`, {
      field: 'organId',
      organId: c.organId,
      kind: organ.kind,
    });
  }
  return [
    {
      type: 'OrganRemoved',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, organId: c.organId, reason: c.reason },
    },
  ];
}
