export * from './commands';
export * from './content';
export * from './decider';
export * from './events';
export * from './kinds';
export * from './limits';
export * from './state';
