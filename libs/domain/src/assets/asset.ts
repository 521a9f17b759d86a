import type { DateTime } from 'luxon';

export type AssetKind = 'field' | 'terminal' | 'refinery' | 'pipeline' | 'pumping_station';

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
  readonly notes?: string;
}

/** A directed flow link in the pipeline graph: crude moves from `from` to `to`. */
export interface FlowLink {
  readonly from: string;
  readonly to: string;
  /** The pipeline asset carrying it, when the link is a modelled pipeline. */
  readonly via?: string;
}

/** Read-only view of the registry the mapper and scorer depend on. */
export interface AssetRegistry {
  readonly assets: readonly Asset[];
  get(id: string): Asset | undefined;
  /** Case- and diacritic-insensitive alias lookup ("Sidra" -> es-sider). */
  findByAlias(name: string): Asset | undefined;
  /** Faction in control of the asset at the given instant. */
  controllerAt(id: string, at: DateTime): FactionId | undefined;
  /** Assets whose crude flows through `id` (transitively): fields behind a terminal or valve. */
  upstreamOf(id: string): readonly string[];
  /** Assets `id` feeds (transitively): the route out to the sea. */
  downstreamOf(id: string): readonly string[];
  /** Sum of field baselines, kb/d: the national production the scorer measures loss against. */
  nationalBaselineKbd(): number;
}
