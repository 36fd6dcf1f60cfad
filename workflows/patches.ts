import { patched } from '@temporalio/workflow';
import {
  ACTIONS_AWAIT_ASSIGNMENT,
  CLOCK_AT_EXECUTION_START,
  CLOCK_AT_RUN_START,
  CYCLE_CLOCK_STORED,
  CYCLE_FOLLOWS_ORGANS,
  DECISION_OVERDUE_RECORDED,
  LOCAL_STEPS,
  LOCAL_STEPS_BOUNDED,
  LOCAL_STEPS_SERIAL,
  PATCHES_OF_2026_12,
  PATCHES_OF_2026_12_07,
  PHASES_TOLD_WHAT_THEY_SEE,
  STATE_FOLLOWS_STORE,
  SUBMISSIONS_STORED,
  TASK_CANCELLATION,
  TIMER_SEES_SETTLED_TASK,
  UPDATES_FIND_OWN_STEP,
  UPDATES_SHARE_READS,
} from './versions';

/** Whether this workflow takes a patch: `patched(id)`, or true for a bundled one in a bundled run. */
export type Patches = (id: string) => boolean;

/** The patches PATCHES_OF_2026_12 stands for. Never add to it: a later patch is asked on its own. */
const BUNDLED: ReadonlySet<string> = new Set([
  'gate-follows-calendar',
  STATE_FOLLOWS_STORE,
  TASK_CANCELLATION,
  DECISION_OVERDUE_RECORDED,
  TIMER_SEES_SETTLED_TASK,
  CYCLE_FOLLOWS_ORGANS,
  CYCLE_CLOCK_STORED,
  ACTIONS_AWAIT_ASSIGNMENT,
  LOCAL_STEPS,
  LOCAL_STEPS_BOUNDED,
  CLOCK_AT_RUN_START,
  PHASES_TOLD_WHAT_THEY_SEE,
  UPDATES_SHARE_READS,
]);

/** The patches PATCHES_OF_2026_12_07 stands for: all of the above and those asked on their own after it. */
const BUNDLED_2026_12_07: ReadonlySet<string> = new Set([
  ...BUNDLED,
  CLOCK_AT_EXECUTION_START,
  LOCAL_STEPS_SERIAL,
  SUBMISSIONS_STORED,
  UPDATES_FIND_OWN_STEP,
]);

/**
 * Asked first thing in a workflow (each run). A new run records the one marker PATCHES_OF_2026_12_07
 * and takes every bundled patch. A history recorded before it has no such marker (asking for it there
 * records nothing and answers false) and goes on as it was recorded: PATCHES_OF_2026_12, then each
 * later patch where it was asked, replaying its own marker; or, older still, each patch on its own.
 */
export function workflowPatches(): Patches {
  if (patched(PATCHES_OF_2026_12_07)) return (id) => BUNDLED_2026_12_07.has(id) || patched(id);
  const bundled = patched(PATCHES_OF_2026_12);
  return (id) => (bundled && BUNDLED.has(id)) || patched(id);
}
