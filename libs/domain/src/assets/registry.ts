import type { DateTime } from 'luxon';
import type { Asset, AssetRegistry, ControlPeriod, FactionId, FlowOptions } from './asset';
import { isValidLonLat } from './geo-distance';
import { LIBYA_ASSETS } from './registry.data';

/** Id of the national aggregate (Libya, ISO 3166-1 alpha-2). Not an asset; the scorer's national key. */
export const NATIONAL_ASSET_ID = 'LY';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Normal form for alias matching: lowercase, diacritics and apostrophes dropped,
 * hyphens, underscores, dots and runs of spaces folded to one space.
 * "Al-Sidra", "al sidra" and "AL SIDRA" all become "al sidra".
 */
export function normaliseAssetName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2018\u2019`\u02bf\u02be]/g, '')
    .replace(/[-_./,()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Generic words news text puts around a facility name ("the Sharara oilfield",
 * "Zawiya port"). Stripped only when the full phrase is not itself an alias, so
 * "Zawiya refinery" still finds the refinery and "Zawiya port" the terminal.
 */
const GENERIC_PREFIXES = ['the '];
const GENERIC_SUFFIXES = [
  ' oil export terminal',
  ' export terminal',
  ' oil terminal',
  ' terminal',
  ' oil port',
  ' port',
  ' oilfields',
  ' oilfield',
  ' oil fields',
  ' oil field',
  ' fields',
  ' field',
  ' complex',
];

function stripGeneric(normalised: string): string {
  let s = normalised;
  for (const prefix of GENERIC_PREFIXES) if (s.startsWith(prefix)) s = s.slice(prefix.length);
  for (const suffix of GENERIC_SUFFIXES) {
    if (s.endsWith(suffix) && s.length > suffix.length) {
      s = s.slice(0, -suffix.length);
      break;
    }
  }
  return s;
}

/** `at` as an ISO instant in UTC without offset ("2020-01-14T06:00:00.000"), comparable with timeline dates as strings. */
export function utcInstantKey(at: DateTime): string | undefined {
  if (!at.isValid) return undefined;
  return at.toUTC().toISO({ includeOffset: false }) ?? undefined;
}

/** The control period covering `at` (UTC), if the asset's timeline covers it. */
export function controlPeriodAt(asset: Asset, at: DateTime | string | undefined): ControlPeriod | undefined {
  // A pre-computed key lets a caller checking many assets for one instant format the time once.
  const key = typeof at === 'string' || at === undefined ? at : utcInstantKey(at);
  if (key === undefined) return undefined;
  return asset.control.find((p) => p.from <= key && (p.to === undefined || key < p.to));
}

function fail(message: string): never {
  throw new Error(`Invalid asset registry data: ${message}`);
}

function validateAsset(asset: Asset): void {
  const where = `asset '${asset.id}'`;
  if (!SLUG.test(asset.id)) fail(`${where}: id must be a lowercase slug`);
  if (asset.id === NATIONAL_ASSET_ID) fail(`${where}: id is reserved for the national aggregate`);
  if (asset.name.trim() === '') fail(`${where}: empty name`);
  if (!Number.isFinite(asset.capacityKbd) || asset.capacityKbd < 0)
    fail(`${where}: capacityKbd must be >= 0`);
  if (!Number.isFinite(asset.baselineKbd) || asset.baselineKbd < 0)
    fail(`${where}: baselineKbd must be >= 0`);
  if (asset.sources.length === 0) fail(`${where}: no sources`);
  const g = asset.geometry;
  const points = g.type === 'Point' ? [g.coordinates] : g.coordinates;
  if (g.type === 'LineString' && g.coordinates.length < 2)
    fail(`${where}: a LineString needs two or more points`);
  for (const [lon, lat] of points)
    if (!isValidLonLat(lon, lat)) fail(`${where}: coordinate [${lon}, ${lat}] out of range`);
  if ((asset.kind === 'pipeline') !== (g.type === 'LineString'))
    fail(`${where}: pipelines, and only pipelines, are LineStrings`);
  validateControl(asset);
}

/** A timeline is sorted, contiguous (each period starts where the last ended) and only its last period is open. */
function validateControl(asset: Asset): void {
  const where = `asset '${asset.id}' control`;
  if (asset.control.length === 0) fail(`${where}: empty timeline`);
  asset.control.forEach((period, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(period.from)) fail(`${where}: 'from' ${period.from} is not an ISO date`);
    if (period.to !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(period.to))
      fail(`${where}: 'to' ${period.to} is not an ISO date`);
    if (period.to !== undefined && period.to <= period.from)
      fail(`${where}: period from ${period.from} ends before it starts`);
    const next = asset.control[i + 1];
    if (next === undefined) return;
    if (period.to === undefined) fail(`${where}: open period from ${period.from} is not the last`);
    if (next.from < period.to) fail(`${where}: overlap at ${next.from}`);
    if (next.from > period.to) fail(`${where}: gap between ${period.to} and ${next.from}`);
  });
}

/** Primary-route and alternate-route successor lists, by asset id. */
interface FlowGraph {
  readonly primary: ReadonlyMap<string, readonly string[]>;
  readonly all: ReadonlyMap<string, readonly string[]>;
}

function invert(edges: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [from, tos] of edges) for (const to of tos) out.set(to, [...(out.get(to) ?? []), from]);
  return out;
}

/** Every node reachable from `start` along `edges`, excluding `start`, sorted by id. */
function reach(
  start: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
  exclude: ReadonlySet<string>,
): string[] {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined) break;
    for (const next of edges.get(id) ?? []) {
      if (seen.has(next) || exclude.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return [...seen].sort();
}

function assertAcyclic(edges: ReadonlyMap<string, readonly string[]>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: readonly string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') fail(`flow graph has a cycle: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of [...edges.keys()].sort()) visit(id, []);
}

