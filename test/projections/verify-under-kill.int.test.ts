import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore';
import { createKafkaBus } from '../../messaging/kafkajs-bus';
import { compareWithRebuild, PROJECTIONS, projectionStatus } from '../../projections';
import { OutboxRelay } from '../../relay';
import { serviceUrls } from '../../services/config';
import { type SpawnedCli, spawnCli } from '../support/child-processes';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { aleScenario, appendScenario } from './scenario';
import { waitForProjections } from './support';

const names = PROJECTIONS.map((p) => p.name);
/** The three read models the soak found "differing" (rows made by TaskAssigned). */
const watched = PROJECTIONS.filter((p) => ['task_inbox', 'goals', 'dialogues'].includes(p.name));

/**
 * The soak compared each live read model with a rebuild made seconds later while reminders and
 * escalations kept coming, so the rebuild held a TaskAssigned or two more. Here the projector runs in
 * a process of its own that is killed (SIGKILL) again and again while municipalities keep being
 * appended; each comparison must be made at the live checkpoint and find the models equal.
 */
describe('read models against their rebuild while events keep coming and the projector is killed', () => {
  let db: TestDatabase;
  let store: EventStore;
  const run = randomUUID().slice(0, 8);
  const topic = `test.verify.${run}`;
  const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: `test-verify-${run}` });
  const relayStop = new AbortController();
  let relayDone: Promise<void>;
  let projector: SpawnedCli | undefined;
  let appending = true;
  let appender: Promise<number>;

  const startProjector = () =>
    spawnCli(['projections', 'run', '--topic', topic, '--group-prefix', `test.verify.${run}`], {
      DATABASE_URL: db.appUrl,
      ARSHJUL_PROJECTIONS_HEALTH_PORT: '0',
    });

  beforeAll(async () => {
    db = await createTestDatabase('verify_kill');
    store = new EventStore(db.appPool);
    relayDone = new OutboxRelay({ pool: db.appPool, bus, topic }).run(relayStop.signal);
    projector = startProjector();
    appender = (async () => {
      let municipalities = 0;
      while (appending) await appendScenario(store, aleScenario(`k${run}-${municipalities++}`));
      return municipalities;
    })();
  }, 60_000);

  afterAll(async () => {
    appending = false;
    await appender?.catch(() => 0);
    projector?.child.kill('SIGTERM');
    await projector?.exit;
    relayStop.abort();
    await relayDone;
    await db?.drop();
  });

  it('finds the live models equal to the rebuild at their own position, kill after kill', async () => {
    let behindHead = 0;
    for (let round = 0; round < 3; round++) {
      // Let the projector apply some of what keeps coming, then kill it mid-stream.
      const [before] = await projectionStatus(db.appPool, ['task_inbox']);
      // A process starts slowly on a loaded machine (tsx, then the Kafka group join).
      const deadline = Date.now() + 240_000;
      for (;;) {
        const [now] = await projectionStatus(db.appPool, ['task_inbox']);
        if ((now?.position ?? 0) > (before?.position ?? 0) + 30) break;
        if (Date.now() > deadline) throw new Error(`the projector did not move:\n${projector?.output()}`);
        await delay(100);
      }
      projector?.child.kill('SIGKILL');
      expect((await projector?.exit)?.signal).toBe('SIGKILL');
      projector = startProjector();
      // Compare while the new projector catches up and events keep coming.
      for (const projection of watched) {
        const compared = await compareWithRebuild(db.appPool, projection);
        expect(compared, `${projection.name} at ${compared.position}`).toMatchObject({
          same: true,
          onlyLive: [],
          onlyRebuilt: [],
        });
        if (projection.name === 'task_inbox') expect(compared.liveRows).toBeGreaterThan(0);
        if (compared.position < (await store.head()).position) behindHead++;
      }
    }
    // The race the soak's check lost: the log moved on while the comparisons were made.
    expect(behindHead).toBeGreaterThan(0);

    appending = false;
    const municipalities = await appender;
    expect(municipalities).toBeGreaterThan(3);
    await waitForProjections(db.appPool, names, undefined, 120_000);
    for (const projection of PROJECTIONS) {
      const compared = await compareWithRebuild(db.appPool, projection);
      expect(compared.same, `${projection.name}: ${JSON.stringify(compared)}`).toBe(true);
    }
    // The comparison rebuilt nothing in place: no model's checkpoint was ever set by a rebuild.
    const { rows } = await db.appPool.query(
      'select name from projection_checkpoints where rebuilt_at is not null',
    );
    expect(rows).toEqual([]);
  }, 900_000);

  it('still finds a read model that missed an event', async () => {
    const inbox = PROJECTIONS.find((p) => p.name === 'task_inbox');
    if (!inbox) throw new Error('no task_inbox projection');
    // A lost TaskAssigned, as the live model would show it: the task's inbox row is not there.
    const { rows } = await db.appPool.query<{ task_id: string }>(
      `delete from rm_inbox_tasks
       where task_id = (select task_id from rm_inbox_tasks order by task_id limit 1) returning task_id`,
    );
    const lost = rows[0]?.task_id ?? '';
    expect(lost).not.toBe('');
    const compared = await compareWithRebuild(db.appPool, inbox);
    expect(compared.same).toBe(false);
    expect(compared.rebuiltRows - compared.liveRows).toBe(1);
    expect(compared.onlyLive).toEqual([]);
    expect(compared.onlyRebuilt).toHaveLength(1);
    expect(compared.onlyRebuilt[0]).toContain(`"task_id": "${lost}"`);
  }, 120_000);
});
