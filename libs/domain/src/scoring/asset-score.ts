import type { DateTime } from 'luxon';
import type { Asset, AssetRegistry } from '../assets/asset';
import type { EventType } from '../events/event-type';
import type { ImpactChannel } from '../mapping/impact';
import { decayedIntensity, hazardAt, type AssetState } from './asset-state';
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
  /** Own hazard, 1/week, before route risk is added. */
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

interface RouteBlock {
  /** Probability the route out is blocked within the horizon (risk weighted by routeRiskWeight). */
  readonly p: number;
  /** Every outlet is in an outage. */
  readonly outage: boolean;
}

interface Walk {
  readonly topology: FlowTopology;
  readonly stateOf: StateReader;
  readonly atMs: number;
  readonly params: ModelParams;
  /** Route assets reached, in walk order (for drivers). */
  readonly reached: string[];
  readonly visiting: Set<string>;
}

/** A route asset's own blocking: 1 in an outage, else its risk weighted by routeRiskWeight. */
function ownBlock(id: string, walk: Walk): { p: number; outage: boolean } {
  if (!walk.reached.includes(id)) walk.reached.push(id);
  const state = walk.stateOf(id);
  if (state !== undefined && state.outages.length > 0) return { p: 1, outage: true };
  const hazard = state ? hazardAt(state, walk.atMs, walk.params) : walk.params.baselineHazardPerWeek;
  return { p: walk.params.routeRiskWeight * probabilityFromHazard(hazard, walk.params), outage: false };
}

/**
 * How blocked the way out of `assetId` is. Crude leaves by the primary route (several
 * next hops are parallel outlets: all must be blocked to stop it); a hop is blocked by
 * its own outage or risk, by a valve or pumping station on it, or by its own way out
 * being blocked. Alternate routes are not assumed usable at short notice. Cycles are cut.
 */
function routeBlock(assetId: string, walk: Walk): RouteBlock {
  const hops = walk.topology.nextHops(assetId).filter((id) => !walk.visiting.has(id));
  if (hops.length === 0) return { p: 0, outage: false };
  walk.visiting.add(assetId);
  let pAll = 1;
  let outageAll = true;
  for (const id of hops) {
    let free = 1;
    let outage = false;
    for (const element of [id, ...walk.topology.chokepointsOn(id)]) {
      const own = ownBlock(element, walk);
      free *= 1 - own.p;
      outage = outage || own.outage;
    }
    const beyond = routeBlock(id, walk);
    pAll *= 1 - free * (1 - beyond.p);
    outageAll = outageAll && (outage || beyond.outage);
  }
  walk.visiting.delete(assetId);
  return { p: pAll, outage: outageAll };
}

interface DriverWeight {
  eventId: string;
  eventType: EventType;
  assetId: string;
  channel: ImpactChannel;
  weight: number;
}

function topDrivers(weights: Map<string, DriverWeight>, count: number): Driver[] {
  let total = 0;
  for (const w of weights.values()) total += w.weight;
  if (total <= 0 || count <= 0) return [];
  return [...weights.values()]
    .sort((a, b) => b.weight - a.weight || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0))
    .slice(0, count)
    .map((w) => ({
      eventId: w.eventId,
      eventType: w.eventType,
      assetId: w.assetId,
      channel: w.channel,
      share: w.weight / total,
    }));
}

function addContributions(
  weights: Map<string, DriverWeight>,
  state: AssetState | undefined,
  atMs: number,
  factor: number,
): void {
  if (state === undefined || factor <= 0) return;
  for (const c of state.contributions) {
    const v = decayedIntensity(c, atMs) * factor;
    if (v <= 0) continue;
    const known = weights.get(c.eventId);
    if (known) known.weight += v;
    else
      weights.set(c.eventId, {
        eventId: c.eventId,
        eventType: c.eventType,
        assetId: state.assetId,
        channel: c.channel,
        weight: v,
      });
  }
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
  const hazard = hazardAt(state, atMs, params);
  const ownP = probabilityFromHazard(hazard, params);
  const walk: Walk = {
    topology: flowTopology(registry),
    stateOf,
    atMs,
    params,
    reached: [],
    visiting: new Set(),
  };
  const route = routeBlock(asset.id, walk);
  const ownOutage = state.outages.length > 0;
  const disrupted = ownOutage || route.outage;
  const p = disrupted ? 1 : 1 - (1 - ownP) * (1 - route.p);

  const weights = new Map<string, DriverWeight>();
  let outage: OutageSummary | undefined;
  if (disrupted) {
    const causes: string[] = [];
    let sinceMs = Number.POSITIVE_INFINITY;
    for (const o of state.outages) {
      causes.push(o.cause);
      sinceMs = Math.min(sinceMs, o.sinceMs);
    }
    addOutages(weights, state);
    if (route.outage) {
      for (const id of walk.reached) {
        const s = stateOf(id);
        if (s === undefined || s.outages.length === 0) continue;
        if (!causes.includes(id)) causes.push(id);
        for (const o of s.outages) sinceMs = Math.min(sinceMs, o.sinceMs);
        addOutages(weights, s);
      }
    }
    outage = { sinceMs: Number.isFinite(sinceMs) ? sinceMs : atMs, causes };
  } else {
    addContributions(weights, state, atMs, 1);
    for (const id of walk.reached) addContributions(weights, stateOf(id), atMs, params.routeRiskWeight);
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
    drivers: topDrivers(weights, Math.floor(params.driverCount)),
  };
  return outage ? { ...base, outage } : base;
}
