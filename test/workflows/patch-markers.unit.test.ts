import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { PATCHES_OF_2026_12, PATCHES_OF_2026_12_07, STEPS_FIND_THEMSELVES } from '../../workflows/versions';

const { temporal } = proto;
const dir = path.resolve(import.meta.dirname, '../histories');
const newestGeneration = readdirSync(dir).sort().at(-1) as string;
const newest = readdirSync(path.join(dir, newestGeneration)).filter((f) => f.endsWith('.binpb'));

/** The patch ids a history recorded, in order, and how many search-attribute upserts it made. */
function patchesOf(file: string): { markers: string[]; upserts: number } {
  const history = temporal.api.history.v1.History.decode(
    readFileSync(path.join(dir, newestGeneration, file)),
  );
  const markers: string[] = [];
  let upserts = 0;
  for (const e of history.events ?? []) {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    if (data) markers.push((JSON.parse(Buffer.from(data).toString()) as { id: string }).id);
    if (e.upsertWorkflowSearchAttributesEventAttributes) upserts++;
  }
  return { markers, upserts };
}

// Each patch a workflow asks records a marker and an upsert of TemporalChangeVersion (a visibility
// write on the server); a new run records the one bundle marker instead (workflows/patches.ts).
describe('a new workflow records one marker for every patch so far', () => {
  it.each(newest)('%s', (file) => {
    const { markers, upserts } = patchesOf(file);
    expect(markers[0]).toBe(PATCHES_OF_2026_12_07);
    expect(markers).not.toContain(PATCHES_OF_2026_12);
    // Patches added after the bundle are asked on their own: cycles and tasks ask one.
    const later = file.startsWith('phase-') ? [] : [STEPS_FIND_THEMSELVES];
    expect(markers).toEqual([PATCHES_OF_2026_12_07, ...later]);
    expect(upserts).toBe(1 + later.length);
  });
});
