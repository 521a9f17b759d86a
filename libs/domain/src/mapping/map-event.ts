import type { Asset, AssetKind, AssetRegistry, ControlPeriod, FactionId, LonLat } from '../assets/asset';
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
/** Parameter names per type, built once: a template string per event would be a fresh key to hash. */
const TYPE_WEIGHT_KEY = new Map(EVENT_TYPES.map((t) => [t, `typeWeight.${t}` as const]));
const RADIUS_KEY = new Map(EVENT_TYPES.map((t) => [t, `radiusKm.${t}` as const]));

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

/**
 * Channels in the order impacts are sorted by (alphabetical, as the ids compare). A
 * channel is stored as its index here.
 */
export const IMPACT_CHANNELS: readonly ImpactChannel[] = [
  'direct',
  'faction',
  'national',
  'pipeline',
  'proximity',
];
const DIRECT = 0;
const FACTION = 1;
const NATIONAL = 2;
const PIPELINE = 3;
const PROXIMITY = 4;
const CHANNEL_COUNT = 5;

/** Outage signals as stored: 0 none, 1 `start`, 2 `end`. */
export const OUTAGE_CODES: readonly (OutageSignal | undefined)[] = [undefined, 'start', 'end'];
const NO_OUTAGE = 0;
const START = 1;
const END = 2;

/** Why an asset is hit directly: named by the event, at the event's facility location, or a valve next to a named field. */
const NAMED = 1;
const LOCATED = 2;
const VALVE = 3;

/** Memo tables are cleared when they reach this many entries, so memory stays bounded over any feed. */
const MEMO_LIMIT = 4096;
/** Control timelines are kept by day only for days with four-digit years, where ISO strings compare as dates do. */
const MIN_DAY_MS = Date.UTC(1000, 0, 1);
const MAX_DAY_MS = Date.UTC(9999, 0, 1);
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Faction ids as small numbers, for comparing control with the acting factions. */
const FACTION_CODES: ReadonlyMap<string, number> = new Map(
  (['lna', 'gna', 'pfg', 'local', 'noc', 'contested'] satisfies FactionId[]).map((f, i) => [f, i]),
);
/** The code of a faction; -1 for none, and `unknown` for anything else (kept apart for holders and actors). */
const factionCode = (f: string | undefined, unknown: number): number =>
  f === undefined ? -1 : (FACTION_CODES.get(f) ?? unknown);
const UNKNOWN_HOLDER = -2;
const UNKNOWN_ACTOR = -3;

/**
 * Who holds every asset at one time: the periods, and their factions as codes (-1 none)
 * in flat arrays, since the periods differ in shape and reading them in a loop over every
 * asset is slow.
 */
interface Control {
  readonly periods: readonly (ControlPeriod | undefined)[];
  readonly holder: Int8Array;
  readonly aligned: Int8Array;
}

function controlOf(periods: readonly (ControlPeriod | undefined)[]): Control {
  const holder = new Int8Array(periods.length).fill(-1);
  const aligned = new Int8Array(periods.length).fill(-1);
  periods.forEach((period, i) => {
    if (period === undefined) return;
    holder[i] = factionCode(period.faction, UNKNOWN_HOLDER);
    aligned[i] = factionCode(period.alignedWith, UNKNOWN_HOLDER);
  });
  return { periods, holder, aligned };
}

/** One candidate of the pipeline graph walk, as `pipelineShape` found it for a set of hits. */
interface PipelineStep {
  readonly asset: number;
  readonly via: number;
  /** `shut`: every outlet is cut (an outage); `partial`: some outlets cut; `starve`: crude behind it shut. */
  readonly kind: 'shut' | 'partial' | 'starve';
  /** partial: lost / outlets; starve: shut / total baseline. */
  readonly share: number;
  readonly lost: number;
  readonly outlets: number;
  readonly shut: number;
  readonly total: number;
}

/**
 * What the mapper needs from a registry, precomputed once per registry object (the
 * registry is read-only, so none of it goes stale): asset positions by index, the
 * id order impacts are sorted in, and bounded memos of what repeats across events:
 * distances from a location to every asset, control on a day, the pipeline walk for a
 * set of closed assets, and name lookups.
 */
