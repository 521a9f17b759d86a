export * from './topics';
export * from './messages';
export * from './json-schemas';
export * from './impact-message';
