import { DateTime } from 'luxon';
import type { AssetRegistry } from '../assets/asset';
import type { AssetScore } from '../scoring/asset-score';
import { scoreAssetAt } from '../scoring/asset-score';
import {
  applyImpactInPlace,
  emptyAssetState,
  type AssetState,
  type ImpactSignal,
  type MutableAssetState,
} from '../scoring/asset-state';
import type { ModelParams } from '../scoring/model-params';
import { scoreNationalAt, type NationalScore } from '../scoring/national-score';

/** An impact reduced to what scoring needs, with its time in epoch ms (UTC). */
export interface TimedImpact extends ImpactSignal {
  readonly assetId: string;
  /** When the impact takes effect: the event's knownAt, epoch ms. */
  readonly atMs: number;
  /**
   * Index of the asset in the scorer's `registry.assets`, when the source knows it (the
   * backtest's store does): `apply` then finds the asset and its state without looking
   * the id up. Ignored unless the asset there has the id `assetId`.
   */
  readonly assetIndex?: number;
}

/** All scores at one step. */
export interface StepScores {
  readonly asOfMs: number;
  /** ISO-8601 UTC. */
  readonly asOf: string;
  /** One per registry asset, in registry order. */
  readonly assets: readonly AssetScore[];
  readonly national: NationalScore;
}

export function isoUtc(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? '';
}

/**
 * The per-asset states of a whole registry, updated in event time. The backtest drives it
 * from a file; a streaming scorer holds the same states per partition and calls the same
 * `applyImpactAt` / `scoreAssetAt` / `scoreNationalAt` underneath.
 */
export class EventTimeScorer {
  private readonly states = new Map<string, MutableAssetState>();
  /** The same states by registry index, for impacts that carry `assetIndex`. */
  private readonly statesByIndex: (MutableAssetState | undefined)[] = [];
  private readonly reader = (id: string): AssetState | undefined => this.states.get(id);

  constructor(
    private readonly registry: AssetRegistry,
    private readonly params: ModelParams,
  ) {}

  /** Applies one impact; false (and nothing changes) when the asset is not in the registry. */
  apply(impact: TimedImpact): boolean {
    const k = impact.assetIndex;
    if (k !== undefined) {
      const asset = this.registry.assets[k];
      if (asset !== undefined && asset.id === impact.assetId) {
        const state = this.statesByIndex[k] ?? this.stateFor(asset.id, k);
        applyImpactInPlace(state, impact, impact.atMs, asset, this.params);
        return true;
      }
    }
    const asset = this.registry.get(impact.assetId);
    if (asset === undefined) return false;
    const state = this.states.get(asset.id) ?? this.stateFor(asset.id, this.registry.assets.indexOf(asset));
    applyImpactInPlace(state, impact, impact.atMs, asset, this.params);
    return true;
  }

  /** A fresh state for an asset, kept by id and (when it is in the registry's list) by index. */
  private stateFor(assetId: string, index: number): MutableAssetState {
    const existing = this.states.get(assetId);
    if (existing !== undefined) {
      if (index >= 0) this.statesByIndex[index] = existing;
      return existing;
    }
    const empty = emptyAssetState(assetId);
    const state: MutableAssetState = { ...empty, contributions: [], outages: [] };
    this.states.set(assetId, state);
    if (index >= 0) this.statesByIndex[index] = state;
    return state;
  }

  stateOf(assetId: string): AssetState | undefined {
    return this.states.get(assetId);
  }

  /** Scores every asset, then the nation, at `asOfMs` (the states must not hold later impacts). */
  scoreAt(asOfMs: number): StepScores {
    const asOf = isoUtc(asOfMs);
    const assets = this.registry.assets.map((asset) =>
      scoreAssetAt(
        this.states.get(asset.id) ?? emptyAssetState(asset.id),
        asset,
        asOfMs,
        asOf,
        this.params,
        this.registry,
        this.reader,
      ),
    );
    return { asOfMs, asOf, assets, national: scoreNationalAt(assets, this.registry, asOf, this.params) };
  }
}

/** Step instants from `fromMs` to `toMs` inclusive, every `stepMs`. */
export function stepTimes(fromMs: number, toMs: number, stepMs: number): Float64Array {
  if (!(stepMs > 0) || toMs < fromMs) return new Float64Array(0);
  const n = Math.floor((toMs - fromMs) / stepMs) + 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = fromMs + i * stepMs;
  return out;
}

/** Order of application: by time, then by input order (a stable sort keeps the latter). */
export function compareImpactTimes(a: { readonly atMs: number }, b: { readonly atMs: number }): number {
  return a.atMs - b.atMs;
}

/**
 * Replays impacts (sorted by atMs) in event time: before each step every impact known at
 * or before that instant is applied, never a later one, then everything is scored.
 * Impacts after the last step are not applied.
 */
export function* replayInEventTime(
  impacts: Iterable<TimedImpact>,
  steps: ArrayLike<number>,
  scorer: EventTimeScorer,
): Generator<StepScores> {
  const it = impacts[Symbol.iterator]();
  let pending = it.next();
  let lastMs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < steps.length; i++) {
    const t = steps[i] ?? 0;
    while (!pending.done && pending.value.atMs <= t) {
      if (pending.value.atMs < lastMs) throw new Error('replayInEventTime: impacts must be sorted by atMs');
      lastMs = pending.value.atMs;
      scorer.apply(pending.value);
      pending = it.next();
    }
    yield scorer.scoreAt(t);
  }
}
