export * from './local-broker';
