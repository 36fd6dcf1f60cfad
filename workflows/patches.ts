import { patched } from '@temporalio/workflow';
import {
  ACTIONS_AWAIT_ASSIGNMENT,
  CLOCK_AT_RUN_START,
  CYCLE_CLOCK_STORED,
  CYCLE_FOLLOWS_ORGANS,
  DECISION_OVERDUE_RECORDED,
  LOCAL_STEPS,
  LOCAL_STEPS_BOUNDED,
  PATCHES_OF_2026_12,
  PHASES_TOLD_WHAT_THEY_SEE,
  STATE_FOLLOWS_STORE,
  TASK_CANCELLATION,
  TIMER_SEES_SETTLED_TASK,
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

/**
 * Asked first thing in a workflow (each run). A new run records the one marker PATCHES_OF_2026_12 and
 * takes every bundled patch; a history recorded before it has no such marker and asks each patch
 * where it was asked then, recording or replaying its own marker.
 */
export function workflowPatches(): Patches {
  const bundled = patched(PATCHES_OF_2026_12);
  return (id) => (bundled && BUNDLED.has(id)) || patched(id);
}
