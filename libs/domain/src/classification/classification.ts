import type { EventType } from '../events/event-type';
import type { Evidence, GeoLocation } from '../events/geo-event';

/** What the classifier says about one input: the fields of a GeoEvent it decides. */
export interface Classification {
  readonly type: EventType;
  /** 0..1: how sure the classification is. */
  readonly confidence: number;
  /** 0..1: how big the event is. */
  readonly severity: number;
  /** The rules that fired and the text they matched; the first entry decided the type. */
  readonly evidence: readonly Evidence[];
  /** Gazetteer actor ids, in order of first mention. */
  readonly actors: readonly string[];
  readonly primaryActor?: string;
  /** Asset ids the event names. */
  readonly assets: readonly string[];
  readonly location: GeoLocation;
}

/**
 * Default severity per type, 0..1, before anything specific to the event (fatalities,
 * how many assets it names, whether it is only threatened). Outages and attacks on
 * facilities rank highest because they take barrels off the market directly.
 */
export const BASE_SEVERITY: Readonly<Record<EventType, number>> = {
  force_majeure_declared: 0.9,
  port_blockade: 0.85,
  valve_closure: 0.8,
  field_shutdown: 0.75,
  facility_attack: 0.75,
  restart: 0.7,
  ceasefire_violated: 0.65,
  talks_failed: 0.6,
  ceasefire_agreed: 0.6,
  armed_clash: 0.55,
  foreign_deployment: 0.5,
  institutional_crisis: 0.5,
  facility_protest: 0.45,
  sanctions: 0.4,
  talks_progressing: 0.4,
  irrelevant: 0,
};

/**
 * What a threatened or promised event counts as. A threat is not a fact (acts move oil,
 * threats much less), so it never becomes an outage: a threat against a facility is
 * pressure on that facility (`facility_protest`), a threat of violence or of walking
 * away is verbal escalation (`talks_failed`, the verbal-conflict type, as CAMEO files
 * threats beside rejections), and a promise to restart or to cease fire is
 * `talks_progressing`. The classifier also halves the wording's weight and lowers
 * confidence and severity.
 */
export const THREATENED_TYPE: Readonly<Record<EventType, EventType>> = {
  port_blockade: 'facility_protest',
  field_shutdown: 'facility_protest',
  valve_closure: 'facility_protest',
  force_majeure_declared: 'facility_protest',
  facility_attack: 'facility_protest',
  facility_protest: 'facility_protest',
  armed_clash: 'talks_failed',
  ceasefire_violated: 'talks_failed',
  talks_failed: 'talks_failed',
  restart: 'talks_progressing',
  ceasefire_agreed: 'talks_progressing',
  talks_progressing: 'talks_progressing',
  foreign_deployment: 'foreign_deployment',
  institutional_crisis: 'institutional_crisis',
  sanctions: 'sanctions',
  irrelevant: 'irrelevant',
};

/** Types whose assets are facilities, where a town-named asset ("Brega") means the terminal. */
export const FACILITY_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'port_blockade',
  'field_shutdown',
  'valve_closure',
  'force_majeure_declared',
  'restart',
  'facility_attack',
  'facility_protest',
]);

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Rounded to 3 decimals so printed and stored values are stable across platforms. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
