import { cycleFrom, taskFrom } from '../application/aggregates';
import { cycleStream, taskStream } from '../domain/streams';
import type { EventStore } from '../eventstore/index';
import { loadActionContext } from './action-context';
import { appendDecision, appendEvents } from './append-events';
import { cancelOrganTasks } from './cancel-organ-tasks';
import type { Notifier } from './notifier';
import type { ArshjulActivities, Notification } from './types';

export interface ActivityDependencies {
  store: EventStore;
  notifier: Notifier;
}

/** Builds the activities the worker registers, closing over their dependencies. */
export function createActivities({ store, notifier }: ActivityDependencies): ArshjulActivities {
  return {
    appendEvents: (input) => appendEvents(store, input),
    appendDecision: (input) => appendDecision(store, input),
    loadActionContext: (input) => loadActionContext(store, input),
    async loadTaskStream({ taskId }) {
      const recorded = await store.readStream(taskStream(taskId));
      return {
        ...taskFrom(recorded),
        causationIds: recorded.map((e) => e.metadata.causationId),
        eventIds: recorded.map((e) => e.eventId),
      };
    },
    async loadCycleStream({ municipalityId, budgetYear, afterVersion }) {
      const recorded = await store.readStream(cycleStream(municipalityId, budgetYear));
      return {
        ...cycleFrom(recorded),
        eventIds: recorded.filter((e) => e.streamVersion > afterVersion).map((e) => e.eventId),
      };
    },
    async notify(notification: Notification) {
      await notifier.send(notification);
    },
    cancelOrganTasks: (input) => cancelOrganTasks(store, input),
  };
}
