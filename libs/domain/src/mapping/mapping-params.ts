import { EVENT_TYPES, type EventType } from '../events/event-type';

/*
 * Every number the mapper uses, in one flat record so a backtest can sweep any of them
 * with `--param name=value`. Intensities are in the Impact unit: hazard contribution in
 * events-per-week equivalents, before the scorer's decay. A channel's intensity is
 *
 *   sign(type) x severity x confidence x typeWeight.<type> x <channel>Weight x channel factor
 *
 * where the channel factor is 1 for a named facility, the distance kernel for proximity,
 * the share of crude cut for the pipeline graph, the actor/control match for factions.
 */

type PerType<Prefix extends string> = { readonly [K in EventType as `${Prefix}.${K}`]: number };

function perType<Prefix extends string>(
  prefix: Prefix,
  values: Readonly<Record<EventType, number>>,
): PerType<Prefix> {
  const out: Record<string, number> = {};
  for (const type of EVENT_TYPES) out[`${prefix}.${type}`] = values[type];
  return out as PerType<Prefix>;
}

/** Unitless multiplier per event type: how much one event of the type moves hazard. */
const TYPE_WEIGHT: Readonly<Record<EventType, number>> = {
  facility_attack: 1.0,
  armed_clash: 0.6,
  port_blockade: 1.0,
  field_shutdown: 1.0,
  valve_closure: 1.0,
  force_majeure_declared: 1.0,
  restart: 1.0,
  facility_protest: 0.5,
  ceasefire_agreed: 0.6,
  ceasefire_violated: 0.6,
  talks_failed: 0.5,
  talks_progressing: 0.3,
  foreign_deployment: 0.4,
  institutional_crisis: 0.4,
  sanctions: 0.3,
  irrelevant: 0,
};

/**
 * Gaussian kernel sigma per event type, km, for a point-precise location. Acts at a facility
 * fall off within a site or two; fighting and deployments carry over a wider front.
 */
const RADIUS_KM: Readonly<Record<EventType, number>> = {
  facility_attack: 40,
  armed_clash: 60,
  port_blockade: 15,
  field_shutdown: 15,
  valve_closure: 15,
  force_majeure_declared: 15,
  restart: 15,
  facility_protest: 20,
  ceasefire_agreed: 100,
  ceasefire_violated: 80,
  talks_failed: 50,
  talks_progressing: 50,
  foreign_deployment: 80,
  institutional_crisis: 30,
  sanctions: 30,
  irrelevant: 1,
};

export const DEFAULT_MAPPING_PARAMS = {
  /** hazard per unit (severity x confidence x type weight) at a named facility */
  directWeight: 1.0,
  /** hazard per unit at distance 0 through the proximity kernel */
  proximityWeight: 0.6,
  /** hazard per unit on an asset the graph shuts in (its only outlet closed) */
  pipelineShutWeight: 0.9,
  /** hazard per unit on an asset that loses some, not all, of its primary outlets; times the share lost */
  pipelinePartialWeight: 0.4,
  /** hazard per unit on a terminal, line or refinery whose upstream crude is shut; times the share shut */
  pipelineStarveWeight: 0.3,
  /** hazard per unit on assets held by the acting faction */
  factionWeight: 0.5,
  /** hazard per unit on every asset for national-scope event types */
  nationalWeight: 0.2,

  /** fraction: how much of the faction weight reaches an asset held by a unit aligned with the actor (PFG under the LNA) */
  factionAllyShare: 0.7,
  /** fraction: weight of an actor that is named but is not the primary actor */
  factionSecondaryActorShare: 0.3,
  /** fraction: weight of a foreign backer (russia -> lna, turkey -> gna) relative to the faction itself */
  factionBackerShare: 0.5,

  /** ratio: sigma multiplier for a town-centroid location */
  townRadiusFactor: 1.5,
  /** km: minimum sigma for a region (ADM1) centroid */
  regionRadiusKm: 250,
  /** fraction: weight of a region-centroid location */
  regionWeightFactor: 0.3,
  /** fraction: the equal weight every asset gets from an event located only as "Libya" (a country centroid) */
  countryWeightFactor: 0.1,
  /** km: a facility- or exact-precision point this close to a point asset is that asset (direct) */
  facilitySnapKm: 5,
  /** km: a valve closure (or restart) named at a field also closes (reopens) a valve or pumping station this close to it */
  valveSnapKm: 30,

  /** hazard: risk impacts weaker than this are dropped (outage start/end signals are always kept) */
  minIntensity: 0.01,
  /** 0..1: confidence below which an outage-type event is scored as risk, not as a reported outage or restart */
  outageMinConfidence: 0.3,

  ...perType('typeWeight', TYPE_WEIGHT),
  ...perType('radiusKm', RADIUS_KM),
} as const;

export type MappingParamName = keyof typeof DEFAULT_MAPPING_PARAMS;
export type MappingParams = { readonly [K in MappingParamName]: number };

export const MAPPING_PARAM_NAMES: readonly MappingParamName[] = Object.keys(
  DEFAULT_MAPPING_PARAMS,
).sort() as MappingParamName[];

export function isMappingParamName(name: string): name is MappingParamName {
  return Object.prototype.hasOwnProperty.call(DEFAULT_MAPPING_PARAMS, name);
}

/**
 * Defaults overlaid with `overrides`. Every value must be a finite number >= 0 (signs come
 * from the event type, never from a parameter); fractions and confidence must be <= 1.
 * Throws a RangeError naming the parameter: a bad sweep value is a configuration error.
 */
export function resolveMappingParams(overrides?: Partial<MappingParams>): MappingParams {
  if (overrides === undefined) return DEFAULT_MAPPING_PARAMS;
  const out: Record<string, number> = { ...DEFAULT_MAPPING_PARAMS };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!isMappingParamName(name)) throw new RangeError(`Unknown mapping parameter '${name}'`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`Mapping parameter '${name}' must be a finite number >= 0, got ${String(value)}`);
    }
    const isFraction =
      name.endsWith('Share') || name.endsWith('WeightFactor') || name === 'outageMinConfidence';
    if (isFraction && value > 1)
      throw new RangeError(`Mapping parameter '${name}' is a fraction and must be <= 1, got ${value}`);
    if (name.startsWith('radiusKm.') && value === 0)
      throw new RangeError(`Mapping parameter '${name}' is a kernel radius and must be > 0`);
    out[name] = value;
  }
  return out as MappingParams;
}
