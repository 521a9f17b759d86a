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

/**
 * A contribution as `applyImpactInPlace` makes it: the same plain fields, in the same
 * order, so it serialises and compares exactly like a literal. Made by a constructor, not
 * as an object literal, because V8 may decide from a literal's allocation site that its
 * objects live long and allocate them straight into the old generation ("pretenuring"):
 * a backtest makes ten million of them, nearly all short-lived, and when that decision
 * fell the wrong way the replay ran 2.5 times slower. Constructed objects are not
 * pretenured.
 */
class AppliedContribution implements Contribution {
  constructor(
    readonly eventId: string,
    readonly eventType: EventType,
    readonly channel: ImpactChannel,
    readonly intensity: number,
    readonly atMs: number,
    readonly halfLifeHours: number,
  ) {}
}

/**
 * The contribution `applyImpactInPlace` made last. A contribution is never changed once
 * made, so the next impact with the very same fields (an event's national impact reaches
 * every asset with one signal) shares it instead of allocating an equal one: a backtest
 * of a million events applies ten million impacts, most of them such copies.
 */
let lastContribution: AppliedContribution | undefined;

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

/** What is left of a contribution at `atMs`, 0..1: halved every half-life, zero before it took effect. */
export function decayFactor(c: Pick<Contribution, 'atMs' | 'halfLifeHours'>, atMs: number): number {
  const ageH = (atMs - c.atMs) / MS_PER_HOUR;
  return ageH < 0 ? 0 : Math.exp((-ageH / c.halfLifeHours) * Math.LN2);
}

/**
 * `decayFactor` at one instant for the contributions of a list, read in order: computed once
 * for each run of neighbours that share their time and half-life (an event's contributions
 * sit together), by the same expression, so every value is the same bit for bit.
 */
export class DecayAt {
  private at = Number.NaN;
  private halfLife = Number.NaN;
  private factor = 0;

  constructor(private readonly atMs: number) {}

  of(c: Pick<Contribution, 'atMs' | 'halfLifeHours'>): number {
    if (c.atMs !== this.at || c.halfLifeHours !== this.halfLife) {
      this.at = c.atMs;
      this.halfLife = c.halfLifeHours;
      this.factor = decayFactor(c, this.atMs);
    }
    return this.factor;
  }
}

/** Value of a contribution at `atMs`, 1/week: intensity halved every half-life, zero before it took effect. */
export function decayedIntensity(c: Contribution, atMs: number): number {
  return c.intensity * decayFactor(c, atMs);
}

/** Working memory of `prune`, grown as needed: decayed magnitudes, those of the survivors for sorting, and who stays. */
let pruneMagnitude = new Float64Array(128);
let pruneSorted = new Float64Array(128);
let pruneStays = new Uint8Array(128);
const pruneKept: number[] = [];
const pruneAtCut: number[] = [];
const pruneSurvivors: Contribution[] = [];

/**
 * The k-th smallest (0-based) of `values[0..n)`, which it reorders: quickselect, linear on
 * average, since only the cut-off value is needed, not the order.
 */
