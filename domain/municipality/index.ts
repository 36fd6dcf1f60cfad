export * from './commands';
export { PERIOD_YEARS } from './decide-steering';
export * from './decider';
export * from './events';
export * from './organ';
export * from './state';
