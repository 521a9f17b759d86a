export * from './bootstrap';
export * from './database.module';
export * from './health.controller';
export * from './logging';
export * from './readiness.service';
export * from './runtime.module';
