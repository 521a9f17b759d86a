export * from './batch-kafka.server';
export * from './kafka-client';
export * from './publishers';
