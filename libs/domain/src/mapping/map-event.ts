import type { Asset, AssetKind, AssetRegistry, FactionId, LonLat } from '../assets/asset';
import { distanceToGeometryKm, isValidLonLat } from '../assets/geo-distance';
import { controlPeriodAt, utcInstantKey } from '../assets/registry';
import { EVENT_SIGN, EVENT_TYPES, OUTAGE_TYPES, type EventType } from '../events/event-type';
import type { GeoEvent } from '../events/geo-event';
import type { Impact, ImpactChannel, OutageSignal } from './impact';
import { resolveMappingParams, type MappingParams } from './mapping-params';

export { DEFAULT_MAPPING_PARAMS, type MappingParams } from './mapping-params';

/** Event types whose scope is the whole country: they touch every asset through the national channel. */
export const NATIONAL_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'ceasefire_agreed',
  'ceasefire_violated',
  'talks_failed',
  'talks_progressing',
  'foreign_deployment',
  'institutional_crisis',
  'sanctions',
]);

/**
 * Factions whose acts carry to everything they hold. `local`, `noc` and `contested` are
 * control states, not sides: local protesters at one field say nothing about another.
 */
const ACTING_FACTIONS: ReadonlySet<string> = new Set<FactionId>(['lna', 'gna', 'pfg']);

/**
 * Foreign actors and the Libyan side they back. The seed story has Turkey and Russia
 * backing rival forces; the reference puts Wagner at LNA-held Sharara and Es Sider in 2020.
 */
export const FACTION_BACKERS: Readonly<Record<string, FactionId>> = {
  russia: 'lna',
  wagner: 'lna',
  turkey: 'gna',
};

const TYPE_LABEL: ReadonlyMap<string, string> = new Map(EVENT_TYPES.map((t) => [t, t.replace(/_/g, ' ')]));

const KIND_LABEL: Readonly<Record<AssetKind, string>> = {
  field: 'field',
  terminal: 'export terminal',
  refinery: 'refinery',
  pipeline: 'pipeline',
  pumping_station: 'pumping station',
  valve: 'valve',
};

const FACTION_LABEL: Readonly<Record<FactionId, string>> = {
  lna: 'the LNA',
  gna: 'the GNA',
  pfg: 'the PFG',
  local: 'local forces',
  noc: 'the NOC',
  contested: 'no single side',
};

/** "Sharara field", "Es Sider export terminal"; names that already say what they are stay as they are. */
const labels = new WeakMap<Asset, string>();
const label = (a: Asset): string => {
  let text = labels.get(a);
  if (text === undefined) {
    text = /\b(pipeline|station|refinery|valves?|terminal|fpso|fso|fields)\b/i.test(a.name)
      ? a.name
      : `${a.name} ${KIND_LABEL[a.kind]}`;
    labels.set(a, text);
  }
  return text;
};
const typeLabel = (t: EventType): string => TYPE_LABEL.get(t) ?? t;
const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const pct = (share: number): string => `${Math.round(share * 100)}%`;
/** Six decimals keep JSON short and results identical across runs; -0 is folded to 0. */
const round = (x: number): number => {
  const r = Math.round(x * 1e6) / 1e6;
  return r === 0 ? 0 : r;
};

interface Draft {
  readonly assetId: string;
  readonly channel: ImpactChannel;
  readonly intensity: number;
  readonly outage?: OutageSignal;
  readonly via?: string;
  readonly explanation: string;
}

/** Why an asset is hit directly: named by the event, at the event's facility location, or a valve next to a named field. */
type DirectReason =
  | { readonly how: 'named' }
  | { readonly how: 'located' }
  | { readonly how: 'valve'; readonly field: Asset; readonly km: number };

