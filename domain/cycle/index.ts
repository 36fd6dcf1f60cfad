export * from './commands';
export * from './decider';
export * from './deviations';
export * from './events';
export { phaseLabel } from './guards';
export * from './state';
