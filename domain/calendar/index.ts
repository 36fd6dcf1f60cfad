export * from './dates';
export * from './defaults';
export * from './legal';
export * from './mandate';
export * from './rules';
export * from './schema';
export * from './validate';
