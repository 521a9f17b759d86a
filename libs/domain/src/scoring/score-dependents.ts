import type { AssetRegistry } from '../assets/asset';
import { flowTopology } from './flow-topology';

const cache = new WeakMap<AssetRegistry, ReadonlyMap<string, readonly string[]>>();

/** Every asset whose route out `scoreAsset` reads for `assetId`: next hops, their chokepoints, and beyond. */
function routeReads(assetId: string, registry: AssetRegistry): Set<string> {
  const topology = flowTopology(registry);
  const seen = new Set<string>();
  const stack = [...topology.nextHops(assetId)];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || id === assetId) continue;
    seen.add(id);
    for (const c of topology.chokepointsOn(id)) seen.add(c);
    stack.push(...topology.nextHops(id));
  }
  return seen;
}

/**
 * The assets whose score changes when `assetId`'s state changes: itself, and every asset
 * whose route out runs through it (a field behind a terminal that closed). A streaming
 * scorer rescores exactly these after applying impacts to `assetId`. Sorted; cached per registry.
 */
export function scoreDependents(registry: AssetRegistry, assetId: string): readonly string[] {
  let index = cache.get(registry);
  if (!index) {
    const readers = new Map<string, Set<string>>();
    for (const a of registry.assets) {
      for (const read of routeReads(a.id, registry)) {
        const set = readers.get(read) ?? new Set<string>();
        set.add(a.id);
        readers.set(read, set);
      }
    }
    const built = new Map<string, readonly string[]>();
    for (const a of registry.assets)
      built.set(a.id, [...new Set([a.id, ...(readers.get(a.id) ?? [])])].sort());
    index = built;
    cache.set(registry, index);
  }
  return index.get(assetId) ?? [assetId];
}
