export { probeBroker, type ProbeResult } from './broker-probe';
export * from './local-broker';
export * from './local-broker.error';
export * from './repo-root';