function findDirect(event: GeoEvent, registry: AssetRegistry, p: MappingParams): Map<string, DirectReason> {
  const direct = new Map<string, DirectReason>();
  for (const ref of event.assets) {
    const asset = registry.get(ref) ?? registry.findByAlias(ref);
    if (asset !== undefined) direct.set(asset.id, { how: 'named' });
  }
  const loc = event.location;
  if (loc.precision === 'facility' || loc.precision === 'exact') {
    const byName = loc.name === undefined ? undefined : registry.findByAlias(loc.name);
    if (byName !== undefined) {
      if (!direct.has(byName.id)) direct.set(byName.id, { how: 'located' });
    } else if (loc.lat !== undefined && loc.lon !== undefined && isValidLonLat(loc.lon, loc.lat)) {
      const here: LonLat = [loc.lon, loc.lat];
      let best: { id: string; km: number } | undefined;
      for (const a of registry.assets) {
        if (a.geometry.type !== 'Point') continue;
        const km = distanceToGeometryKm(here, a.geometry);
        if (
          km <= p.facilitySnapKm &&
          (best === undefined || km < best.km || (km === best.km && a.id < best.id))
        )
          best = { id: a.id, km };
      }
      if (best !== undefined && !direct.has(best.id)) direct.set(best.id, { how: 'located' });
    }
  }
  // "The Hamada valve": a valve closure named at a field closes the chokepoint that serves it
  // there, and a restart named there reopens it (a no-op for the scorer if it was not closed).
  if (event.type === 'valve_closure' || event.type === 'restart') {
    for (const id of [...direct.keys()]) {
      const field = registry.get(id);
      if (field?.kind !== 'field') continue;
      for (const a of registry.assets) {
        if ((a.kind !== 'valve' && a.kind !== 'pumping_station') || direct.has(a.id)) continue;
        const anchor = field.geometry.type === 'Point' ? field.geometry.coordinates : undefined;
        if (anchor === undefined) continue;
        const km = distanceToGeometryKm(anchor, a.geometry);
        if (km <= p.valveSnapKm) direct.set(a.id, { how: 'valve', field, km });
      }
    }
  }
  return direct;
}

function directDrafts(
  event: GeoEvent,
  registry: AssetRegistry,
  direct: ReadonlyMap<string, DirectReason>,
  m: number,
  signal: OutageSignal | undefined,
  p: MappingParams,
): Draft[] {
  const what = typeLabel(event.type);
  const out: Draft[] = [];
  for (const [id, reason] of direct) {
    const a = registry.get(id);
    if (a === undefined) continue;
    const subject =
      reason.how === 'named'
        ? `${label(a)} is named in a ${what} report`
        : reason.how === 'located'
          ? `The ${what} is located at ${label(a)}`
          : `${label(a)} lies ${Math.round(reason.km)} km from ${reason.field.name}, where a ${what} was reported`;
    const consequence =
      signal === 'start'
        ? ', so it is treated as shut until a restart is reported.'
        : signal === 'end'
          ? ', which ends the outage there.'
          : ` (severity ${clamp01(event.severity).toFixed(2)}, confidence ${clamp01(event.confidence).toFixed(2)}).`;
    out.push({
      assetId: id,
      channel: 'direct',
      intensity: m * p.directWeight,
      ...(signal === undefined ? {} : { outage: signal }),
      explanation: subject + consequence,
    });
  }
  return out;
}

/**
 * The pipeline graph. `hits` are the assets the event reports shut (or restarting). An asset
 * is cut off when every primary next hop is cut off; a chokepoint cuts the lines it sits on.
 * Cut-off assets get an outage signal through `via`; assets losing some outlets get a partial
 * risk; terminals, lines and refineries downstream get a starvation risk by the share of
 * their upstream field baseline that is shut.
 */