function kthSmallest(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i++;
      while ((values[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] ?? 0;
  }
  return values[k] ?? 0;
}

/** Order of the kept contributions: time, event id, then larger magnitude first, then list position. */
function keptBefore(list: readonly Contribution[], magnitude: Float64Array, i: number, j: number): boolean {
  const a = list[i] as Contribution;
  const b = list[j] as Contribution;
  if (a.atMs !== b.atMs) return a.atMs < b.atMs;
  if (a.eventId !== b.eventId) return a.eventId < b.eventId;
  const ma = magnitude[i] ?? 0;
  const mb = magnitude[j] ?? 0;
  return ma !== mb ? ma > mb : i < j;
}

/**
 * Bounds the state's list, in place. Runs only when the list is over `max`, so its cost is paid once per
 * half of the list: drops every contribution decayed below `eps`, then, if still over
 * half of `max`, the smallest in magnitude now (on a tie the older goes first,
 * then by event id, then the earlier in the list, so the result never depends on the
 * engine). Keeps time order, and among contributions of one event at one time, the
 * larger first.
 *
 * It runs once per ~32 impacts on every asset, millions of times in a backtest, so it
 * sorts numbers, not objects: the cut-off magnitude comes from a selection, ties at
 * the cut-off are settled by the rule above, and the survivors, already nearly in time
 * order, are put in order by insertion.
 */
function prune(list: Contribution[], nowMs: number, eps: number, max: number): void {
  const n = list.length;
  if (pruneMagnitude.length < n) {
    pruneMagnitude = new Float64Array(n * 2);
    pruneSorted = new Float64Array(n * 2);
    pruneStays = new Uint8Array(n * 2);
  }
  const magnitude = pruneMagnitude;
  let live = 0;
  const decay = new DecayAt(nowMs);
  for (let i = 0; i < n; i++) {
    const c = list[i] as Contribution;
    const m = Math.abs(c.intensity * decay.of(c));
    magnitude[i] = m >= eps ? m : -1;
    if (m >= eps) pruneSorted[live++] = m;
  }
  const keep = Math.max(1, Math.floor(max / 2));
  const kept = pruneKept;
  kept.length = 0;
  if (live <= keep) {
    for (let i = 0; i < n; i++) if ((magnitude[i] ?? -1) >= 0) kept.push(i);
  } else {
    const cut = kthSmallest(pruneSorted, live, live - keep);
    // Everything above the cut-off stays; of those at it, the newest, then by event id.
    const stays = pruneStays;
    let above = 0;
    const atCut = pruneAtCut;
    atCut.length = 0;
    for (let i = 0; i < n; i++) {
      const m = magnitude[i] ?? -1;
      stays[i] = m > cut ? 1 : 0;
      if (m > cut) above++;
      else if (m === cut) atCut.push(i);
    }
    if (atCut.length > 1)
      atCut.sort((i, j) => {
        const a = list[i] as Contribution;
        const b = list[j] as Contribution;
        return b.atMs - a.atMs || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0) || i - j;
      });
    atCut.length = keep - above;
    for (const i of atCut) stays[i] = 1;
    for (let i = 0; i < n; i++) {
      if (stays[i] !== 1) continue;
      // Insertion: the list is nearly in time order already.
      let k = kept.length;
      kept.push(i);
      while (k > 0 && keptBefore(list, magnitude, i, kept[k - 1] ?? 0)) {
        kept[k] = kept[k - 1] ?? 0;
        k--;
      }
      kept[k] = i;
    }
  }
  // In place. Survivors usually keep their relative order: then each moves down to its
  // new place (never over one still to be read); otherwise they are set aside first.
  let ascending = true;
  for (let k = 1; k < kept.length && ascending; k++) ascending = (kept[k - 1] ?? 0) < (kept[k] ?? 0);
  if (ascending) {
    for (let k = 0; k < kept.length; k++) list[k] = list[kept[k] ?? 0] as Contribution;
    list.length = kept.length;
    return;
  }
  const survivors = pruneSurvivors;
  for (const i of kept) survivors.push(list[i] as Contribution);
  list.length = 0;
  for (const c of survivors) list.push(c);
  survivors.length = 0;
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
    const halfLife = halfLifeHours(params, impact.eventType);
    let c = lastContribution;
    if (
      c === undefined ||
      c.atMs !== atMs ||
      c.intensity !== intensity ||
      c.halfLifeHours !== halfLife ||
      c.eventId !== impact.eventId ||
      c.channel !== impact.channel ||
      c.eventType !== impact.eventType
    ) {
      c = new AppliedContribution(
        impact.eventId,
        impact.eventType,
        impact.channel,
        intensity,
        atMs,
        halfLife,
      );
      lastContribution = c;
    }
    state.contributions.push(c);
  }
  const max = Math.max(1, Math.floor(params.maxContributions));
  if (state.contributions.length > max) prune(state.contributions, nowMs, params.pruneEpsilonPerWeek, max);

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
