import { parseStreamId } from '../domain/streams';

/** Prefix of the chain key of a stream that names no municipality (a chain of its own per stream). */
export const UNOWNED_CHAIN_PREFIX = '~';

/**
 * The hash chain a stream's events belong to: its municipality's id. The one place that maps stream
 * ids to chains; the migration and every append use it. `municipality-{m}` and `cycle-{m}-{year}` name
 * the municipality, `task-{taskId}` too (task ids start with `{m}.{year}.`). Any other stream (tests, tools)
 * forms its own chain, `~{streamId}`, which cannot clash with a municipality id.
 */
export function chainKeyOf(streamId: string): string {
  const parsed = parseStreamId(streamId);
  if (parsed?.category === 'municipality' || parsed?.category === 'cycle') return parsed.municipalityId;
  if (parsed?.category === 'task') {
    const municipality = /^(.+?)\.\d{4}\./.exec(parsed.taskId)?.[1];
    if (municipality) return municipality;
  }
  return `${UNOWNED_CHAIN_PREFIX}${streamId}`;
}
