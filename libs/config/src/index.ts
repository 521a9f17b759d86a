export * from './load-config';
export * from './local-kafka.config';
export * from './schemas';
