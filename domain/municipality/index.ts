export * from './commands';
export { PERIOD_YEARS } from './decide-steering';
export * from './decider';
export * from './events';
export { electionsOf, isElectionYearOf, mandateHistoryOf, mandatePeriodOf } from './mandate';
export * from './organ';
export * from './state';
