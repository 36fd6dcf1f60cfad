/**
 * Patch ids of changes to what running workflows do (docs/versioning.md). Each workflow asks
 * `patched(id)` once, at its start: new runs take the current path, histories recorded before the
 * change replay the path they were recorded with. New runs ask them through workflowPatches()
 * (workflows/patches.ts): one marker, PATCHES_OF_2026_12, stands for every patch up to it.
 */

/**
 * 2026-12: one authority for state and permissions. Workflow state changes only after its events are
 * stored; phases get versioned snapshots; who may act is read from the event store at the moment of
 * the action (loadActionContext + the shared authorize) instead of copies made at the cycle's start.
 */
export const STATE_FOLLOWS_STORE = 'state-follows-store';

/**
 * 2026-12: a process owner may cancel a task (TaskCancelled); the task workflow then ends without
 * further reminders or escalation. Asked at the task's start: tasks started before it refuse the
 * cancellation (their histories never saw one), new tasks accept it.
 */
export const TASK_CANCELLATION = 'task-cancellation';

/**
 * 2026-12: a gate whose deadline passes without its decision asks the cycle to record DecisionOverdue
 * (a signal to the parent), from which the e-mail sender tells the process owners. Phases that started
 * before it only log and notify, as they did.
 */
export const DECISION_OVERDUE_RECORDED = 'decision-overdue-recorded';

/**
 * 2026-12: a reminder or escalation timer that fires while a submission (or a due-date move) holds the
 * task's lock looks at the task again once it has the lock, and does nothing if the task no longer
 * awaits that submission. Before, its decision was refused ("den är inlämnad"), the workflow task
 * failed on every retry and the cycle waited for the task for ever. Asked only at that moment, so
 * histories that never met the race replay without the marker.
 */
export const TIMER_SEES_SETTLED_TASK = 'timer-sees-settled-task';

/**
 * 2026-12: a cycle follows its municipality's organisation while it runs (rule organ.change-during-cycle).
 * Told by organisationChangedSignal, the cycle reads the organs from the store, records the organs
 * added, renamed and removed, and cancels a removed organ's open tasks; each phase gives an organ added
 * while a task stage runs that stage's tasks. The cycle asks it when the signal arrives (histories
 * recorded before never received one); a phase asks it at its start.
 */
export const CYCLE_FOLLOWS_ORGANS = 'cycle-follows-organs';

/**
 * 2026-12: the cycle stores its resolved clock with its start (CycleStarted.clock), so the API reads
 * the cycle's time from the event store instead of asking the workflow (a query waits behind the
 * worker's backlog). Asked once at the cycle's start; histories recorded before start without it.
 */
export const CYCLE_CLOCK_STORED = 'cycle-clock-stored';

/**
 * 2026-12: an action (submit, return, approve, move the due date, cancel) that reaches a task whose
 * assignment is being stored waits for it instead of being refused. The task's stream shows the task
 * given out (GET answers 200) as soon as its AssignTask is stored, a moment before the workflow has
 * the activity's answer; before, an action in that moment was refused as `task.exists` (404). Asked
 * at the task's start: older tasks keep refusing (their histories never accepted such an update).
 */
export const ACTIONS_AWAIT_ASSIGNMENT = 'actions-await-assignment';

/**
 * 2026-12: a step (an update, a timer, a phase opened or closed) does its reads, appends and
 * notifications as local activities inside the workflow task that started it: one workflow task per
 * step instead of one per activity. An append that a failed attempt of the same workflow task stored
 * already (same event ids, decided at that attempt's time) is decided again at the stored time and
 * answered as stored (StreamRecorder.appendDecision). Asked once at each workflow's start; histories
 * recorded before keep their normal activities.
 */
export const LOCAL_STEPS = 'local-steps';

/**
 * 2026-12: at most three local activities start in one workflow task (workflows/local-steps.ts); the
 * next waits for a 1 ms timer, in a fresh task. Before, updates taken together chained their steps in
 * one task (seven appends in a row for KF's discharge decisions), past the SDK's heartbeat point.
 * Asked once at each workflow's start, after LOCAL_STEPS; histories recorded before chain them.
 */
export const LOCAL_STEPS_BOUNDED = 'local-steps-bounded';

/**
 * 2026-12: the cycle's clock is anchored at workflowInfo().runStartTime instead of the time of the
 * workflow task that first runs it. Superseded by CLOCK_AT_EXECUTION_START: the SDK fills runStartTime
 * from the first activation's time, which is again the attempt's own time, so the fix did not hold;
 * kept for the histories of 2026-12-07T0141. A first workflow task that timed out after storing
 * CycleStarted (a loaded worker: 7 s to the append, 10 s timeout) was retried at a later time, so its
 * clock differed from the stored one, the append was refused as a different step and the cycle failed
 * (2 of 16 cycles in a soak at load 17-42). Asked once at the cycle's start.
 */
export const CLOCK_AT_RUN_START = 'clock-at-run-start';

/**
 * 2026-12: the cycle signals a running phase its new snapshot only when it changes what the phase sees
 * (its plan, gates' deadlines and satisfaction: workflows/phase-views.ts). Each signal cost a workflow
 * task in the phase and one in the cycle for its delivery, and the decision that caused it was answered
 * only after that delivery; most decisions change nothing a phase sees. A phase that was starting when
 * a step was stored is told of it once started (before, it waited for the next change). Asked once at
 * the cycle's start.
 */
