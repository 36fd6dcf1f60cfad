import { z } from 'zod';
import { lazySchema } from '../lazy-schema';

/**
 * Kinds of organ:
 * council = kommunfullmäktige (KF), executive_board = kommunstyrelsen (KS),
 * committee = nämnd, company = bolag.
 */
export const ORGAN_KINDS = ['council', 'executive_board', 'committee', 'company'] as const;
export const OrganKind = lazySchema(() => z.enum(ORGAN_KINDS));
export type OrganKind = z.infer<typeof OrganKind>;

/** Organs that take part in the cycle like a nämnd (KS, nämnder, bolag). */
export function takesPartInCycle(kind: OrganKind): boolean {
  return kind !== 'council';
}

/** Organs KF grants or refuses discharge (ansvarsfrihet): KS and the nämnder, not bolag. */
export function isSubjectToDischarge(kind: OrganKind): boolean {
  return kind === 'executive_board' || kind === 'committee';
}

/** Organs that get a budget frame (ram) from KF: KS and the nämnder. */
export function receivesFrame(kind: OrganKind): boolean {
  return kind === 'executive_board' || kind === 'committee';
}
