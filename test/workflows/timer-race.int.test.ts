import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingNotifier } from '../../activities/notifier';
import { cycleDecider } from '../../domain/cycle/decider';
import { handle as decideWith } from '../../domain/decider';
import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS, aleStartCycle2027 } from '../../domain/examples/ale';
import { cycleStream, taskStream } from '../../domain/streams';
import { EventStore } from '../../eventstore/index';
import { createArshjulWorker } from '../../worker/create-worker';
import { humanTaskWorkflow } from '../../workflows/index';
import { approveTaskUpdate, submitTaskUpdate } from '../../workflows/messages';
import { PATCHES_OF_2026_12, PATCHES_OF_2026_12_07 } from '../../workflows/versions';
import { bunAnalysisTask } from '../support/task-input';
import { createWorkflowHarness, streamTypes, type WorkflowHarness } from '../support/workflow-env';

const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
const owner = ALE_USERS.processOwner;

/**
 * The real store, whose appends of a submission wait until the test lets them through: the
 * submission then holds the task's lock while its reminder timer fires, as on a busy dev server.
 */
class HeldSubmissionStore extends EventStore {
  #release: (() => void) | null = null;
  #held: Promise<void> | null = null;
  #entered!: () => void;
  /** Settles once a submission is waiting here. */
  readonly entered = new Promise<void>((resolve) => {
    this.#entered = resolve;
  });

  hold(): void {
    this.#held = new Promise((resolve) => {
      this.#release = resolve;
    });
  }
  release(): void {
    this.#release?.();
  }
  override async append(...args: Parameters<EventStore['append']>) {
    const [, , events] = args;
    if (this.#held && events.some((e) => e.type === 'TaskSubmitted')) {
      this.#entered();
      await this.#held;
    }
    return super.append(...args);
  }
}

describe('a reminder that fires while the submission is being stored (time-skipping server, real Postgres)', () => {
  let h: WorkflowHarness;
  let store: HeldSubmissionStore;
  let worker: Worker;
  let running: Promise<void>;
  const notifier = recordingNotifier();
  const taskQueue = `timer-race-${randomUUID()}`;

  beforeAll(async () => {
    h = await createWorkflowHarness('timer_race');
    await h.registerAle();
    const { events } = decideWith(cycleDecider, cycleDecider.initialState(), aleStartCycle2027());
    await h.store.append(
      cycleStream('ale', 2027),
      'no_stream',
      events.map((e) => ({ ...e, eventId: randomUUID() })),
      { actor: 'system', occurredAt: '2026-01-12T08:00:00.000Z', correlationId: 'c', causationId: 'test' },
    );
    store = new HeldSubmissionStore(h.db.appPool);
    worker = await createArshjulWorker({ connection: h.env.nativeConnection, taskQueue, store, notifier });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await h?.teardown();
  });

  it('skips the reminder of a task submitted meanwhile, instead of failing the task for ever', async () => {
    const taskId = 'race-1';
    const now = await h.env.currentTimeMs();
    // The clock runs fast enough that the first reminder (10 April, 08:00) falls 10 s after the start.
    // The time-skipping server cannot skip while the held activity runs, so the timer fires in real time.
    const givenOut = Date.parse('2026-02-09T08:00:00+01:00');
    const reminderAt = Date.parse('2026-04-10T08:00:00+02:00');
    const speedup = (reminderAt - givenOut) / 10_000;
    const handle = await h.env.client.workflow.start(humanTaskWorkflow, {
      taskQueue,
      workflowId: `task-${taskId}`,
      args: [
        bunAnalysisTask(taskId, { clock: { anchorDomainMs: givenOut, anchorWorkflowMs: now, speedup } }),
      ],
    });
    await h.port('ale', 2027).waitForTask(taskId);

    store.hold();
    const submitted = handle.executeUpdate(submitTaskUpdate, {
      args: [{ actor: secretary, content: ALE_NULAGESANALYS_BUN }],
    });
    await store.entered;
    // The submission holds the lock, and is held before the reminder is due: the race, not a late submission.
    expect(Date.now() - now).toBeLessThan(9_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, now + 13_000 - Date.now())));
    store.release();

    expect((await submitted).status).toBe('submitted');
    await handle.executeUpdate(approveTaskUpdate, { args: [{ actor: owner }] });
    expect((await handle.result()).status).toBe('approved');
    expect(await streamTypes(h.store, taskStream(taskId))).toEqual([
      'TaskAssigned',
      'TaskSubmitted',
      'TaskApproved',
    ]);
    expect(notifier.sent.filter((n) => n.kind === 'reminder')).toEqual([]);
    // The history records the new path's marker, so older histories keep replaying theirs.
    const history = await handle.fetchHistory();
    const markers = (history.events ?? []).flatMap((e) => {
      const details = e.markerRecordedEventAttributes?.details ?? {};
      const data = details['patch-data']?.payloads?.[0]?.data;
      return data ? [Buffer.from(data).toString()] : [];
    });
    // With local steps (local-steps) the held append times out after 2 s and is retried after a server
    // timer, so the reminder fires between attempts: the same race, on the new path. A task started
    // since patches-of-2026-12 (now patches-of-2026-12-07) records that one marker, which stands for
    // both (workflows/patches.ts).
    const newPath = ['timer-sees-settled-task', 'local-steps', PATCHES_OF_2026_12, PATCHES_OF_2026_12_07];
    expect(markers.some((m) => newPath.some((id) => m.includes(id)))).toBe(true);
  });
});