export const PHASES_TOLD_WHAT_THEY_SEE = 'phases-told-what-they-see';

/**
 * 2026-12: updates and signals the cycle handles in one workflow task share one read of the
 * municipality (loadActionContext): KF's seven discharge decisions arrive together and took seven
 * reads and seven appends, at most three local activities per task (LOCAL_STEPS_BOUNDED), five tasks
 * in a row; now one read and seven appends, three tasks. Asked once at the cycle's start.
 */
export const UPDATES_SHARE_READS = 'updates-share-reads';

/**
 * 2026-12: a workflow that starts with this one marker takes every patch above (BUNDLED in
 * workflows/patches.ts) without asking each: each patch asked recorded a marker and an upsert of the
 * TemporalChangeVersion search attribute (a visibility write), five of each per task workflow, about
 * a sixth of a cycle's history events. Older histories lack the marker and ask each patch as recorded.
 */
export const PATCHES_OF_2026_12 = 'patches-of-2026-12';

// Patches after PATCHES_OF_2026_12: asked on their own, each with its marker.

/**
 * 2026-12: the cycle's clock is anchored at the time its execution started (workflowInfo().startTime,
 * the WorkflowExecutionStarted event's time in the history), the same for every attempt of the first
 * workflow task. A first task that timed out after storing CycleStarted was retried at a later time, its
 * clock (stored in CycleStarted) differed from the stored one, the append was refused as a different
 * step and the cycle failed (2 of 16 cycles in a soak at load 17-42; test/workflows/cycle-start-retry).
 * Asked once at the cycle's first run; continued runs carry the clock in their input.
 */
export const CLOCK_AT_EXECUTION_START = 'clock-at-execution-start';

/**
 * 2026-12: a workflow's local steps run one at a time, and the code after a step sees the time the
 * step started (workflows/step-time.ts). SDK core 1.24 hands a local result over at another point live
 * than on replay in two cases (a query answered while it was pending; several running at once), and a
 * decision taken there on the clock or in another order broke replay after a worker restart
 * (test/workflows/worker-restart). Asked once at the start of the cycle and each task, after
 * LOCAL_STEPS_BOUNDED.
 */
export const LOCAL_STEPS_SERIAL = 'local-steps-serial';

/**
 * 2026-12: the API stores a task's submission itself (application/stored-submission.ts) instead of
 * sending the task's workflow an update: 200 submissions at once waited seconds for workflow tasks
 * (docs/submissions-at-scale.md). A task taking it says so in its TaskAssigned event's metadata
 * (`workflowCapabilities`); its state may then be behind its stream, so a step refused on state or on
 * the stream's version reads the stream and decides again. Asked once at the start of each task, after
 * LOCAL_STEPS_SERIAL.
 */
export const SUBMISSIONS_STORED = 'submissions-stored';

/**
 * 2026-12: a task's update step whose workflow task was lost after its append had stored (a worker
 * killed, or the 10 s timeout passed) runs again on the next attempt. When the task's state was behind
 * its stream (a submission the API stored), the retry read the stream, found its own approval there
 * and refused the update ("den är godkänd"): two of 290 cycles lost their approver this way
 * (mxda3u3o). The retry now knows its step by its causationId in the stream it read, and answers
 * with that state. Asked once at the start of each task, after SUBMISSIONS_STORED.
 */
export const UPDATES_FIND_OWN_STEP = 'updates-find-own-step';

/**
 * 2026-12-07: a workflow that starts with this one marker takes every patch above, those of
 * PATCHES_OF_2026_12 and those asked on their own after it (BUNDLED_2026_12_07 in
 * workflows/patches.ts), without asking each. A task still recorded four markers, each with an upsert of
 * the TemporalChangeVersion search attribute (a history event and a visibility write on the server),
 * the cycle three: 8 of a task's 24–46 history events. Histories recorded before lack the marker and
 * ask PATCHES_OF_2026_12 and each later patch as recorded.
 */
export const PATCHES_OF_2026_12_07 = 'patches-of-2026-12-07';

// Patches after PATCHES_OF_2026_12_07: asked on their own, each with its marker.

/**
 * 2026-12-07: a step's event ids derive from what the step is (workflows/step-ids.ts), and a step the
 * store refuses reads its stream, takes its state and decides again, or finds itself stored there
 * (workflows/found-steps.ts). A cycle's workflow task lost after storing two decisions was retried with
 * a phase's completion in it; the phase's close took the lock first, drew the ids the first decision
 * had been stored under, and the cycle failed as "the step differs" (1 of 290 in soaks mxd60y6i and
 * mxdfsfy3; test/workflows/steps-find-themselves). A task takes the same ids; its steps read the
 * stream also when the store holds their ids with other content (a reminder's timer ran before a lost
 * approval's retry: soak mxdk0pnx; test/workflows/task-steps-find-themselves). Asked once at the start
 * of a cycle or task.
 */
export const STEPS_FIND_THEMSELVES = 'steps-find-themselves';