function pipelineDrafts(
  registry: AssetRegistry,
  hits: readonly string[],
  m: number,
  signal: OutageSignal,
  p: MappingParams,
): Draft[] {
  const restarting = signal === 'end';
  const blocked = new Set<string>(hits);
  for (const h of hits) for (const lineId of registry.get(h)?.chokepointOn ?? []) blocked.add(lineId);

  const memo = new Map<string, boolean>();
  const cutOff = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, false); // the graph is acyclic (checked by the registry); this only guards recursion
    const hops = registry.get(id)?.routes.primary ?? [];
    const result = blocked.has(id) || (hops.length > 0 && hops.every(cutOff));
    memo.set(id, result);
    return result;
  };

  const hitSet = new Set(hits);
  const viaFor = (id: string, relation: 'upstream' | 'downstream'): string | undefined =>
    hits.find(
      (h) =>
        (registry.get(h)?.chokepointOn ?? []).includes(id) ||
        (relation === 'upstream' ? registry.upstreamOf(h) : registry.downstreamOf(h)).includes(id),
    );

  const drafts = new Map<string, Draft>();
  const keep = (d: Draft): void => {
    const prior = drafts.get(d.assetId);
    if (
      prior === undefined ||
      (prior.outage === undefined &&
        (d.outage !== undefined || Math.abs(d.intensity) > Math.abs(prior.intensity)))
    )
      drafts.set(d.assetId, d);
  };

  const shutBaseline = (id: string): { shut: number; total: number } => {
    let shut = 0;
    let total = 0;
    for (const u of registry.upstreamOf(id)) {
      const a = registry.get(u);
      if (a?.kind !== 'field') continue;
      total += a.baselineKbd;
      if (hitSet.has(u) || cutOff(u)) shut += a.baselineKbd;
    }
    return { shut, total };
  };

  for (const a of registry.assets) {
    if (hitSet.has(a.id)) continue;
    const upVia = viaFor(a.id, 'upstream');
    if (upVia !== undefined) {
      const via = registry.get(upVia);
      const viaName = via === undefined ? upVia : label(via);
      if (cutOff(a.id)) {
        keep({
          assetId: a.id,
          channel: 'pipeline',
          intensity: m * p.pipelineShutWeight,
          outage: signal,
          via: upVia,
          explanation: restarting
            ? `${label(a)} ships through ${viaName}, which is reported restarting, so the shut-in it caused here ends.`
            : `${label(a)} ships only through ${viaName}, which the event reports closed, so its crude is shut in.`,
        });
        continue;
      }
      const hops = a.routes.primary;
      const lost = hops.filter(cutOff).length;
      if (lost > 0 && hops.length > 0) {
        const share = lost / hops.length;
        keep({
          assetId: a.id,
          channel: 'pipeline',
          intensity: m * p.pipelinePartialWeight * share,
          via: upVia,
          explanation: restarting
            ? `${label(a)} regains ${lost} of its ${hops.length} outlets as ${viaName} restarts.`
            : `${label(a)} loses ${lost} of its ${hops.length} outlets with ${viaName} closed, so its crude must back up or divert.`,
        });
      }
    }
    if (a.kind === 'field' || a.kind === 'valve' || a.kind === 'pumping_station') continue;
    const downVia = viaFor(a.id, 'downstream');
    if (downVia === undefined || cutOff(a.id)) continue;
    const { shut, total } = shutBaseline(a.id);
    if (shut <= 0 || total <= 0) continue;
    const via = registry.get(downVia);
    const viaName = via === undefined ? downVia : via.name;
    keep({
      assetId: a.id,
      channel: 'pipeline',
      intensity: m * p.pipelineStarveWeight * (shut / total),
      via: downVia,
      explanation: restarting
        ? `${label(a)} gets back about ${pct(shut / total)} of the crude behind it (${shut} of ${total} kb/d) as ${viaName} restarts.`
        : `${label(a)} loses about ${pct(shut / total)} of the crude behind it (${shut} of ${total} kb/d) with ${viaName} shut.`,
    });
  }
  return [...drafts.values()];
}

/** Libya's bounding box with its offshore blocks, degrees: a point inside it with no country code is taken as Libyan. */
const LIBYA_BBOX = { minLat: 19.5, maxLat: 34.5, minLon: 9, maxLon: 25.5 } as const;

function isLibyan(loc: GeoEvent['location']): boolean {
  if (loc.country !== undefined) return loc.country.toUpperCase() === 'LY';
  if (loc.lat === undefined || loc.lon === undefined || !isValidLonLat(loc.lon, loc.lat)) return false;
  return (
    loc.lat >= LIBYA_BBOX.minLat &&
    loc.lat <= LIBYA_BBOX.maxLat &&
    loc.lon >= LIBYA_BBOX.minLon &&
    loc.lon <= LIBYA_BBOX.maxLon
  );
}

