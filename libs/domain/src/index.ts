// The public surface of the domain. Everything that decides anything is here, pure:
// no framework, no I/O, no clock reads. Time comes in as a luxon DateTime.
export * from './events/event-type';
export * from './events/geo-event';
export * from './events/rejection';
export * from './assets/asset';
export * from './assets/registry';
export * from './assets/geo-distance';
export * from './mapping/impact';
