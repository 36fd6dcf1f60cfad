import { ALE_USERS, aleMunicipalityEvents } from '../../domain/examples/ale';
import { municipalityDecider } from '../../domain/municipality/index';
import { spec } from '../support/decider-spec';

/** Shared by the municipality decider's unit tests: Ale's registration, a process owner's metadata. */

export const at = '2026-01-08T09:00:00.000Z';
export const actor = ALE_USERS.processOwner;
export const meta = { at, actor };
export const by = { at, by: actor };
export const ale = aleMunicipalityEvents();
export const municipality = spec(municipalityDecider);
