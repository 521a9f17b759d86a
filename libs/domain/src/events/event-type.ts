/**
 * The supply-risk taxonomy. These identifiers are part of the structured-event
 * contract (`{kind:"event", type}`): add, never rename. Every one is documented
 * in docs/model.md.
 */
export const EVENT_TYPES = [
  'facility_attack',
  'armed_clash',
  'port_blockade',
  'field_shutdown',
  'valve_closure',
  'force_majeure_declared',
  'restart',
  'facility_protest',
  'ceasefire_agreed',
  'ceasefire_violated',
  'talks_failed',
  'talks_progressing',
  'foreign_deployment',
  'institutional_crisis',
  'sanctions',
  'irrelevant',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** +1 escalation (raises supply risk), -1 de-escalation, 0 no bearing on supply. */
export type EventSign = 1 | -1 | 0;

export const EVENT_SIGN: Readonly<Record<EventType, EventSign>> = {
  facility_attack: 1,
  armed_clash: 1,
  port_blockade: 1,
  field_shutdown: 1,
  valve_closure: 1,
  force_majeure_declared: 1,
  restart: -1,
  facility_protest: 1,
  ceasefire_agreed: -1,
  ceasefire_violated: 1,
  talks_failed: 1,
  talks_progressing: -1,
  foreign_deployment: 1,
  institutional_crisis: 1,
  sanctions: 1,
  irrelevant: 0,
};

/**
 * Types that report an outage (production or exports actually stopped), as opposed
 * to a risk of one. The scorer turns these into status `disrupted` until a `restart`.
 */
export const OUTAGE_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'port_blockade',
  'field_shutdown',
  'valve_closure',
  'force_majeure_declared',
]);
