export * from './commands';
export * from './decider';
export * from './events';
export * from './source';
export * from './state';