/**
 * Builds the read-only registry and checks the static data once: unique slug ids,
 * routes and chokepoints pointing at existing assets, an acyclic flow graph, aliases
 * that name one asset only, and gap-free control timelines. Throws an Error naming
 * the offending asset; it never throws afterwards.
 */
export function createAssetRegistry(assets: readonly Asset[]): AssetRegistry {
  const byId = new Map<string, Asset>();
  for (const asset of assets) {
    if (byId.has(asset.id)) fail(`duplicate id '${asset.id}'`);
    validateAsset(asset);
    byId.set(asset.id, asset);
  }

  const aliasIndex = new Map<string, string>();
  for (const asset of assets) {
    for (const alias of new Set([asset.id, asset.name, ...asset.aliases].map(normaliseAssetName))) {
      if (alias === '') fail(`asset '${asset.id}': empty alias`);
      const other = aliasIndex.get(alias);
      if (other !== undefined && other !== asset.id)
        fail(`alias '${alias}' names both '${other}' and '${asset.id}'`);
      aliasIndex.set(alias, asset.id);
    }
  }

  const primary = new Map<string, readonly string[]>();
  const all = new Map<string, readonly string[]>();
  for (const asset of assets) {
    const hops = [...asset.routes.primary, ...asset.routes.alternate];
    for (const hop of hops) {
      if (!byId.has(hop)) fail(`asset '${asset.id}' routes to unknown asset '${hop}'`);
      if (hop === asset.id) fail(`asset '${asset.id}' routes to itself`);
    }
    if (new Set(hops).size !== hops.length) fail(`asset '${asset.id}' lists a next hop twice`);
    primary.set(asset.id, asset.routes.primary);
    all.set(asset.id, hops);
    for (const line of asset.chokepointOn ?? []) {
      const target = byId.get(line);
      if (target === undefined) fail(`asset '${asset.id}' is a chokepoint on unknown asset '${line}'`);
      if (target.kind !== 'pipeline')
        fail(`asset '${asset.id}' is a chokepoint on '${line}', which is not a pipeline`);
    }
    if (asset.chokepointOn !== undefined && asset.kind !== 'valve' && asset.kind !== 'pumping_station') {
      fail(`asset '${asset.id}' lists chokepointOn but is a ${asset.kind}`);
    }
  }
  assertAcyclic(all);
  const graph: FlowGraph = { primary, all };
  const reverse = { primary: invert(graph.primary), all: invert(graph.all) };

  // A chokepoint is not a node of the flow graph: it stands for the lines it sits on.
  const flowStart = (id: string): readonly string[] => byId.get(id)?.chokepointOn ?? [id];
  const upstreamCache = new Map<string, readonly string[]>();
  const downstreamCache = new Map<string, readonly string[]>();

  const upstreamOf = (id: string, options?: FlowOptions): readonly string[] => {
    const mode = options?.routes ?? 'primary';
    const key = `${mode}:${id}`;
    const cached = upstreamCache.get(key);
    if (cached !== undefined) return cached;
    const result = byId.has(id) ? reach(flowStart(id), reverse[mode], new Set([id])) : [];
    upstreamCache.set(key, result);
    return result;
  };

  const downstreamOf = (id: string, options?: FlowOptions): readonly string[] => {
    const mode = options?.routes ?? 'primary';
    const key = `${mode}:${id}`;
    const cached = downstreamCache.get(key);
    if (cached !== undefined) return cached;
    const start = flowStart(id);
    const lines = start.filter((s) => s !== id);
    const result = byId.has(id)
      ? [...new Set([...lines, ...reach(start, graph[mode], new Set([id]))])].sort()
      : [];
    downstreamCache.set(key, result);
    return result;
  };

  const nationalBaseline = assets
    .filter((a) => a.kind === 'field')
    .reduce((sum, a) => sum + a.baselineKbd, 0);

  return {
    assets,
    get: (id) => byId.get(id),
    findByAlias: (name) => {
      const n = normaliseAssetName(name);
      const id = aliasIndex.get(n) ?? aliasIndex.get(stripGeneric(n));
      return id === undefined ? undefined : byId.get(id);
    },
    controllerAt: (id: string, at: DateTime): FactionId | undefined => {
      const asset = byId.get(id);
      return asset === undefined ? undefined : controlPeriodAt(asset, at)?.faction;
    },
    upstreamOf,
    downstreamOf,
    nationalBaselineKbd: () => nationalBaseline,
  };
}

