import type { FlowTopology } from '../scoring/flow-topology';

/** A realised outage, as recorded after the fact (the outcomes CSV). */
export interface Outcome {
  readonly assetId: string;
  /** Epoch ms (UTC), inclusive. */
  readonly startMs: number;
  /** Epoch ms (UTC), exclusive; null = still ongoing. */
  readonly endMs: number | null;
  /** Production lost, kb/d, as reported. */
  readonly lostKbd: number;
  readonly source: string;
}

/** [startMs, endMs) in epoch ms; endMs is +Infinity for an ongoing outage. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The same graph the scorer carries closures along (primary next hops, chokepoints on
 * lines), so a recorded terminal or valve closure counts as an outage of the fields behind it.
 */
export type RouteLookup = FlowTopology;

/**
 * When each asset was out, from the recorded outages plus the pipeline graph: an asset is
 * out while it is recorded out, while a valve or pumping station on it is out, or while
 * every next hop of its primary route is out (a closed terminal stops the fields behind it). Same rule as the scorer, applied to facts.
 * Intervals per asset are sorted and merged.
 */
export function realisedOutageIntervals(
  outcomes: readonly Outcome[],
  assetIds: readonly string[],
  routesOf: RouteLookup,
): Map<string, Interval[]> {
  const result = new Map<string, Interval[]>();
  const ids = [...new Set([...assetIds, ...outcomes.map((o) => o.assetId)])];
  for (const id of ids) result.set(id, []);
  const cuts = new Set<number>();
  for (const o of outcomes) {
    cuts.add(o.startMs);
    if (o.endMs !== null) cuts.add(o.endMs);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  for (let s = 0; s < bounds.length; s++) {
    const from = bounds[s] ?? 0;
    const to = bounds[s + 1] ?? Number.POSITIVE_INFINITY;
    const direct = new Set(
      outcomes.filter((o) => o.startMs <= from && (o.endMs === null || o.endMs > from)).map((o) => o.assetId),
    );
    if (direct.size === 0) continue;
    const memo = new Map<string, boolean>();
    const blocked = (id: string, visiting: Set<string>): boolean => {
      const known = memo.get(id);
      if (known !== undefined) return known;
      let out = direct.has(id) || routesOf.chokepointsOn(id).some((c) => direct.has(c));
      if (!out) {
        const hops = routesOf.nextHops(id).filter((h) => !visiting.has(h));
        if (hops.length > 0) {
          visiting.add(id);
          out = hops.every((h) => blocked(h, visiting));
          visiting.delete(id);
        }
      }
      memo.set(id, out);
      return out;
    };
    for (const id of ids) {
      if (!blocked(id, new Set())) continue;
      const list = result.get(id) ?? [];
      const last = list[list.length - 1];
      if (last !== undefined && last.endMs === from)
        list[list.length - 1] = { startMs: last.startMs, endMs: to };
      else list.push({ startMs: from, endMs: to });
      result.set(id, list);
    }
  }
  return result;
}

/** True when `atMs` falls inside one of the intervals. */
export function insideAny(intervals: readonly Interval[], atMs: number): boolean {
  for (const i of intervals) if (i.startMs <= atMs && atMs < i.endMs) return true;
  return false;
}

/** True when an interval starts in (atMs, atMs + horizonMs]. */
export function startsWithin(intervals: readonly Interval[], atMs: number, horizonMs: number): boolean {
  for (const i of intervals) if (i.startMs > atMs && i.startMs <= atMs + horizonMs) return true;
  return false;
}
