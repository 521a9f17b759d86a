import type { Asset } from '../assets/asset';
import type { EventType } from '../events/event-type';
import type { Impact, ImpactChannel } from '../mapping/impact';
import { halfLifeHours, type ModelParams } from './model-params';

const MS_PER_HOUR = 3_600_000;

/** One impact's live share of an asset's hazard. Plain JSON: persisted as is. */
export interface Contribution {
  readonly eventId: string;
  readonly eventType: EventType;
  readonly channel: ImpactChannel;
  /** Signed hazard contribution at `atMs`, 1/week (already multiplied by intensityScale). */
  readonly intensity: number;
  /** Epoch milliseconds (UTC) the impact took effect. */
  readonly atMs: number;
  /** Half-life fixed when applied, hours, so a stored state decays the way it was built. */
  readonly halfLifeHours: number;
}

/** An outage in force at the asset, keyed by what caused it. */
export interface OutageRecord {
  /**
   * The asset whose closure stopped this one: the asset itself for a direct shut-in,
   * otherwise the terminal, valve or pipeline named in `Impact.via`.
   */
  readonly cause: string;
  readonly eventId: string;
  readonly eventType: EventType;
  /** Epoch ms (UTC) of the first report of this outage. */
  readonly sinceMs: number;
}

/**
 * Everything the model remembers about one asset. Plain, JSON-serialisable data so a
 * streaming scorer can keep it in PostgreSQL and restore it; bounded in size by
 * pruning (pruneEpsilonPerWeek, maxContributions): see `prune`.
 */
export interface AssetState {
  readonly assetId: string;
  readonly contributions: readonly Contribution[];
  readonly outages: readonly OutageRecord[];
  /** Epoch ms of the latest impact applied; 0 for a fresh state. */
  readonly updatedAtMs: number;
  /** How many impacts were applied in total (for audit; not used by the formulas). */
  readonly impactCount: number;
}

export function emptyAssetState(assetId: string): AssetState {
  return { assetId, contributions: [], outages: [], updatedAtMs: 0, impactCount: 0 };
}

/** Value of a contribution at `atMs`, 1/week: intensity halved every half-life, zero before it took effect. */
export function decayedIntensity(c: Contribution, atMs: number): number {
  const ageH = (atMs - c.atMs) / MS_PER_HOUR;
  if (ageH < 0) return 0;
  return c.intensity * Math.exp((-ageH / c.halfLifeHours) * Math.LN2);
}

/**
 * Bounds the state. Runs only when the list is over `max`, so its cost is paid once per
 * half of the list: drops every contribution decayed below `eps`, then, if still over
 * half of `max`, the smallest in magnitude now (on a tie the older goes first,
 * then by event id, so the result never depends on the engine). Keeps time order.
 */
function prune(list: readonly Contribution[], nowMs: number, eps: number, max: number): Contribution[] {
  const live = list.map((c) => ({ c, m: Math.abs(decayedIntensity(c, nowMs)) })).filter((x) => x.m >= eps);
  const keep = Math.max(1, Math.floor(max / 2));
  if (live.length > keep) {
    live.sort(
      (a, b) =>
        b.m - a.m ||
        b.c.atMs - a.c.atMs ||
        (a.c.eventId < b.c.eventId ? -1 : a.c.eventId > b.c.eventId ? 1 : 0),
    );
    live.length = keep;
    live.sort(
      (a, b) => a.c.atMs - b.c.atMs || (a.c.eventId < b.c.eventId ? -1 : a.c.eventId > b.c.eventId ? 1 : 0),
    );
  }
  return live.map((x) => x.c);
}

/**
 * Applies one impact to an asset's state and returns the new state (the input is not
 * changed). Every impact adds a decaying hazard contribution; an outage `start` also
 * records an outage keyed by its cause, and an `end` clears the outages it concerns:
 * with `via`, those caused by that asset; without, all of them (the asset itself is
 * reported running again).
 */
export function applyImpact(
  state: AssetState,
  impact: Impact,
  asset: Asset,
  params: ModelParams,
): AssetState {
  const atMs = impact.at.toMillis();
  return applyImpactAt(state, impact, atMs, asset, params);
}

/** What the state needs from an impact: everything but its time and its explanation. */
export type ImpactSignal = Pick<Impact, 'eventId' | 'eventType' | 'channel' | 'intensity' | 'outage' | 'via'>;

/** The same data as `AssetState`, owned by one caller and updated in place. */
export interface MutableAssetState {
  readonly assetId: string;
  contributions: Contribution[];
  outages: OutageRecord[];
  updatedAtMs: number;
  impactCount: number;
}

/**
 * `applyImpact` with the impact time already in epoch ms and only the fields the state
 * reads (the backtest keeps impacts in this compact form). Returns a new state.
 */
export function applyImpactAt(
  state: AssetState,
  impact: ImpactSignal,
  atMs: number,
  asset: Asset,
  params: ModelParams,
): AssetState {
  const next: MutableAssetState = {
    assetId: state.assetId,
    contributions: [...state.contributions],
    outages: [...state.outages],
    updatedAtMs: state.updatedAtMs,
    impactCount: state.impactCount,
  };
  applyImpactInPlace(next, impact, atMs, asset, params);
  return next;
}

/**
 * The one implementation of applying an impact, on a state the caller owns (the backtest
 * keeps one per asset and saves a copy per impact). `applyImpact` and `applyImpactAt`
 * copy and call this, so every caller follows exactly the same rules.
 */
export function applyImpactInPlace(
  state: MutableAssetState,
  impact: ImpactSignal,
  atMs: number,
  asset: Asset,
  params: ModelParams,
): void {
  const nowMs = Math.max(atMs, state.updatedAtMs);
  const intensity = impact.intensity * params.intensityScale;
  if (intensity !== 0) {
    state.contributions.push({
      eventId: impact.eventId,
      eventType: impact.eventType,
      channel: impact.channel,
      intensity,
      atMs,
      halfLifeHours: halfLifeHours(params, impact.eventType),
    });
  }
  const max = Math.max(1, Math.floor(params.maxContributions));
  if (state.contributions.length > max)
    state.contributions = prune(state.contributions, nowMs, params.pruneEpsilonPerWeek, max);

  if (impact.outage === 'start') {
    const cause = impact.via ?? asset.id;
    if (!state.outages.some((o) => o.cause === cause)) {
      state.outages.push({ cause, eventId: impact.eventId, eventType: impact.eventType, sinceMs: atMs });
    }
  } else if (impact.outage === 'end') {
    const via = impact.via;
    state.outages = via === undefined ? [] : state.outages.filter((o) => o.cause !== via);
  }
  state.updatedAtMs = nowMs;
  state.impactCount += 1;
}

/**
 * Hazard from the state's own contributions at `atMs`, 1/week: the baseline plus the
 * decayed sum, where de-escalation can cancel escalation but never push the hazard
 * below the baseline.
 */
export function hazardAt(state: AssetState, atMs: number, params: ModelParams): number {
  let sum = 0;
  for (const c of state.contributions) sum += decayedIntensity(c, atMs);
  return params.baselineHazardPerWeek + Math.max(0, sum);
}