/** Crescent's registry of Libyan producing assets and export routes. */
export const LIBYA_REGISTRY: AssetRegistry = createAssetRegistry(LIBYA_ASSETS);

/* ---------- plain rows, for the PostgreSQL seed ---------- */

/** One asset as a flat, JSON-able row. Geometry is GeoJSON; lists are arrays of strings. */
export interface AssetRow {
  readonly id: string;
  readonly name: string;
  readonly kind: Asset['kind'];
  readonly geometry: Asset['geometry'];
  /** Point: the point; LineString: its middle vertex. [lon, lat]. */
  readonly lon: number;
  readonly lat: number;
  readonly precision: Asset['precision'];
  readonly basin: string;
  readonly operator: string;
  readonly partners: readonly string[];
  /** kb/d */
  readonly capacityKbd: number;
  /** kb/d, 2019-early 2020 */
  readonly baselineKbd: number;
  readonly chokepointOn: readonly string[];
  readonly notes: string | null;
}

export interface AliasRow {
  readonly assetId: string;
  readonly alias: string;
  /** `normaliseAssetName(alias)`: unique across the registry, the lookup key. */
  readonly normalised: string;
}

export interface RouteRow {
  readonly fromId: string;
  readonly toId: string;
  readonly route: 'primary' | 'alternate';
  /** 0-based order within the route list (preference). */
  readonly rank: number;
}

export interface ControlRow {
  readonly assetId: string;
  readonly faction: FactionId;
  readonly alignedWith: FactionId | null;
  /** ISO date, UTC, inclusive. */
  readonly from: string;
  /** ISO date, UTC, exclusive; null = still. */
  readonly to: string | null;
  readonly note: string | null;
}

export interface SourceRow {
  readonly assetId: string;
  readonly title: string;
  readonly url: string | null;
}

export interface RegistryRows {
  readonly nationalId: string;
  readonly assets: readonly AssetRow[];
  readonly aliases: readonly AliasRow[];
  readonly routes: readonly RouteRow[];
  readonly control: readonly ControlRow[];
  readonly sources: readonly SourceRow[];
}

/** The registry flattened into table-shaped rows, sorted by asset id, for a migration seed. */
export function registryRows(registry: AssetRegistry = LIBYA_REGISTRY): RegistryRows {
  const assets = [...registry.assets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const mid = (a: Asset): readonly [number, number] =>
    a.geometry.type === 'Point'
      ? a.geometry.coordinates
      : (a.geometry.coordinates[Math.floor(a.geometry.coordinates.length / 2)] ?? [0, 0]);
  return {
    nationalId: NATIONAL_ASSET_ID,
    assets: assets.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      geometry: a.geometry,
      lon: mid(a)[0],
      lat: mid(a)[1],
      precision: a.precision,
      basin: a.basin,
      operator: a.operator,
      partners: a.partners,
      capacityKbd: a.capacityKbd,
      baselineKbd: a.baselineKbd,
      chokepointOn: a.chokepointOn ?? [],
      notes: a.notes ?? null,
    })),
    aliases: assets.flatMap((a) => {
      const seen = new Set<string>();
      return [a.name, ...a.aliases].flatMap((alias) => {
        const normalised = normaliseAssetName(alias);
        if (seen.has(normalised)) return [];
        seen.add(normalised);
        return [{ assetId: a.id, alias, normalised }];
      });
    }),
    routes: assets.flatMap((a) => [
      ...a.routes.primary.map((toId, rank) => ({ fromId: a.id, toId, route: 'primary' as const, rank })),
      ...a.routes.alternate.map((toId, rank) => ({ fromId: a.id, toId, route: 'alternate' as const, rank })),
    ]),
    control: assets.flatMap((a) =>
      a.control.map((p) => ({
        assetId: a.id,
        faction: p.faction,
        alignedWith: p.alignedWith ?? null,
        from: p.from,
        to: p.to ?? null,
        note: p.note ?? null,
      })),
    ),
    sources: assets.flatMap((a) =>
      a.sources.map((s) => ({ assetId: a.id, title: s.title, url: s.url ?? null })),
    ),
  };
}
