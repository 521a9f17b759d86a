import type { DateTime } from 'luxon';
import type { AssetRegistry } from '../assets/asset';
import { NATIONAL_ASSET_ID } from '../assets/registry';
import type { EventType } from '../events/event-type';
import type { ImpactChannel } from '../mapping/impact';
import {
  byWeightThenEventId,
  statusForScore,
  type AssetScore,
  type Driver,
  type RiskStatus,
} from './asset-score';
import { MODEL_VERSION, type ModelParams } from './model-params';

/** Libya as a whole: production lost, counted once, at the fields. */
export interface NationalScore {
  readonly assetId: typeof NATIONAL_ASSET_ID;
  readonly asOf: string;
  readonly modelVersion: string;
  readonly status: RiskStatus;
  /** 100 x pDisruption. */
  readonly score: number;
  /** P(national loss >= nationalDisruptionShare x national baseline) within the horizon. */
  readonly pDisruption: number;
  /** Sum over fields of p x baseline, kb/d. */
  readonly expectedLossKbd: number;
  /** Sum of field baselines, kb/d. */
  readonly baselineKbd: number;
  /** expectedLossKbd / baselineKbd. */
  readonly lossShare: number;
  /** Quantiles of the national loss, kb/d, fields taken as independent all-or-nothing losses. */
  readonly p10Kbd: number;
  readonly p50Kbd: number;
  readonly p90Kbd: number;
  /** Baseline of the fields currently disrupted, kb/d. */
  readonly disruptedKbd: number;
  readonly drivers: readonly Driver[];
}

/** Distribution of a sum of independent losses (kb/d) each occurring with its probability. */
export interface LossDistribution {
  readonly binKbd: number;
  /** pmf[k] = P(loss = k x binKbd). */
  readonly pmf: Float64Array;
}

/**
 * Exact distribution of the sum of independent Bernoulli losses, each loss rounded to the
 * bin width: a discretised convolution, O(fields x bins), no sampling.
 */
export function lossDistribution(
  losses: readonly { readonly p: number; readonly kbd: number }[],
  binKbd: number,
): LossDistribution {
  const sizes: number[] = [];
  let total = 0;
  for (const l of losses) {
    const size = Math.max(0, Math.round(l.kbd / binKbd));
    sizes.push(size);
    total += size;
  }
  let pmf = new Float64Array(total + 1);
  pmf[0] = 1;
  let reach = 0;
  for (let i = 0; i < losses.length; i++) {
    const size = sizes[i] ?? 0;
    const p = Math.min(1, Math.max(0, losses[i]?.p ?? 0));
    if (size === 0 || p === 0) continue;
    const next = new Float64Array(total + 1);
    for (let k = 0; k <= reach; k++) {
      const v = pmf[k] ?? 0;
      if (v === 0) continue;
      next[k] = (next[k] ?? 0) + v * (1 - p);
      next[k + size] = (next[k + size] ?? 0) + v * p;
    }
    reach += size;
    pmf = next;
  }
  return { binKbd, pmf };
}

/** Smallest loss (kb/d) whose cumulative probability reaches q. */
export function lossQuantile(dist: LossDistribution, q: number): number {
  let cum = 0;
  for (let k = 0; k < dist.pmf.length; k++) {
    cum += dist.pmf[k] ?? 0;
    // A relative tolerance so rounding in the sum never pushes a quantile one bin up.
    if (cum >= q - 1e-12) return k * dist.binKbd;
  }
  return (dist.pmf.length - 1) * dist.binKbd;
}

/** P(loss >= kbd). */
export function lossExceedance(dist: LossDistribution, kbd: number): number {
  const from = Math.ceil(kbd / dist.binKbd - 1e-9);
  let sum = 0;
  for (let k = Math.max(0, from); k < dist.pmf.length; k++) sum += dist.pmf[k] ?? 0;
  return Math.min(1, Math.max(0, sum));
}

/**
 * The national aggregate from the scores of the fields (other kinds are ignored: their
 * barrels are already counted at the fields behind them). Cheap: one pass over ~20 fields
 * plus a convolution over a few hundred bins.
 */
export function scoreNational(
  scores: readonly AssetScore[],
  registry: AssetRegistry,
  asOf: DateTime,
  params: ModelParams,
): NationalScore {
  return scoreNationalAt(scores, registry, asOf.toUTC().toISO() ?? '', params);
}

export function scoreNationalAt(
  scores: readonly AssetScore[],
  registry: AssetRegistry,
  asOfIso: string,
  params: ModelParams,
): NationalScore {
  const baselineKbd = registry.nationalBaselineKbd();
  const fields: AssetScore[] = [];
  for (const s of scores) if (registry.get(s.assetId)?.kind === 'field') fields.push(s);
  let expected = 0;
  let disruptedKbd = 0;
  const losses: { p: number; kbd: number }[] = [];
  for (const s of fields) {
    expected += s.expectedLossKbd;
    if (s.status === 'disrupted') disruptedKbd += s.baselineKbd;
    losses.push({ p: s.pDisruption, kbd: s.baselineKbd });
  }
  const dist = lossDistribution(losses, params.nationalBinKbd);
  const threshold = params.nationalDisruptionShare * baselineKbd;
  const p = baselineKbd > 0 ? lossExceedance(dist, threshold) : 0;
  const score = 100 * p;
  const status: RiskStatus =
    baselineKbd > 0 && disruptedKbd >= threshold ? 'disrupted' : statusForScore(score, params);

  // National drivers: each field's drivers weighted by that field's expected loss. An event
  // is named by the asset and channel through which it weighs most (an Es Sider closure by
  // the terminal, through the pipelines of the fields behind it), not by the first field
  // that happens to list it.
  const weights = new Map<
    string,
    {
      eventId: string;
      eventType: EventType;
      assetId: string;
      channel: ImpactChannel;
      weight: number;
      most: number;
    }
  >();
  for (const s of fields) {
    for (const d of s.drivers) {
      const w = d.share * s.expectedLossKbd;
      if (w <= 0) continue;
      const known = weights.get(d.eventId);
      if (known) {
        known.weight += w;
        if (w > known.most) {
          known.most = w;
          known.assetId = d.assetId;
          known.channel = d.channel;
        }
      } else
        weights.set(d.eventId, {
          eventId: d.eventId,
          eventType: d.eventType,
          assetId: d.assetId,
          channel: d.channel,
          weight: w,
          most: w,
        });
    }
  }
  let total = 0;
  for (const v of weights.values()) total += v.weight;
  const drivers: Driver[] = [];
  if (total > 0) {
    // The drivers' own order, and a loop rather than callbacks made per call (see asset-score.ts).
    const ranked = [...weights.values()].sort(byWeightThenEventId);
    const count = Math.floor(params.driverCount);
    for (let k = 0; k < count && k < ranked.length; k++) {
      const v = ranked[k] as (typeof ranked)[number];
      drivers.push({
        eventId: v.eventId,
        eventType: v.eventType,
        assetId: v.assetId,
        channel: v.channel,
        share: v.weight / total,
      });
    }
  }

  return {
    assetId: NATIONAL_ASSET_ID,
    asOf: asOfIso,
    modelVersion: MODEL_VERSION,
    status,
    score,
    pDisruption: p,
    expectedLossKbd: expected,
    baselineKbd,
    lossShare: baselineKbd > 0 ? expected / baselineKbd : 0,
    p10Kbd: lossQuantile(dist, 0.1),
    p50Kbd: lossQuantile(dist, 0.5),
    p90Kbd: lossQuantile(dist, 0.9),
    disruptedKbd,
    drivers,
  };
}