/**
 * Distance kernel from the event's location. A point, facility or town uses a Gaussian with
 * the type's radius (widened for a town); a region centroid a wide, weak Gaussian. A country
 * centroid says only "somewhere in Libya", so it spreads one thin, equal weight over every
 * asset: the field that happens to sit nearest the centroid learns nothing from it.
 */
function proximityDrafts(
  event: GeoEvent,
  registry: AssetRegistry,
  direct: ReadonlyMap<string, DirectReason>,
  m: number,
  p: MappingParams,
): Draft[] {
  const loc = event.location;
  const what = typeLabel(event.type);
  if (loc.precision === 'country') {
    // A centroid of another country (Moscow talks geocoded to Russia) says nothing about Libyan sites.
    if (!isLibyan(loc)) return [];
    const intensity = m * p.proximityWeight * p.countryWeightFactor;
    if (!(Math.abs(intensity) >= p.minIntensity)) return [];
    return registry.assets
      .filter((a) => !direct.has(a.id))
      .map((a) => ({
        assetId: a.id,
        channel: 'proximity' as const,
        intensity,
        explanation: `The ${what} is located only as somewhere in Libya, so ${label(a)} gets the same thin share as every other asset.`,
      }));
  }
  if (
    loc.precision === 'unknown' ||
    loc.lat === undefined ||
    loc.lon === undefined ||
    !isValidLonLat(loc.lon, loc.lat)
  )
    return [];
  const radius = p[`radiusKm.${event.type}`];
  const region = loc.precision === 'region';
  const sigma = region
    ? Math.max(radius, p.regionRadiusKm)
    : loc.precision === 'town'
      ? radius * p.townRadiusFactor
      : radius;
  const weight = region ? p.regionWeightFactor : 1;
  const how = region
    ? 'a region-level location, spread thin'
    : loc.precision === 'town'
      ? 'a town-level location, widened'
      : 'a point location';
  if (!(sigma > 0)) return [];
  const here: LonLat = [loc.lon, loc.lat];
  const out: Draft[] = [];
  for (const a of registry.assets) {
    if (direct.has(a.id)) continue;
    const km = distanceToGeometryKm(here, a.geometry);
    const kernel = Math.exp(-(km * km) / (2 * sigma * sigma));
    const intensity = m * p.proximityWeight * weight * kernel;
    if (!(Math.abs(intensity) >= p.minIntensity)) continue;
    out.push({
      assetId: a.id,
      channel: 'proximity',
      intensity,
      explanation: `The ${what} is ${Math.round(km)} km from ${label(a)}, weighed by distance from ${how}.`,
    });
  }
  return out;
}

/** Each faction the event's actors stand for, with the weight of that actor's involvement. */
function actingFactions(
  event: GeoEvent,
  p: MappingParams,
): { faction: FactionId; share: number; actor: string }[] {
  const actors = [
    ...new Set([...(event.primaryActor === undefined ? [] : [event.primaryActor]), ...event.actors]),
  ];
  const out: { faction: FactionId; share: number; actor: string }[] = [];
  for (const actor of actors) {
    const base = actor === event.primaryActor ? 1 : p.factionSecondaryActorShare;
    const key = actor.toLowerCase();
    if (ACTING_FACTIONS.has(key)) out.push({ faction: key as FactionId, share: base, actor });
    const backed = FACTION_BACKERS[key];
    if (backed !== undefined) out.push({ faction: backed, share: base * p.factionBackerShare, actor });
  }
  return out;
}

