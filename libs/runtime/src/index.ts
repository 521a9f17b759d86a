export * from './bootstrap';
export * from './database.module';
export * from './health.controller';
export * from './logging';
export * from './readiness.service';
export * from './runtime.module';
export * from './metrics';
export * from './streaming-app';
