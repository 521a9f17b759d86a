// The public surface of the domain. Everything that decides anything is here, pure:
// no framework, no I/O, no clock reads. Time comes in as a luxon DateTime.
export * from './events/event-type';
export * from './events/geo-event';
export * from './events/rejection';
export * from './assets/asset';
export * from './assets/registry';
export * from './assets/geo-distance';
export * from './mapping/impact';
export * from './mapping/mapping-params';
export * from './mapping/map-event';
export * from './scoring/model-params';
export * from './scoring/asset-state';
export * from './scoring/asset-score';
export * from './scoring/flow-topology';
export * from './scoring/national-score';
export * from './scoring/score-dependents';
export * from './evaluation/probability-metrics';
export * from './evaluation/realised-outages';
export * from './evaluation/evaluate-forecasts';
export * from './backtest/event-time-replay';
export * from './backtest/forecast-series';
export * from './formats';
export * from './classification';
