import type { DateTime } from 'luxon';
import type { Asset, AssetRegistry } from '../assets/asset';
import type { EventType } from '../events/event-type';
import type { ImpactChannel } from '../mapping/impact';
import { DecayAt, type AssetState } from './asset-state';
import { flowTopology, type FlowTopology } from './flow-topology';
import { MODEL_VERSION, type ModelParams } from './model-params';

export const RISK_STATUSES = ['normal', 'elevated', 'high', 'critical', 'disrupted'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

/** An event behind a score, with its share of the score's positive hazard (or of the outage). */
export interface Driver {
  readonly eventId: string;
  readonly eventType: EventType;
  /** The asset the event hit: this one, or a terminal/valve on its route. */
  readonly assetId: string;
  readonly channel: ImpactChannel;
  /** 0..1; the shares of one score's drivers sum to at most 1. */
  readonly share: number;
}

export interface OutageSummary {
  /** Epoch ms (UTC) of the earliest outage report still in force. */
  readonly sinceMs: number;
  /** Assets whose closure stops this one (itself for a direct shut-in). */
  readonly causes: readonly string[];
}

/** One asset's risk at one instant: self-describing, as published. */
export interface AssetScore {
  readonly assetId: string;
  /** ISO-8601 UTC. */
  readonly asOf: string;
  readonly modelVersion: string;
  readonly status: RiskStatus;
  /** 0..100 = 100 x pDisruption. */
  readonly score: number;
  /** Probability of a disruption within the horizon (1 when disrupted). */
  readonly pDisruption: number;
  /** Hazard, 1/week: baseline plus the live contributions of this asset and its route, each event once. */
  readonly hazardPerWeek: number;
  /** pDisruption x baseline, kb/d. Summed nationally for fields only. */
  readonly expectedLossKbd: number;
  readonly baselineKbd: number;
  readonly outage?: OutageSummary;
  readonly drivers: readonly Driver[];
}

/** Reads another asset's state (route assets); `undefined` = nothing has happened there. */
export type StateReader = (assetId: string) => AssetState | undefined;

/** Status for a (non-disrupted) score under the documented thresholds. */
export function statusForScore(score: number, params: ModelParams): Exclude<RiskStatus, 'disrupted'> {
  if (score >= params['threshold.critical']) return 'critical';
  if (score >= params['threshold.high']) return 'high';
  if (score >= params['threshold.elevated']) return 'elevated';
  return 'normal';
}

/** Probability of at least one disruption within the horizon for a hazard in 1/week. */
export function probabilityFromHazard(hazardPerWeek: number, params: ModelParams): number {
  return 1 - Math.exp(-hazardPerWeek * (params.horizonDays / 7));
}

interface Walk {
  readonly topology: FlowTopology;
  readonly stateOf: StateReader;
  /** Route assets reached, each with the weight its risk carries onto the scored asset. */
  readonly reached: Map<string, number>;
  readonly visiting: Set<string>;
}

function reach(walk: Walk, id: string, weight: number): boolean {
  if ((walk.reached.get(id) ?? 0) < weight) walk.reached.set(id, weight);
  const state = walk.stateOf(id);
  return state !== undefined && state.outages.length > 0;
}

/**
 * Walks the way out of `assetId` and says whether it is closed. Crude leaves by the
 * primary route: several next hops are parallel outlets, all of which must be closed to
 * stop it, and each carries 1/k of its risk; a hop is closed by its own outage, by a valve
 * or pumping station on it, or by its own way out being closed. Alternate routes are not
 * assumed usable at short notice. Cycles are cut.
 */
function routeClosed(assetId: string, weight: number, walk: Walk): boolean {
  const hops: string[] = [];
  for (const id of walk.topology.nextHops(assetId)) if (!walk.visiting.has(id)) hops.push(id);
  if (hops.length === 0) return false;
  walk.visiting.add(assetId);
  const share = weight / hops.length;
  let allClosed = true;
  for (const id of hops) {
    let closed = reach(walk, id, share);
    for (const c of walk.topology.chokepointsOn(id)) closed = reach(walk, c, share) || closed;
    closed = routeClosed(id, share, walk) || closed;
    allClosed = allClosed && closed;
  }
  walk.visiting.delete(assetId);
  return allClosed;
}

interface DriverWeight {
  eventId: string;
  eventType: EventType;
  assetId: string;
  channel: ImpactChannel;
  weight: number;
}

/**
 * Larger weight first, then by event id. Defined once, not as a closure per call: V8 keeps
 * the optimised code of a function made anew on every call only weakly, so the scorer
 * optimised such a comparator again after every full collection (47 times in 4 minutes,
 * `--trace-opt`; see Memory in docs/performance.md). The same goes for the loops below,
 * which take the place of `filter` and `map` callbacks.
 */
export function byWeightThenEventId(
  a: { readonly weight: number; readonly eventId: string },
  b: { readonly weight: number; readonly eventId: string },
): number {
  return b.weight - a.weight || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

function topDrivers(weights: Iterable<DriverWeight>, count: number): Driver[] {
  const positive: DriverWeight[] = [];
  for (const w of weights) if (w.weight > 0) positive.push(w);
  let total = 0;
  for (const w of positive) total += w.weight;
  if (total <= 0 || count <= 0) return [];
  positive.sort(byWeightThenEventId);
  const drivers: Driver[] = [];
  for (let k = 0; k < count && k < positive.length; k++) {
    const w = positive[k] as DriverWeight;
    drivers.push({
      eventId: w.eventId,
      eventType: w.eventType,
      assetId: w.assetId,
      channel: w.channel,
      share: w.weight / total,
    });
  }
  return drivers;
}

/** Sums one state's live contributions per event (an event may reach an asset by several channels). */
function perEvent(state: AssetState | undefined, atMs: number, factor: number): Map<string, DriverWeight> {
  const out = new Map<string, DriverWeight>();
  if (state === undefined || factor <= 0) return out;
  const decay = new DecayAt(atMs);
  for (const c of state.contributions) {
    const v = c.intensity * decay.of(c) * factor;
    if (v === 0) continue;
    const known = out.get(c.eventId);
    if (known) {
      known.weight += v;
      if (c.channel === 'direct') known.channel = 'direct';
    } else
      out.set(c.eventId, {
        eventId: c.eventId,
        eventType: c.eventType,
        assetId: state.assetId,
        channel: c.channel,
        weight: v,
      });
  }
  return out;
}

function addOutages(weights: Map<string, DriverWeight>, state: AssetState | undefined): void {
  if (state === undefined) return;
  for (const o of state.outages) {
    const known = weights.get(o.eventId);
    if (known) known.weight += 1;
    else
      weights.set(o.eventId, {
        eventId: o.eventId,
        eventType: o.eventType,
        assetId: state.assetId,
        channel: o.cause === state.assetId ? 'direct' : 'pipeline',
        weight: 1,
      });
  }
}

/**
 * Scores one asset at `asOf`. Needs only this asset's state and, through `stateOf`, the
 * states of the assets on its primary route out (terminal, valve, pipeline), whose
 * outages and risk are carried onto it: a field behind a closed terminal is disrupted.
 */
export function scoreAsset(
  state: AssetState,
  asset: Asset,
  asOf: DateTime,
  params: ModelParams,
  registry: AssetRegistry,
  stateOf: StateReader,
): AssetScore {
  const asOfUtc = asOf.toUTC();
  return scoreAssetAt(state, asset, asOfUtc.toMillis(), asOfUtc.toISO() ?? '', params, registry, stateOf);
}

/** `scoreAsset` with the instant given both ways, so a caller scoring many assets formats it once. */
export function scoreAssetAt(
  state: AssetState,
  asset: Asset,
  atMs: number,
  asOfIso: string,
  params: ModelParams,
  registry: AssetRegistry,
  stateOf: StateReader,
): AssetScore {
  const walk: Walk = {
    topology: flowTopology(registry),
    stateOf,
    reached: new Map(),
    visiting: new Set([asset.id]),
  };
  const routeIsClosed = routeClosed(asset.id, params.routeRiskWeight, walk);
  const ownOutage = state.outages.length > 0;
  const disrupted = ownOutage || routeIsClosed;

  // Risk along the route counts each event once: an event that reaches the field and its
  // terminal (a faction or national impact) adds its larger weighted contribution, not both.
  const events = perEvent(state, atMs, 1);
  for (const [id, weight] of walk.reached) {
    for (const [eventId, v] of perEvent(stateOf(id), atMs, weight)) {
      const known = events.get(eventId);
      if (known === undefined || Math.abs(v.weight) > Math.abs(known.weight)) events.set(eventId, v);
    }
  }
  let sum = 0;
  for (const v of events.values()) sum += v.weight;
  const hazard = params.baselineHazardPerWeek + Math.max(0, sum);
  const p = disrupted ? 1 : probabilityFromHazard(hazard, params);

  let drivers: Driver[];
  let outage: OutageSummary | undefined;
  if (disrupted) {
    const weights = new Map<string, DriverWeight>();
    const causes: string[] = [];
    let sinceMs = Number.POSITIVE_INFINITY;
    for (const o of state.outages) {
      causes.push(o.cause);
      sinceMs = Math.min(sinceMs, o.sinceMs);
    }
    addOutages(weights, state);
    if (routeIsClosed) {
      for (const id of walk.reached.keys()) {
        const s = stateOf(id);
        if (s === undefined || s.outages.length === 0) continue;
        if (!causes.includes(id)) causes.push(id);
        for (const o of s.outages) sinceMs = Math.min(sinceMs, o.sinceMs);
        addOutages(weights, s);
      }
    }
    outage = { sinceMs: Number.isFinite(sinceMs) ? sinceMs : atMs, causes };
    drivers = topDrivers(weights.values(), Math.floor(params.driverCount));
  } else {
    drivers = topDrivers(events.values(), Math.floor(params.driverCount));
  }

  const score = 100 * p;
  const base = {
    assetId: asset.id,
    asOf: asOfIso,
    modelVersion: MODEL_VERSION,
    status: disrupted ? ('disrupted' as const) : statusForScore(score, params),
    score,
    pDisruption: p,
    hazardPerWeek: hazard,
    expectedLossKbd: p * asset.baselineKbd,
    baselineKbd: asset.baselineKbd,
    drivers,
  };
  return outage ? { ...base, outage } : base;
}
