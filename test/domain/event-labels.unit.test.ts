import { describe, expect, it } from 'vitest';
import { EVENT_LABEL, eventLabel } from '../../domain/event-labels';
import { EVENT_TYPES } from '../../domain/events';

describe('every event type has a Swedish label', () => {
  it('labels each type in the domain event schema, and nothing else', () => {
    const missing = EVENT_TYPES.filter((t) => !EVENT_LABEL[t]?.trim());
    expect(missing).toEqual([]);
    expect(Object.keys(EVENT_LABEL).sort()).toEqual([...EVENT_TYPES].sort());
  });
  it('never shows a code name: no label is the type itself or CamelCase English', () => {
    for (const type of EVENT_TYPES) {
      expect(eventLabel(type)).not.toBe(type);
      expect(eventLabel(type)).not.toMatch(/[a-z][A-Z]/);
    }
  });
  it('gives one label per type, with the glossary’s words', () => {
    const labels = Object.values(EVENT_LABEL);
    expect(new Set(labels).size).toBe(labels.length);
    expect(eventLabel('TaskReturnedForRevision')).toBe('Uppgift returnerad för komplettering');
    expect(eventLabel('TaskAssigned')).toBe('Uppgift tilldelad');
    expect(eventLabel('SomethingNew')).toBe('SomethingNew');
  });
});
