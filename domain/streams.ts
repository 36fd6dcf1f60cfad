/** Stream ids: one stream per aggregate instance. Category prefix, then the instance's ids. */

export const STREAM_CATEGORIES = ['municipality', 'cycle', 'task'] as const;
export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

/** `municipality-{municipalityId}`: organisation, roles and steering documents. */
export function municipalityStream(municipalityId: string): string {
  return `municipality-${municipalityId}`;
}

/** `cycle-{municipalityId}-{year}`: the årshjul for budget year N. */
export function cycleStream(municipalityId: string, budgetYear: number): string {
  return `cycle-${municipalityId}-${budgetYear}`;
}

/** `task-{taskId}`: one task (uppgift). */
export function taskStream(taskId: string): string {
  return `task-${taskId}`;
}

/**
 * A deterministic task id for an organ's task of a kind in a cycle, e.g.
 * `ale.2027.nulagesanalys.bun` (add `seq` when an organ gets several of a kind, e.g. dialogues).
 */
export function makeTaskId(parts: {
  municipalityId: string;
  budgetYear: number;
  kind: string;
  organId: string;
  seq?: number;
}): string {
  const base = `${parts.municipalityId}.${parts.budgetYear}.${parts.kind}.${parts.organId}`;
  return parts.seq === undefined ? base : `${base}.${parts.seq}`;
}

export type ParsedStreamId =
  | { category: 'municipality'; municipalityId: string }
  | { category: 'cycle'; municipalityId: string; budgetYear: number }
  | { category: 'task'; taskId: string };

/** Reads a stream id back into its parts (null when not one of ours). */
export function parseStreamId(streamId: string): ParsedStreamId | null {
  const dash = streamId.indexOf('-');
  if (dash <= 0) return null;
  const category = streamId.slice(0, dash);
  const rest = streamId.slice(dash + 1);
  if (rest === '') return null;
  switch (category) {
    case 'municipality':
      return { category, municipalityId: rest };
    case 'task':
      return { category, taskId: rest };
    case 'cycle': {
      const match = /^(.+)-(\d{4})$/.exec(rest);
      if (!match?.[1] || !match[2]) return null;
      return { category, municipalityId: match[1], budgetYear: Number(match[2]) };
    }
    default:
      return null;
  }
}
