import { loadMunicipality, loadMunicipalityAtVersion } from '../application/municipality';
import { type Action, authorize, type Roster, rosterOf } from '../domain/access/authorize';
import { fail } from '../domain/errors';
import type { MunicipalityState, RegisteredMunicipality } from '../domain/municipality/state';
import type { TokenClaims } from './auth';
import type { ApiContext } from './context';

/**
 * The API's permission check: the shared `authorize` (the same the workflows call), on the
 * municipality's state as the event store has it now. The token says who signs in and in which role;
 * what they may do follows from the current state.
 */
export async function authorizeNow(
  ctx: ApiContext,
  claims: TokenClaims,
  municipalityId: string,
  action: Action,
): Promise<RegisteredMunicipality> {
  const { state } = await loadMunicipality(ctx.deps.store, municipalityId);
  return authorized(state, claims, action);
}

/**
 * The same check for a read that fetched the municipality stream's version in its own statement
 * (api/inbox-reads.ts): the state at that version, so the check and the data are of one moment
 * and the read costs one round trip to the store, not two.
 */
export async function authorizeAtVersion(
  ctx: ApiContext,
  claims: TokenClaims,
  municipalityId: string,
  action: Action,
  version: number,
): Promise<RegisteredMunicipality> {
  const { state } = await loadMunicipalityAtVersion(ctx.deps.store, municipalityId, version);
  return authorized(state, claims, action);
}

function authorized(state: MunicipalityState, claims: TokenClaims, action: Action): RegisteredMunicipality {
  if (state.status !== 'registered') {
    fail('NOT_REGISTERED', 'municipality.registered', 'Kommunen är inte registrerad');
  }
  authorize(keptRosterOf(state), claims.sub, action);
  return state;
}

/**
 * The roster of a municipality state, built once per state: a state is the fold up to one stream
 * version and is never changed afterwards (a later version is a new object), so its roster is too.
 * Rebuilding it per request walked every organ of the municipality on every inbox read.
 */
const ROSTERS = new WeakMap<MunicipalityState, Roster>();

export function keptRosterOf(state: MunicipalityState): Roster {
  let roster = ROSTERS.get(state);
  if (!roster) {
    roster = rosterOf(state);
    ROSTERS.set(state, roster);
  }
  return roster;
}
