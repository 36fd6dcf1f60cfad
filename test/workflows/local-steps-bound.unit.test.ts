import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { LOCAL_STEPS_PER_TASK } from '../../workflows/local-steps';

const { temporal } = proto;
const { EventType } = temporal.api.enums.v1;

const dir = path.resolve(import.meta.dirname, '../histories');
const newest = readdirSync(dir).sort().at(-1) as string;

/** Local activities recorded by each workflow task of a history (their markers follow its completion). */
function localActivitiesPerTask(file: string): number[] {
  const history = temporal.api.history.v1.History.decode(readFileSync(path.join(dir, newest, file)));
  const perTask: number[] = [];
  for (const event of history.events ?? []) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) perTask.push(0);
    else if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity' && perTask.length > 0)
      perTask[perTask.length - 1] = (perTask.at(-1) ?? 0) + 1;
  }
  return perTask;
}

// A workflow task that chains more local activities than this may pass the SDK's heartbeat point
// (80% of its 10 s timeout), which breaks an in-flight update in SDK core 1.24 (workflows/local-steps.ts).
describe('local steps per workflow task, in the newest recorded histories', () => {
  const files = readdirSync(path.join(dir, newest)).filter((f) => f.endsWith('.binpb'));
  const counts = files.map((f) => ({ file: f, perTask: localActivitiesPerTask(f) }));

  it('records local activities (the cycle, its phases and tasks run their steps locally)', () => {
    const cycle = counts.find((c) => c.file.startsWith('cycle-ale-2027'));
    expect(cycle?.perTask.some((n) => n > 1)).toBe(true);
  });

  it(`starts at most ${LOCAL_STEPS_PER_TASK} in any one workflow task`, () => {
    const over = counts.flatMap(({ file, perTask }) =>
      perTask.filter((n) => n > LOCAL_STEPS_PER_TASK).map((n) => `${file}: ${n}`),
    );
    expect(over).toEqual([]);
  });
});
