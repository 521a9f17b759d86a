import type { AssetRegistry } from '../assets/asset';

/**
 * The part of the pipeline graph the scorer walks: where crude goes next from an asset
 * (its primary route), and which valves or pumping stations sit on a line. Closing a
 * chokepoint stops its line as surely as closing the line itself.
 */
export interface FlowTopology {
  /** Primary next hops; several = parallel outlets (all must be blocked to stop the asset). */
  nextHops(assetId: string): readonly string[];
  /** Valves and pumping stations on a pipeline (serial: any one closed stops it). */
  chokepointsOn(assetId: string): readonly string[];
}

const cache = new WeakMap<AssetRegistry, FlowTopology>();

/** Topology of a registry, computed once per registry object. */
export function flowTopology(registry: AssetRegistry): FlowTopology {
  const known = cache.get(registry);
  if (known) return known;
  const next = new Map<string, readonly string[]>();
  const chokepoints = new Map<string, string[]>();
  for (const a of registry.assets) {
    next.set(
      a.id,
      a.routes.primary.filter((id) => registry.get(id) !== undefined),
    );
    for (const line of a.chokepointOn ?? []) chokepoints.set(line, [...(chokepoints.get(line) ?? []), a.id]);
  }
  const topology: FlowTopology = {
    nextHops: (id) => next.get(id) ?? [],
    chokepointsOn: (id) => chokepoints.get(id) ?? [],
  };
  cache.set(registry, topology);
  return topology;
}
