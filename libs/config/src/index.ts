export * from './load-config';
export * from './local-kafka.config';
export * from './local-database.config';
export * from './schemas';
export * from './apps/api.config';
export * from './apps/ingestor.config';
export * from './apps/scorer.config';
export * from './config-docs';
