import { EMPTY_ROSTER, type Roster } from '../domain/access/authorize';

/**
 * Copies of the municipality's state that cycles started before `state-follows-store` carry in their
 * inputs. Read only on that path, so their histories replay; new cycles leave them out and read the
 * current state at the moment of each action.
 */
export interface LegacyCopies {
  /** Secretaries per organ id. */
  secretaries?: Record<string, string[]>;
  processOwners?: string[];
  /** Steering documents in force (council goals, external factors), to check ids in submissions. */
  reference?: { councilGoalIds: string[]; externalFactorIds: string[] } | null;
}

/** The roster as the copies had it (process owners and secretaries; no auditors were copied). */
export function legacyRoster(copies: LegacyCopies): Roster {
  return {
    ...EMPTY_ROSTER,
    processOwners: copies.processOwners ?? [],
    secretaries: copies.secretaries ?? {},
  };
}
