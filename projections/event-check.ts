import type { DomainEvent } from '../domain';
import type { PagedRow } from '../eventstore';
import { domainEventOf } from './apply';

/**
 * An event of a page that a fold must not take as stored: its domain event (upcast, or changed by its
 * schema: defaults filled in, unknown fields dropped), or null to skip it (unknown type, invalid data,
 * with the warning the incremental path gives).
 */
export interface Verdict {
  /** The event's index in its page. */
  index: number;
  event: DomainEvent | null;
  warning?: string;
}

/**
 * Validates and upcasts every event of a page's JSON text (readPageTextOfTypes) as the incremental path
 * does (domainEventOf), and returns only the events whose domain event differs from what was stored, in
 * page order. Every other event's domain event is its stored type, version and data as they are: the
 * same values (only the order of an object's keys may differ, which no read model sees: they write
 * jsonb, and sort what they take from an object's values). So a thread that folds the page needs only
 * the verdicts, and a rebuild can check pages on other cores while it folds.
 */
export function checkPageText(text: string | null): Verdict[] {
  if (!text) return [];
  const rows = JSON.parse(text) as PagedRow[];
  const verdicts: Verdict[] = [];
  for (let index = 0; index < rows.length; index++) {
    const [globalPosition, eventId, streamId, type, schemaVersion, data] = rows[index] as PagedRow;
    let warning: string | undefined;
    const stored = { globalPosition, eventId, streamId, type, schemaVersion, data };
    const event = domainEventOf(stored, (line) => {
      warning = line;
    });
    if (event && sameAsStored(event, stored)) continue;
    verdicts.push(warning === undefined ? { index, event } : { index, event, warning });
  }
  return verdicts;
}

function sameAsStored(event: DomainEvent, stored: { type: string; schemaVersion: number; data: unknown }) {
  return (
    event.type === stored.type &&
    event.schemaVersion === stored.schemaVersion &&
    Object.keys(event).length === 3 &&
    sameJson(event.data, stored.data)
  );
}

/** Equal JSON values: the same scalars, arrays in order, plain objects with the same keys (any order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlain(a) || !isPlain(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
