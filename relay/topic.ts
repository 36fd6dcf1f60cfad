/** The one topic every domain event goes to (see relay/README.md). */
export const EVENTS_TOPIC = 'arshjul.events';
