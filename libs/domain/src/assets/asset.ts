import type { DateTime } from 'luxon';

/**
 * `valve` was added after `pumping_station` for line valves that are not pumping
 * stations (the Rayayina valves on the Sharara and El Feel lines).
 */
export const ASSET_KINDS = ['field', 'terminal', 'refinery', 'pipeline', 'pumping_station', 'valve'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** `exact`: surveyed facility coordinates; `approximate`: within a few km; `rough`: tens of km. */
export type CoordinatePrecision = 'exact' | 'approximate' | 'rough';

/** [lon, lat] in WGS84 degrees, GeoJSON order. */
export type LonLat = readonly [number, number];

export type AssetGeometry =
  | { readonly type: 'Point'; readonly coordinates: LonLat }
  | { readonly type: 'LineString'; readonly coordinates: readonly LonLat[] };

/** Faction ids used in control timelines and by the gazetteer. */
export type FactionId = 'lna' | 'gna' | 'pfg' | 'local' | 'noc' | 'contested';

export interface ControlPeriod {
  readonly faction: FactionId;
  /** ISO date (UTC) from which this faction controls the asset; inclusive. */
  readonly from: string;
  /** ISO date until which it does; exclusive; absent = still. */
  readonly to?: string;
  /**
   * The faction this controller answered to in the period, when it is not itself a side:
   * the PFG units at Sharara and El Feel took their orders from the LNA in 2019-2020.
   */
  readonly alignedWith?: FactionId;
  readonly note?: string;
}

export interface SourceRef {
  readonly title: string;
  readonly url?: string;
}

export interface Asset {
  /** Lowercase slug of the common English name: `es-sider`, `el-feel`. Part of the public contract. */
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: AssetKind;
  readonly geometry: AssetGeometry;
  readonly precision: CoordinatePrecision;
  readonly basin: string;
  readonly operator: string;
  readonly partners: readonly string[];
  /** Nameplate capacity, kb/d (thousand barrels per day). */
  readonly capacityKbd: number;
  /**
   * Baseline output 2019-early 2020, kb/d. For fields: crude produced. For terminals,
   * pipelines and refineries: throughput (not counted again in national totals).
   */
  readonly baselineKbd: number;
  /** Asset ids the crude flows to next, in order of preference: primary first. */
  readonly routes: { readonly primary: readonly string[]; readonly alternate: readonly string[] };
  readonly control: readonly ControlPeriod[];
  readonly sources: readonly SourceRef[];
  /**
   * For a valve or pumping station: the pipeline assets it sits on. Closing it stops every
   * line listed, so one station can sit on two lines without merging their flows.
   */
  readonly chokepointOn?: readonly string[];
  readonly notes?: string;
}

/** A directed flow link in the pipeline graph: crude moves from `from` to `to`. */
export interface FlowLink {
  readonly from: string;
  readonly to: string;
  /** The pipeline asset carrying it, when the link is a modelled pipeline. */
  readonly via?: string;
}

export interface FlowOptions {
  /** `primary` (default): where the crude normally goes. `all`: include alternate routes. */
  readonly routes?: 'primary' | 'all';
}

/** Read-only view of the registry the mapper and scorer depend on. */
export interface AssetRegistry {
  readonly assets: readonly Asset[];
  get(id: string): Asset | undefined;
  /** Case- and diacritic-insensitive alias lookup ("Sidra" -> es-sider). */
  findByAlias(name: string): Asset | undefined;
  /** Faction in control of the asset at the given instant. */
  controllerAt(id: string, at: DateTime): FactionId | undefined;
  /**
   * Assets whose crude flows through `id` (transitively): fields behind a terminal or valve.
   * Follows primary routes unless `routes: 'all'` asks for alternates too.
   */
  upstreamOf(id: string, options?: FlowOptions): readonly string[];
  /** Assets `id` feeds (transitively): the route out to the sea. Same options. */
  downstreamOf(id: string, options?: FlowOptions): readonly string[];
  /** Sum of field baselines, kb/d: the national production the scorer measures loss against. */
  nationalBaselineKbd(): number;
}
