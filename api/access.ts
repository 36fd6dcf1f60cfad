import { loadMunicipality, loadMunicipalityAtVersion } from '../application/municipality';
import { type Action, authorize, rosterOf } from '../domain/access/authorize';
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
 * (municipalityVersionSql): the state at that version, so the check and the data are of one moment
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
  authorize(rosterOf(state), claims.sub, action);
  return state;
}
