export * from './local-broker';
export * from './transport';
