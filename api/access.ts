import { loadMunicipality } from '../application/municipality';
import { type Action, authorize, rosterOf } from '../domain/access/authorize';
import { fail } from '../domain/errors';
import type { RegisteredMunicipality } from '../domain/municipality/state';
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
  if (state.status !== 'registered') {
    fail('NOT_REGISTERED', 'municipality.registered', 'Kommunen är inte registrerad');
  }
  authorize(rosterOf(state), claims.sub, action);
  return state;
}
