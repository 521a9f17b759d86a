export * from './batch-kafka.server';
export * from './group-commit';
export * from './kafka-client';
export * from './publishers';
