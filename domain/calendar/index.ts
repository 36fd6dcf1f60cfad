export * from './dates';
export * from './defaults';
export * from './legal';
export * from './rules';
export * from './schema';
export * from './validate';
