/**
 * The pure domain model of arshjul: events, commands, deciders, the cycle calendar and stream ids.
 * No I/O; time is always passed in.
 */
export * from './calendar/index';
export * from './cycle/index';
export * from './decider';
export * from './decision';
export * from './errors';
export * from './events';
export * from './money';
export * from './municipality/index';
export * from './primitives';
export * from './streams';
export * from './task/index';
export * from './upcasters';
