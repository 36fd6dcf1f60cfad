import type { Decider } from '../decider';
import { fail } from '../errors';
import { assertNever } from '../primitives';
import { MunicipalityCommand } from './commands';
import {
  addDepartment,
  addOrgan,
  assignAuditor,
  assignProcessOwner,
  assignSecretary,
  removeProcessOwner,
  removeSecretary,
  setNotificationPreferences,
} from './decide-organisation';
import {
  addActivity,
  addIndicator,
  adoptCouncilGoal,
  adoptExternalFactor,
  adoptOrganGoal,
  recordIndicatorValue,
  setValues,
  setVision,
} from './decide-steering';
import type { MunicipalityEvent } from './events';
import { recordExtraElection } from './mandate';
import { removeOrgan, renameOrgan } from './organ-changes';
import { evolveMunicipality, initialMunicipalityState, type MunicipalityState } from './state';

export function decideMunicipality(
  command: MunicipalityCommand,
  state: MunicipalityState,
): MunicipalityEvent[] {
  if (command.type === 'RegisterMunicipality') {
    if (state.status === 'registered') {
      fail('ALREADY_EXISTS', 'municipality.register-once', `Kommunen ${state.name} är redan registrerad`, {
        municipalityId: state.municipalityId,
      });
    }
    return [
      {
        type: 'MunicipalityRegistered',
        schemaVersion: 1,
        data: {
          at: command.at,
          by: command.actor,
          municipalityId: command.municipalityId,
          name: command.name,
          // Left out when not given, so registrations without a code hash as they always did.
          ...(command.municipalityCode ? { municipalityCode: command.municipalityCode } : {}),
        },
      },
    ];
  }
  if (state.status !== 'registered') {
    return fail('NOT_REGISTERED', 'municipality.registered', 'Kommunen är inte registrerad');
  }
  switch (command.type) {
    case 'AddOrgan':
      return addOrgan(command, state);
    case 'AddDepartment':
      return addDepartment(command, state);
    case 'AssignSecretary':
      return assignSecretary(command, state);
    case 'RemoveSecretary':
      return removeSecretary(command, state);
    case 'AssignProcessOwner':
      return assignProcessOwner(command, state);
    case 'RemoveProcessOwner':
      return removeProcessOwner(command, state);
    case 'AssignAuditor':
      return assignAuditor(command, state);
    case 'SetNotificationPreferences':
      return setNotificationPreferences(command, state);
    case 'SetVision':
      return setVision(command);
    case 'SetValues':
      return setValues(command);
    case 'AdoptCouncilGoal':
      return adoptCouncilGoal(command, state);
    case 'AdoptExternalFactor':
      return adoptExternalFactor(command, state);
    case 'AdoptOrganGoal':
      return adoptOrganGoal(command, state);
    case 'AddIndicator':
      return addIndicator(command, state);
    case 'RecordIndicatorValue':
      return recordIndicatorValue(command, state);
    case 'AddActivity':
      return addActivity(command, state);
    case 'RenameOrgan':
      return renameOrgan(command, state);
    case 'RemoveOrgan':
      return removeOrgan(command, state);
    case 'RecordExtraElection':
      return recordExtraElection(command, state);
    default:
      return assertNever(command);
  }
}

/** The municipality (kommun) aggregate: organisation, roles and steering documents (styrdokument). */
export const municipalityDecider: Decider<MunicipalityCommand, MunicipalityEvent, MunicipalityState> = {
  commandSchema: MunicipalityCommand,
  decide: decideMunicipality,
  evolve: evolveMunicipality,
  initialState: initialMunicipalityState,
};
