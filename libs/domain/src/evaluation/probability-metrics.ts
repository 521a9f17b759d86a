/**
 * Proper scores and discrimination measures for probability forecasts of a binary
 * outcome (an outage starting within the horizon). Pure; inputs are parallel arrays.
 * Outages are rare, so accuracy is never reported: a model that always says "no" is
 * almost always right.
 */

export interface BrierResult {
  /** Mean squared error of the probabilities, 0 (perfect) .. 1. */
  readonly brier: number;
  /** Share of positives in the sample: the climatological forecast. */
  readonly baseRate: number;
  /** Brier score of always forecasting the base rate = baseRate x (1 - baseRate). */
  readonly reference: number;
  /** 1 - brier / reference; > 0 beats climatology; null when the sample has one class only. */
  readonly skill: number | null;
}

export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): BrierResult {
  const n = p.length;
  if (n === 0) return { brier: 0, baseRate: 0, reference: 0, skill: null };
  let se = 0;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const d = (p[i] ?? 0) - (y[i] ?? 0);
    se += d * d;
    pos += y[i] ?? 0;
  }
  const brier = se / n;
  const baseRate = pos / n;
  const reference = baseRate * (1 - baseRate);
  return { brier, baseRate, reference, skill: reference > 0 ? 1 - brier / reference : null };
}

/** Sample indices ordered by probability, descending; ties in input order (stable). */
function byProbabilityDesc(p: ArrayLike<number>): number[] {
  const idx = Array.from({ length: p.length }, (_, i) => i);
  return idx.sort((a, b) => (p[b] ?? 0) - (p[a] ?? 0) || a - b);
}

/**
 * Area under the ROC curve: the probability that a random positive gets a higher
 * forecast than a random negative, ties counting one half (Mann-Whitney). Null when
 * either class is empty.
 */
export function rocAuc(p: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const order = byProbabilityDesc(p);
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i++) {
    if ((y[i] ?? 0) > 0) pos++;
    else neg++;
  }
  if (pos === 0 || neg === 0) return null;
  // Walk groups of tied probabilities from the top; every negative below a positive is a win.
  let negAbove = 0;
  let wins = 0;
  let i = 0;
  while (i < order.length) {
    const v = p[order[i] ?? 0] ?? 0;
    let gPos = 0;
    let gNeg = 0;
    let j = i;
    while (j < order.length && (p[order[j] ?? 0] ?? 0) === v) {
      if ((y[order[j] ?? 0] ?? 0) > 0) gPos++;
      else gNeg++;
      j++;
    }
    // Positives in this group lose to negatives above and tie with negatives in the group.
    wins += gPos * (neg - negAbove - gNeg) + 0.5 * gPos * gNeg;
    negAbove += gNeg;
    i = j;
  }
  return wins / (pos * neg);
}

/**
 * Average precision (area under the precision-recall curve, step-wise), the measure
 * ViEWS prefers for rare events. Tied probabilities are one threshold. Null with no positives.
 */
export function averagePrecision(p: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const order = byProbabilityDesc(p);
  let pos = 0;
  for (let i = 0; i < y.length; i++) if ((y[i] ?? 0) > 0) pos++;
  if (pos === 0) return null;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let i = 0;
  while (i < order.length) {
    const v = p[order[i] ?? 0] ?? 0;
    let gPos = 0;
    let j = i;
    while (j < order.length && (p[order[j] ?? 0] ?? 0) === v) {
      if ((y[order[j] ?? 0] ?? 0) > 0) gPos++;
      j++;
    }
    seen += j - i;
    tp += gPos;
    ap += (gPos / pos) * (tp / seen);
    i = j;
  }
  return ap;
}

export interface CalibrationBin {
  /** Forecast range [from, to) (the last bin includes 1). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** Mean forecast in the bin; null when empty. */
  readonly meanForecast: number | null;
  /** Share of positives in the bin; null when empty. */
  readonly observedRate: number | null;
}

/** Reliability table: equal-width probability bins, forecast against observed frequency. */
export function calibrationTable(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i++) {
    const v = p[i] ?? 0;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    count[b] = (count[b] ?? 0) + 1;
    sumP[b] = (sumP[b] ?? 0) + v;
    sumY[b] = (sumY[b] ?? 0) + (y[i] ?? 0);
  }
  return count.map((c, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count: c,
    meanForecast: c > 0 ? (sumP[b] ?? 0) / c : null,
    observedRate: c > 0 ? (sumY[b] ?? 0) / c : null,
  }));
}
