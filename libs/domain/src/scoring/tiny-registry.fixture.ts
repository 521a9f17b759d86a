import type { Asset, AssetKind, AssetRegistry } from '../assets/asset';

/**
 * A hand-made five-asset network for specs, independent of the real Libyan registry:
 *   land-field (100 kb/d) -> east-port
 *   desert-field (50 kb/d) -> desert-line (pipeline, with `valve` on it) -> west-port
 *   sea-field (30 kb/d), no route (loads offshore)
 */
function asset(
  id: string,
  kind: AssetKind,
  baselineKbd: number,
  primary: readonly string[],
  chokepointOn?: readonly string[],
): Asset {
  return {
    ...(chokepointOn ? { chokepointOn } : {}),
    id,
    name: id,
    aliases: [],
    kind,
    geometry: { type: 'Point', coordinates: [15, 30] },
    precision: 'rough',
    basin: 'test',
    operator: 'test',
    partners: [],
    capacityKbd: baselineKbd,
    baselineKbd,
    routes: { primary, alternate: [] },
    control: [],
    sources: [],
  };
}

export function tinyRegistry(): AssetRegistry {
  const assets: Asset[] = [
    asset('land-field', 'field', 100, ['east-port']),
    asset('desert-field', 'field', 50, ['desert-line']),
    asset('sea-field', 'field', 30, []),
    asset('desert-line', 'pipeline', 50, ['west-port']),
    asset('valve', 'pumping_station', 0, [], ['desert-line']),
    asset('east-port', 'terminal', 100, []),
    asset('west-port', 'terminal', 50, []),
  ];
  const byId = new Map(assets.map((a) => [a.id, a]));
  const upstream = (id: string): string[] => {
    const out: string[] = [];
    const visit = (target: string): void => {
      for (const a of assets) {
        if (a.routes.primary.includes(target) && !out.includes(a.id)) {
          out.push(a.id);
          visit(a.id);
        }
      }
    };
    visit(id);
    return out;
  };
  const downstream = (id: string): string[] => {
    const out: string[] = [];
    let next = byId.get(id)?.routes.primary ?? [];
    while (next.length > 0) {
      const [first] = next;
      if (first === undefined || out.includes(first)) break;
      out.push(first);
      next = byId.get(first)?.routes.primary ?? [];
    }
    return out;
  };
  return {
    assets,
    get: (id) => byId.get(id),
    findByAlias: (name) => byId.get(name.toLowerCase()),
    controllerAt: () => undefined,
    upstreamOf: upstream,
    downstreamOf: downstream,
    nationalBaselineKbd: () =>
      assets.filter((a) => a.kind === 'field').reduce((s, a) => s + a.baselineKbd, 0),
  };
}
