import { parseStreamId } from '../../domain';

/** Municipality and budget year of a `cycle-<municipality>-<year>` stream. */
export function cycleOf(streamId: string): { municipalityId: string; budgetYear: number } {
  const parsed = parseStreamId(streamId);
  if (parsed?.category !== 'cycle') throw new Error(`not a cycle stream: ${streamId}`);
  return { municipalityId: parsed.municipalityId, budgetYear: parsed.budgetYear };
}

/** Municipality of a `municipality-<id>` stream. */
export function municipalityOf(streamId: string): string {
  const parsed = parseStreamId(streamId);
  if (parsed?.category !== 'municipality') throw new Error(`not a municipality stream: ${streamId}`);
  return parsed.municipalityId;
}