function factionDrafts(event: GeoEvent, registry: AssetRegistry, m: number, p: MappingParams): Draft[] {
  const acting = actingFactions(event, p);
  if (acting.length === 0) return [];
  const instant = utcInstantKey(event.knownAt);
  const day = instant?.slice(0, 10);
  const out: Draft[] = [];
  for (const a of registry.assets) {
    const period = controlPeriodAt(a, instant);
    if (period === undefined) continue;
    let best: { share: number; text: string } | undefined;
    for (const f of acting) {
      const share =
        period.faction === f.faction
          ? f.share
          : period.alignedWith === f.faction
            ? f.share * p.factionAllyShare
            : 0;
      if (share <= 0 || (best !== undefined && share <= best.share)) continue;
      const who =
        f.actor.toLowerCase() === f.faction
          ? FACTION_LABEL[f.faction]
          : `${f.actor}, which backs ${FACTION_LABEL[f.faction]},`;
      const role =
        f.actor === event.primaryActor
          ? `is the primary actor of this ${typeLabel(event.type)} event`
          : `is among the actors of this ${typeLabel(event.type)} event`;
      const holder =
        period.faction === f.faction
          ? FACTION_LABEL[f.faction]
          : `${FACTION_LABEL[period.faction]}, aligned with ${FACTION_LABEL[f.faction]},`;
      best = {
        share,
        text: `${label(a)} was held by ${holder} on ${day ?? 'the event date'}, and ${who} ${role}.`,
      };
    }
    if (best === undefined) continue;
    const intensity = m * p.factionWeight * best.share;
    if (!(Math.abs(intensity) >= p.minIntensity)) continue;
    out.push({ assetId: a.id, channel: 'faction', intensity, explanation: best.text });
  }
  return out;
}

function nationalDrafts(event: GeoEvent, registry: AssetRegistry, m: number, p: MappingParams): Draft[] {
  if (!NATIONAL_EVENT_TYPES.has(event.type)) return [];
  const intensity = m * p.nationalWeight;
  if (!(Math.abs(intensity) >= p.minIntensity)) return [];
  return registry.assets.map((a) => ({
    assetId: a.id,
    channel: 'national' as const,
    intensity,
    explanation: `A ${typeLabel(event.type)} event bears on every Libyan asset, ${label(a)} included, through the national channel.`,
  }));
}

/**
 * Maps one classified event to the assets it can touch, at most one impact per
 * (asset, channel), sorted by asset id then channel. Pure and deterministic; never throws
 * for any event (only for invalid `params`, see resolveMappingParams). `irrelevant` maps
 * to nothing.
 */
export function mapEventToImpacts(
  event: GeoEvent,
  registry: AssetRegistry,
  params?: Partial<MappingParams>,
): Impact[] {
  const p = resolveMappingParams(params);
  const sign = (EVENT_SIGN as Readonly<Record<string, number | undefined>>)[event.type] ?? 0;
  if (sign === 0) return [];
  const confidence = clamp01(event.confidence);
  const m = sign * clamp01(event.severity) * confidence * p[`typeWeight.${event.type}`];

  const reported = confidence >= p.outageMinConfidence;
  const signal: OutageSignal | undefined = !reported
    ? undefined
    : OUTAGE_TYPES.has(event.type)
      ? 'start'
      : event.type === 'restart'
        ? 'end'
        : undefined;

  const direct = findDirect(event, registry, p);
  const drafts: Draft[] = [
    ...directDrafts(event, registry, direct, m, signal, p),
    ...(signal === undefined || direct.size === 0
      ? []
      : pipelineDrafts(registry, [...direct.keys()].sort(), m, signal, p)),
    ...proximityDrafts(event, registry, direct, m, p),
    ...factionDrafts(event, registry, m, p),
    ...nationalDrafts(event, registry, m, p),
  ];

  const seen = new Set<string>();
  const impacts: Impact[] = [];
  for (const d of drafts) {
    const key = `${d.assetId}\u0000${d.channel}`;
    if (seen.has(key)) continue;
    if (d.outage === undefined && !(Math.abs(d.intensity) >= p.minIntensity)) continue;
    seen.add(key);
    impacts.push({
      eventId: event.id,
      assetId: d.assetId,
      eventType: event.type,
      channel: d.channel,
      intensity: round(d.intensity),
      at: event.knownAt,
      ...(d.outage === undefined ? {} : { outage: d.outage }),
      ...(d.via === undefined ? {} : { via: d.via }),
      explanation: d.explanation,
    });
  }
  return impacts.sort((a, b) =>
    a.assetId < b.assetId
      ? -1
      : a.assetId > b.assetId
        ? 1
        : a.channel < b.channel
          ? -1
          : a.channel > b.channel
            ? 1
            : 0,
  );
}