interface RegistryIndex {
  readonly registry: AssetRegistry;
  readonly assets: readonly Asset[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Asset indexes in id order. */
  readonly byId: Int32Array;
  /** Indexes of valves and pumping stations, in registry order. */
  readonly chokepoints: readonly number[];
  /** lon -> lat -> km to every asset (distanceToGeometryKm). */
  readonly distances: Map<number, Map<number, Float64Array>>;
  distanceRows: number;
  /** Epoch day -> control of every asset that day; only when every timeline is in whole days. */
  readonly controlByDay: Map<number, Control> | undefined;
  /** Field index -> km to each chokepoint (in `chokepoints` order). */
  readonly chokepointKm: Map<number, Float64Array>;
  /** Sorted hit ids joined by NUL -> the graph walk for them. */
  readonly pipeline: Map<string, readonly PipelineStep[]>;
  /** `registry.get(ref) ?? registry.findByAlias(ref)` by ref; -1 when neither. */
  readonly refs: Map<string, number>;
  /** `registry.findByAlias(name)` by name; -1 when none. */
  readonly aliases: Map<string, number>;
  readonly scratch: Scratch;
}

/** Per-call working memory, reused: the mapper never calls out while it is in use. */
interface Scratch {
  /** Per asset: 0, or why it is hit directly (NAMED, LOCATED, VALVE). */
  readonly direct: Uint8Array;
  /** Direct hits in the order they were found: the first `directCount`. */
  readonly directOrder: Int32Array;
  directCount: number;
  /** Per asset hit as VALVE: the field and its distance, for the explanation. */
  readonly valveField: Int32Array;
  readonly valveKm: Float64Array;
  /** Per (asset, channel): 1 when an impact is kept, and its values. */
  readonly set: Uint8Array;
  /** Per asset: a bit per channel with an impact kept (bit c for channel c). */
  readonly channels: Uint8Array;
  /** The kept slots in output order (asset id, then channel): the first `keptCount`. */
  readonly kept: Int32Array;
  keptCount: number;
  readonly intensity: Float64Array;
  readonly outage: Uint8Array;
  readonly via: Int32Array;
  readonly text: string[];
  /** Acting factions of the event: faction, share and actor; the first `actCount`. */
  readonly actFaction: FactionId[];
  readonly actShare: number[];
  readonly actActor: string[];
  readonly actCode: number[];
  actCount: number;
  /** Pipeline candidates kept per asset during the graph walk (index into the step list), -1 none. */
  readonly pipeKept: Int32Array;
  readonly pipeIntensity: Float64Array;
  /** Assets with a pipeline candidate, in the order first seen: the first `pipeCount`. */
  readonly pipeOrder: Int32Array;
  pipeCount: number;
}

const indexes = new WeakMap<AssetRegistry, RegistryIndex>();

function indexFor(registry: AssetRegistry): RegistryIndex {
  const known = indexes.get(registry);
  if (known !== undefined) return known;
  const assets = registry.assets;
  const n = assets.length;
  const order = assets.map((_, i) => i);
  order.sort((a, b) => {
    const x = assets[a]?.id ?? '';
    const y = assets[b]?.id ?? '';
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const chokepoints: number[] = [];
  assets.forEach((a, i) => {
    if (a.kind === 'valve' || a.kind === 'pumping_station') chokepoints.push(i);
  });
  const slots = n * CHANNEL_COUNT;
  const index: RegistryIndex = {
    registry,
    assets,
    indexOf: new Map(assets.map((a, i) => [a.id, i])),
    byId: Int32Array.from(order),
    chokepoints,
    distances: new Map(),
    distanceRows: 0,
    controlByDay: assets.every((a) =>
      a.control.every((c) => ISO_DATE.test(c.from) && (c.to === undefined || ISO_DATE.test(c.to))),
    )
      ? new Map()
      : undefined,
    chokepointKm: new Map(),
    pipeline: new Map(),
    refs: new Map(),
    aliases: new Map(),
    scratch: {
      direct: new Uint8Array(n),
      directOrder: new Int32Array(n),
      directCount: 0,
      valveField: new Int32Array(n),
      valveKm: new Float64Array(n),
      set: new Uint8Array(slots),
      channels: new Uint8Array(n),
      kept: new Int32Array(slots),
      keptCount: 0,
      intensity: new Float64Array(slots),
      outage: new Uint8Array(slots),
      via: new Int32Array(slots),
      text: new Array<string>(slots).fill(''),
      actFaction: [],
      actShare: [],
      actActor: [],
      actCode: [],
      actCount: 0,
      pipeKept: new Int32Array(n).fill(-1),
      pipeIntensity: new Float64Array(n),
      pipeOrder: new Int32Array(n),
      pipeCount: 0,
    },
  };
  indexes.set(registry, index);
  return index;
}

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** `registry.get(ref) ?? registry.findByAlias(ref)`, as an asset index (-1 none). */
function assetByRef(index: RegistryIndex, ref: string): number {
  const hit = index.refs.get(ref);
  if (hit !== undefined) return hit;
  const asset = index.registry.get(ref) ?? index.registry.findByAlias(ref);
  return remember(index.refs, ref, asset === undefined ? -1 : (index.indexOf.get(asset.id) ?? -1));
}

/** `registry.findByAlias(name)`, as an asset index (-1 none). */
function assetByAlias(index: RegistryIndex, name: string): number {
  const hit = index.aliases.get(name);
  if (hit !== undefined) return hit;
  const asset = index.registry.findByAlias(name);
  return remember(index.aliases, name, asset === undefined ? -1 : (index.indexOf.get(asset.id) ?? -1));
}

/**
 * km from [lon, lat] to every asset (distanceToGeometryKm), memoised by position: feeds
 * geocode to a few hundred towns and facilities. A negative zero is not memoised, since
 * a map key does not tell it from zero.
 */
function distancesFrom(index: RegistryIndex, lon: number, lat: number): Float64Array {
  const memoisable = !Object.is(lon, -0) && !Object.is(lat, -0);
  let byLat = memoisable ? index.distances.get(lon) : undefined;
  const hit = byLat?.get(lat);
  if (hit !== undefined) return hit;
  const here: LonLat = [lon, lat];
  const row = new Float64Array(index.assets.length);
  index.assets.forEach((a, i) => (row[i] = distanceToGeometryKm(here, a.geometry)));
  if (!memoisable) return row;
  if (index.distanceRows >= MEMO_LIMIT) {
    index.distances.clear();
    index.distanceRows = 0;
  }
  if (byLat === undefined) {
    byLat = new Map();
    index.distances.set(lon, byLat);
  }
  byLat.set(lat, row);
  index.distanceRows++;
  return row;
}

/** km from a field's point to each chokepoint (`index.chokepoints` order); undefined for a field that is not a point. */
function chokepointKmFrom(index: RegistryIndex, field: number): Float64Array | undefined {
  const known = index.chokepointKm.get(field);
  if (known !== undefined) return known;
  const g = index.assets[field]?.geometry;
  if (g?.type !== 'Point') return undefined;
  const row = new Float64Array(index.chokepoints.length);
  index.chokepoints.forEach((c, k) => {
    const a = index.assets[c];
    row[k] = a === undefined ? Number.POSITIVE_INFINITY : distanceToGeometryKm(g.coordinates, a.geometry);
  });
  index.chokepointKm.set(field, row);
  return row;
}

/**
 * The control period of every asset at `atMs`, memoised by UTC day: timelines change on
 * day boundaries (`from`/`to` are ISO dates), so every instant of a day sees the same
 * periods. Undefined outside four-digit years (or for timelines not in whole days),
 * where the caller asks each asset with the full instant.
 */
function controlOnDay(index: RegistryIndex, atMs: number): Control | undefined {
  const memo = index.controlByDay;
  if (memo === undefined || !(atMs >= MIN_DAY_MS && atMs < MAX_DAY_MS)) return undefined;
  const day = Math.floor(atMs / MS_PER_DAY);
  const known = memo.get(day);
  if (known !== undefined) return known;
  // "YYYY-MM-DD" compares with the dates of a timeline as any instant of that day does.
  const date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return remember(memo, day, controlOf(index.assets.map((a) => controlPeriodAt(a, date))));
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

/** Everything one call works with: the event's derived numbers and where impacts go. */
interface Pass {
  readonly event: GeoEvent;
  readonly index: RegistryIndex;
  readonly p: MappingParams;
  readonly s: Scratch;
  /** sign x severity x confidence x type weight. */
  readonly m: number;
  readonly signal: number;
  /** Build the explanations (mapEventToImpacts) or not (the backtest's columns). */
  readonly explain: boolean;
}

/**
 * Keeps an impact for (asset, channel) unless one is already kept; a risk weaker than
 * `minIntensity` is dropped, an outage signal never is.
 */
function keepImpact(
  pass: Pass,
  asset: number,
  channel: number,
  intensity: number,
  outage: number,
  via: number,
  text: string,
): void {
  const slot = asset * CHANNEL_COUNT + channel;
  const s = pass.s;
  if (s.set[slot] === 1) return;
  if (outage === NO_OUTAGE && !(Math.abs(intensity) >= pass.p.minIntensity)) return;
  s.set[slot] = 1;
  s.channels[asset] = (s.channels[asset] ?? 0) | (1 << channel);
  s.intensity[slot] = intensity;
  s.outage[slot] = outage;
  s.via[slot] = via;
  if (pass.explain) s.text[slot] = text;
}

function markDirect(s: Scratch, asset: number, how: number): void {
  s.direct[asset] = how;
  s.directOrder[s.directCount++] = asset;
}

/** Assets hit directly: named by the event, at its facility location, or a chokepoint beside a named field. */
function findDirect(pass: Pass): void {
  const { event, index, p, s } = pass;
  for (const ref of event.assets) {
    const a = assetByRef(index, ref);
    if (a >= 0 && s.direct[a] === 0) markDirect(s, a, NAMED);
  }
  const loc = event.location;
  if (loc.precision === 'facility' || loc.precision === 'exact') {
    const byName = loc.name === undefined ? -1 : assetByAlias(index, loc.name);
    if (byName >= 0) {
      if (s.direct[byName] === 0) markDirect(s, byName, LOCATED);
    } else if (loc.lat !== undefined && loc.lon !== undefined && isValidLonLat(loc.lon, loc.lat)) {
      const km = distancesFrom(index, loc.lon, loc.lat);
      let best = -1;
      let bestKm = 0;
      for (let i = 0; i < index.assets.length; i++) {
        const a = index.assets[i];
        const d = km[i] ?? Number.NaN;
        if (a?.geometry.type !== 'Point') continue;
        if (
          d <= p.facilitySnapKm &&
          (best < 0 || d < bestKm || (d === bestKm && a.id < (index.assets[best]?.id ?? '')))
        ) {
          best = i;
          bestKm = d;
        }
      }
      if (best >= 0 && s.direct[best] === 0) markDirect(s, best, LOCATED);
    }
  }
  // "The Hamada valve": a valve closure named at a field closes the chokepoint that serves it
  // there, and a restart named there reopens it (a no-op for the scorer if it was not closed).
  if (event.type === 'valve_closure' || event.type === 'restart') {
    const hits = s.directCount;
    for (let h = 0; h < hits; h++) {
      const field = s.directOrder[h] ?? -1;
      if (index.assets[field]?.kind !== 'field') continue;
      const km = chokepointKmFrom(index, field);
      if (km === undefined) continue;
      index.chokepoints.forEach((c, k) => {
        const d = km[k] ?? Number.NaN;
        if (s.direct[c] !== 0 || !(d <= p.valveSnapKm)) return;
        markDirect(s, c, VALVE);
        s.valveField[c] = field;
        s.valveKm[c] = d;
      });
    }
  }
}

function directImpacts(pass: Pass): void {
  const { event, index, p, s, m, signal } = pass;
  const what = typeLabel(event.type);
  for (let h = 0; h < s.directCount; h++) {
    const id = s.directOrder[h] ?? 0;
    const a = index.assets[id];
    if (a === undefined) continue;
    let text = '';
    if (pass.explain) {
      const how = s.direct[id];
      const subject =
        how === NAMED
          ? `${label(a)} is named in a ${what} report`
          : how === LOCATED
            ? `The ${what} is located at ${label(a)}`
            : `${label(a)} lies ${Math.round(s.valveKm[id] ?? 0)} km from ${index.assets[s.valveField[id] ?? 0]?.name ?? ''}, where a ${what} was reported`;
      const consequence =
        signal === START
          ? ', so it is treated as shut until a restart is reported.'
          : signal === END
            ? ', which ends the outage there.'
            : ` (severity ${clamp01(event.severity).toFixed(2)}, confidence ${clamp01(event.confidence).toFixed(2)}).`;
      text = subject + consequence;
    }
    keepImpact(pass, id, DIRECT, m * p.directWeight, signal, -1, text);
  }
}

/**
 * The pipeline graph walk for a set of hits (sorted ids), as a list of candidates in
 * registry order. `hits` are the assets the event reports shut (or restarting). An asset
 * is cut off when every primary next hop is cut off; a chokepoint cuts the lines it sits
 * on. Cut-off assets get an outage signal through `via`; assets losing some outlets get a
 * partial risk; terminals, lines and refineries downstream get a starvation risk by the
 * share of their upstream field baseline that is shut. It depends on the hits alone, so it
 * is memoised by them; the intensities are the caller's.
 */
function pipelineShape(index: RegistryIndex, hits: readonly string[]): readonly PipelineStep[] {
  const key = hits.join('\u0000');
  const known = index.pipeline.get(key);
  if (known !== undefined) return known;
  const registry = index.registry;
  const blocked = new Set<string>(hits);
  for (const h of hits) for (const lineId of registry.get(h)?.chokepointOn ?? []) blocked.add(lineId);

  const memo = new Map<string, boolean>();
  const cutOff = (id: string): boolean => {
    const seen = memo.get(id);
    if (seen !== undefined) return seen;
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
  const indexOf = (id: string): number => index.indexOf.get(id) ?? -1;

  const steps: PipelineStep[] = [];
  for (const a of registry.assets) {
    if (hitSet.has(a.id)) continue;
    const upVia = viaFor(a.id, 'upstream');
    if (upVia !== undefined) {
      if (cutOff(a.id)) {
        steps.push({
          asset: indexOf(a.id),
          via: indexOf(upVia),
          kind: 'shut',
          share: 1,
          lost: 0,
          outlets: 0,
          shut: 0,
          total: 0,
        });
        continue;
      }
      const hops = a.routes.primary;
      const lost = hops.filter(cutOff).length;
      if (lost > 0 && hops.length > 0) {
        steps.push({
          asset: indexOf(a.id),
          via: indexOf(upVia),
          kind: 'partial',
          share: lost / hops.length,
          lost,
          outlets: hops.length,
          shut: 0,
          total: 0,
        });
      }
    }
    if (a.kind === 'field' || a.kind === 'valve' || a.kind === 'pumping_station') continue;
    const downVia = viaFor(a.id, 'downstream');
    if (downVia === undefined || cutOff(a.id)) continue;
    let shut = 0;
    let total = 0;
    for (const u of registry.upstreamOf(a.id)) {
      const f = registry.get(u);
      if (f?.kind !== 'field') continue;
      total += f.baselineKbd;
      if (hitSet.has(u) || cutOff(u)) shut += f.baselineKbd;
    }
    if (shut <= 0 || total <= 0) continue;
    steps.push({
      asset: indexOf(a.id),
      via: indexOf(downVia),
      kind: 'starve',
      share: shut / total,
      lost: 0,
      outlets: 0,
      shut,
      total,
    });
  }
  return remember(index.pipeline, key, steps);
}

function pipelineExplanation(
  step: PipelineStep,
  a: Asset,
  via: Asset | undefined,
  restarting: boolean,
): string {
  switch (step.kind) {
    case 'shut': {
      const viaName = via === undefined ? '' : label(via);
      return restarting
        ? `${label(a)} ships through ${viaName}, which is reported restarting, so the shut-in it caused here ends.`
        : `${label(a)} ships only through ${viaName}, which the event reports closed, so its crude is shut in.`;
    }
    case 'partial': {
      const viaName = via === undefined ? '' : label(via);
      return restarting
        ? `${label(a)} regains ${step.lost} of its ${step.outlets} outlets as ${viaName} restarts.`
        : `${label(a)} loses ${step.lost} of its ${step.outlets} outlets with ${viaName} closed, so its crude must back up or divert.`;
    }
    case 'starve': {
      const viaName = via === undefined ? '' : via.name;
      return restarting
        ? `${label(a)} gets back about ${pct(step.share)} of the crude behind it (${step.shut} of ${step.total} kb/d) as ${viaName} restarts.`
        : `${label(a)} loses about ${pct(step.share)} of the crude behind it (${step.shut} of ${step.total} kb/d) with ${viaName} shut.`;
    }
  }
}

function pipelineImpacts(pass: Pass): void {
  const { index, p, s, m, signal } = pass;
  const hits: string[] = [];
  for (let h = 0; h < s.directCount; h++) hits.push(index.assets[s.directOrder[h] ?? 0]?.id ?? '');
  hits.sort();
  const steps = pipelineShape(index, hits);
  // Per asset the first candidate is kept unless it is a risk and a later one is an outage
  // or stronger.
  s.pipeCount = 0;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k];
    if (step === undefined) continue;
    const intensity =
      step.kind === 'shut'
        ? m * p.pipelineShutWeight
        : step.kind === 'partial'
          ? m * p.pipelinePartialWeight * step.share
          : m * p.pipelineStarveWeight * step.share;
    const prior = s.pipeKept[step.asset] ?? -1;
    if (prior < 0) s.pipeOrder[s.pipeCount++] = step.asset;
    else if (
      steps[prior]?.kind === 'shut' ||
      !(step.kind === 'shut' || Math.abs(intensity) > Math.abs(s.pipeIntensity[step.asset] ?? 0))
    )
      continue;
    s.pipeKept[step.asset] = k;
    s.pipeIntensity[step.asset] = intensity;
  }
  for (let q = 0; q < s.pipeCount; q++) {
    const asset = s.pipeOrder[q] ?? 0;
    const step = steps[s.pipeKept[asset] ?? -1];
    s.pipeKept[asset] = -1;
    const a = index.assets[asset];
    if (step === undefined || a === undefined) continue;
    const text = pass.explain ? pipelineExplanation(step, a, index.assets[step.via], signal === END) : '';
    keepImpact(
      pass,
      asset,
      PIPELINE,
      s.pipeIntensity[asset] ?? 0,
      step.kind === 'shut' ? signal : NO_OUTAGE,
      step.via,
      text,
    );
  }
}

/**
 * Distance kernel from the event's location. A point, facility or town uses a Gaussian with
 * the type's radius (widened for a town); a region centroid a wide, weak Gaussian. A country
 * centroid says only "somewhere in Libya", so it spreads one thin, equal weight over every
 * asset: the field that happens to sit nearest the centroid learns nothing from it.
 */
function proximityImpacts(pass: Pass): void {
  const { event, index, p, s, m } = pass;
  const loc = event.location;
  const what = typeLabel(event.type);
  if (loc.precision === 'country') {
    // A centroid of another country (Moscow talks geocoded to Russia) says nothing about Libyan sites.
    if (!isLibyan(loc)) return;
    const intensity = m * p.proximityWeight * p.countryWeightFactor;
    if (!(Math.abs(intensity) >= p.minIntensity)) return;
    index.assets.forEach((a, i) => {
      if (s.direct[i] !== 0) return;
      const text = pass.explain
        ? `The ${what} is located only as somewhere in Libya, so ${label(a)} gets the same thin share as every other asset.`
        : '';
      keepImpact(pass, i, PROXIMITY, intensity, NO_OUTAGE, -1, text);
    });
    return;
  }
  if (
    loc.precision === 'unknown' ||
    loc.lat === undefined ||
    loc.lon === undefined ||
    !isValidLonLat(loc.lon, loc.lat)
  )
    return;
  const radius = p[RADIUS_KEY.get(event.type) ?? 'radiusKm.irrelevant'];
  const region = loc.precision === 'region';
  const sigma = region
    ? Math.max(radius, p.regionRadiusKm)
    : loc.precision === 'town'
      ? radius * p.townRadiusFactor
      : radius;
  const weight = region ? p.regionWeightFactor : 1;
  if (!(sigma > 0)) return;
  const km = distancesFrom(index, loc.lon, loc.lat);
  const scale = m * p.proximityWeight * weight;
  // Past this squared distance the kernel leaves |scale x kernel| below minIntensity / e,
  // so the asset is dropped without evaluating it (a margin of 1 in the exponent keeps
  // rounding from mattering). With minIntensity 0 nothing is dropped.
  const cutoffKm2 =
    p.minIntensity > 0 ? 2 * sigma * sigma * (Math.log(Math.abs(scale) / p.minIntensity) + 1) : Number.NaN;
  for (let i = 0; i < index.assets.length; i++) {
    if (s.direct[i] !== 0) continue;
    const d = km[i] ?? Number.NaN;
    if (d * d > cutoffKm2) continue;
    const kernel = Math.exp(-(d * d) / (2 * sigma * sigma));
    const intensity = scale * kernel;
    if (!(Math.abs(intensity) >= p.minIntensity)) continue;
    let text = '';
    if (pass.explain) {
      const how = region
        ? 'a region-level location, spread thin'
        : loc.precision === 'town'
          ? 'a town-level location, widened'
          : 'a point location';
      text = `The ${what} is ${Math.round(d)} km from ${label(index.assets[i] as Asset)}, weighed by distance from ${how}.`;
    }
    keepImpact(pass, i, PROXIMITY, intensity, NO_OUTAGE, -1, text);
  }
}

/** Each faction the event's actors stand for, with the weight of that actor's involvement, into the scratch lists. */
function actingFactions(pass: Pass): number {
  const { event, p, s } = pass;
  let n = 0;
  const primary = event.primaryActor;
  const count = event.actors.length;
  for (let k = primary === undefined ? 0 : -1; k < count; k++) {
    const actor = k < 0 ? (primary as string) : (event.actors[k] as string);
    // Each actor once, in order of first appearance (the primary actor first).
    let repeat = k >= 0 && actor === primary;
    for (let j = 0; j < k && !repeat; j++) repeat = event.actors[j] === actor;
    if (repeat) continue;
    const base = actor === primary ? 1 : p.factionSecondaryActorShare;
    const key = actor.toLowerCase();
    if (ACTING_FACTIONS.has(key)) {
      s.actFaction[n] = key as FactionId;
      s.actCode[n] = factionCode(key, UNKNOWN_ACTOR);
      s.actShare[n] = base;
      s.actActor[n++] = actor;
    }
    const backed = FACTION_BACKERS[key];
    if (backed !== undefined) {
      s.actFaction[n] = backed;
      s.actCode[n] = factionCode(backed, UNKNOWN_ACTOR);
      s.actShare[n] = base * p.factionBackerShare;
      s.actActor[n++] = actor;
    }
  }
  s.actCount = n;
  return n;
}

function factionImpacts(pass: Pass): void {
  const { event, index, p, s, m } = pass;
  const acting = actingFactions(pass);
  if (acting === 0) return;
  const instantControl = controlOnDay(index, event.knownAt.toMillis());
  const instant = instantControl === undefined || pass.explain ? utcInstantKey(event.knownAt) : undefined;
  const control = instantControl ?? controlOf(index.assets.map((a) => controlPeriodAt(a, instant)));
  for (let i = 0; i < index.assets.length; i++) {
    const holder = control.holder[i] ?? -1;
    if (holder === -1) continue;
    const aligned = control.aligned[i] ?? -1;
    let best = -1;
    let bestShare = 0;
    for (let f = 0; f < acting; f++) {
      const code = s.actCode[f];
      const fShare = s.actShare[f] ?? 0;
      const share = holder === code ? fShare : aligned === code ? fShare * p.factionAllyShare : 0;
      if (share <= 0 || (best >= 0 && share <= bestShare)) continue;
      best = f;
      bestShare = share;
    }
    if (best < 0) continue;
    const intensity = m * p.factionWeight * bestShare;
    if (!(Math.abs(intensity) >= p.minIntensity)) continue;
    let text = '';
    const period = control.periods[i];
    if (pass.explain && period !== undefined) {
      const a = index.assets[i] as Asset;
      const faction = s.actFaction[best] as FactionId;
      const actor = s.actActor[best] ?? '';
      const who =
        actor.toLowerCase() === faction
          ? FACTION_LABEL[faction]
          : `${actor}, which backs ${FACTION_LABEL[faction]},`;
      const role =
        actor === event.primaryActor
          ? `is the primary actor of this ${typeLabel(event.type)} event`
          : `is among the actors of this ${typeLabel(event.type)} event`;
      const holderLabel =
        period.faction === faction
          ? FACTION_LABEL[faction]
          : `${FACTION_LABEL[period.faction]}, aligned with ${FACTION_LABEL[faction]},`;
      text = `${label(a)} was held by ${holderLabel} on ${instant?.slice(0, 10) ?? 'the event date'}, and ${who} ${role}.`;
    }
    keepImpact(pass, i, FACTION, intensity, NO_OUTAGE, -1, text);
  }
}

function nationalImpacts(pass: Pass): void {
  const { event, index, p, m } = pass;
  if (!NATIONAL_EVENT_TYPES.has(event.type)) return;
  const intensity = m * p.nationalWeight;
  if (!(Math.abs(intensity) >= p.minIntensity)) return;
  index.assets.forEach((a, i) => {
    const text = pass.explain
      ? `A ${typeLabel(event.type)} event bears on every Libyan asset, ${label(a)} included, through the national channel.`
      : '';
    keepImpact(pass, i, NATIONAL, intensity, NO_OUTAGE, -1, text);
  });
}

/**
 * The one mapping of an event: fills the scratch slots with at most one impact per
 * (asset, channel) and lists the kept slots in `s.kept`, in asset id then channel order.
 * Returns how many; their values stay in the scratch until the next call.
 */
function mapInto(event: GeoEvent, index: RegistryIndex, p: MappingParams, explain: boolean): number {
  const s = index.scratch;
  s.keptCount = 0;
  const sign = (EVENT_SIGN as Readonly<Record<string, number | undefined>>)[event.type] ?? 0;
  if (sign === 0) return 0;
  const confidence = clamp01(event.confidence);
  const m =
    sign *
    clamp01(event.severity) *
    confidence *
    p[TYPE_WEIGHT_KEY.get(event.type) ?? 'typeWeight.irrelevant'];
  const reported = confidence >= p.outageMinConfidence;
  const signal = !reported
    ? NO_OUTAGE
    : OUTAGE_TYPES.has(event.type)
      ? START
      : event.type === 'restart'
        ? END
        : NO_OUTAGE;
  const pass: Pass = { event, index, p, s, m, signal, explain };
  let listed = false;
  try {
    findDirect(pass);
    directImpacts(pass);
    if (signal !== NO_OUTAGE && s.directCount > 0) pipelineImpacts(pass);
    proximityImpacts(pass);
    factionImpacts(pass);
    nationalImpacts(pass);
    const n = index.assets.length;
    for (let r = 0; r < n; r++) {
      const asset = index.byId[r] ?? 0;
      const bits = s.channels[asset] ?? 0;
      if (bits === 0) continue;
      for (let c = 0; c < CHANNEL_COUNT; c++)
        if ((bits & (1 << c)) !== 0) s.kept[s.keptCount++] = asset * CHANNEL_COUNT + c;
    }
    listed = true;
    return s.keptCount;
  } finally {
    for (let h = 0; h < s.directCount; h++) s.direct[s.directOrder[h] ?? 0] = 0;
    s.directCount = 0;
    // Every kept slot is listed once the list is built; if something threw before, clear them all.
    if (listed) for (let k = 0; k < s.keptCount; k++) s.set[s.kept[k] ?? 0] = 0;
    else s.set.fill(0);
    s.channels.fill(0);
  }
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
  const index = indexFor(registry);
  const s = index.scratch;
  const impacts: Impact[] = [];
  const n = mapInto(event, index, p, true);
  for (let k = 0; k < n; k++) {
    const slot = s.kept[k] ?? 0;
    const outage = OUTAGE_CODES[s.outage[slot] ?? 0];
    const via = s.via[slot] ?? -1;
    impacts.push({
      eventId: event.id,
      assetId: index.assets[Math.floor(slot / CHANNEL_COUNT)]?.id ?? '',
      eventType: event.type,
      channel: IMPACT_CHANNELS[slot % CHANNEL_COUNT] ?? 'direct',
      intensity: round(s.intensity[slot] ?? 0),
      at: event.knownAt,
      ...(outage === undefined ? {} : { outage }),
      ...(via < 0 ? {} : { via: index.assets[via]?.id ?? '' }),
      explanation: s.text[slot] ?? '',
    });
  }
  return impacts;
}

/**
 * One event's impacts in columns, without explanations: what a backtest keeps of them.
 * Assets (and `via`, -1 for none) are indexes into `registry.assets`; channels index
 * `IMPACT_CHANNELS`; outages index `OUTAGE_CODES`. Reused from event to event.
 */
export class ImpactColumns {
  length = 0;
  readonly asset: Int32Array;
  readonly channel: Uint8Array;
  readonly intensity: Float64Array;
  readonly outage: Uint8Array;
  readonly via: Int32Array;

  constructor(registry: AssetRegistry) {
    const capacity = registry.assets.length * CHANNEL_COUNT;
    this.asset = new Int32Array(capacity);
    this.channel = new Uint8Array(capacity);
    this.intensity = new Float64Array(capacity);
    this.outage = new Uint8Array(capacity);
    this.via = new Int32Array(capacity);
  }
}

/**
 * `mapEventToImpacts` without the explanations and without an object per impact: the same
 * impacts, in the same order, written into `out` (its previous content is replaced).
 * `params` must be resolved (resolveMappingParams). Returns the number of impacts.
 */
export function mapEventToColumns(
  event: GeoEvent,
  registry: AssetRegistry,
  params: MappingParams,
  out: ImpactColumns,
): number {
  const index = indexFor(registry);
  const s = index.scratch;
  const n = mapInto(event, index, params, false);
  for (let k = 0; k < n; k++) {
    const slot = s.kept[k] ?? 0;
    const asset = Math.floor(slot / CHANNEL_COUNT);
    out.asset[k] = asset;
    out.channel[k] = slot - asset * CHANNEL_COUNT;
    out.intensity[k] = round(s.intensity[slot] ?? 0);
    out.outage[k] = s.outage[slot] ?? 0;
    out.via[k] = s.via[slot] ?? -1;
  }
  out.length = n;
  return n;
}
