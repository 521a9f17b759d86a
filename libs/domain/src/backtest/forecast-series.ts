import type { ForecastSeries } from '../evaluation/evaluate-forecasts';
import type { StepScores } from './event-time-replay';

/** The national aggregate at every step, for charts and the summary. */
export interface NationalSeries {
  readonly expectedLossKbd: Float64Array;
  readonly p10Kbd: Float64Array;
  readonly p50Kbd: Float64Array;
  readonly p90Kbd: Float64Array;
  readonly score: Float64Array;
  readonly disrupted: Uint8Array;
}

interface MutableNationalSeries {
  expectedLossKbd: Float64Array;
  p10Kbd: Float64Array;
  p50Kbd: Float64Array;
  p90Kbd: Float64Array;
  score: Float64Array;
  disrupted: Uint8Array;
}

function grown<T extends Float64Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Collects step scores into compact per-asset arrays (8 bytes per asset per step) for the
 * evaluation and the report, so the scores themselves need not be kept. The steps are
 * those added, in order: their number need not be known in advance (the backtest may score
 * steps while it is still reading its input), though `expectedSteps` saves regrowing.
 */
export class ForecastSeriesBuilder {
  private stepsMs: Float64Array;
  private p: Float64Array[];
  private disrupted: Uint8Array[];
  private readonly national: MutableNationalSeries;
  private filled = 0;

  constructor(
    private readonly assetIds: readonly string[],
    expectedSteps = 0,
  ) {
    const n = Math.max(1, expectedSteps);
    this.stepsMs = new Float64Array(n);
    this.p = assetIds.map(() => new Float64Array(n));
    this.disrupted = assetIds.map(() => new Uint8Array(n));
    this.national = {
      expectedLossKbd: new Float64Array(n),
      p10Kbd: new Float64Array(n),
      p50Kbd: new Float64Array(n),
      p90Kbd: new Float64Array(n),
      score: new Float64Array(n),
      disrupted: new Uint8Array(n),
    };
  }

  /** Steps added so far. */
  get length(): number {
    return this.filled;
  }

  /** Records the next step; steps must arrive in time order and list assets in `assetIds` order. */
  add(step: StepScores): void {
    const i = this.filled++;
    if (i === this.stepsMs.length) this.grow(i * 2);
    this.stepsMs[i] = step.asOfMs;
    step.assets.forEach((s, a) => {
      const p = this.p[a];
      const d = this.disrupted[a];
      if (p === undefined || d === undefined) return;
      p[i] = s.pDisruption;
      d[i] = s.status === 'disrupted' ? 1 : 0;
    });
    const n = step.national;
    this.national.expectedLossKbd[i] = n.expectedLossKbd;
    this.national.p10Kbd[i] = n.p10Kbd;
    this.national.p50Kbd[i] = n.p50Kbd;
    this.national.p90Kbd[i] = n.p90Kbd;
    this.national.score[i] = n.score;
    this.national.disrupted[i] = n.status === 'disrupted' ? 1 : 0;
  }

  private grow(size: number): void {
    this.stepsMs = grown(this.stepsMs, size);
    this.p = this.p.map((a) => grown(a, size));
    this.disrupted = this.disrupted.map((a) => grown(a, size));
    const n = this.national;
    n.expectedLossKbd = grown(n.expectedLossKbd, size);
    n.p10Kbd = grown(n.p10Kbd, size);
    n.p50Kbd = grown(n.p50Kbd, size);
    n.p90Kbd = grown(n.p90Kbd, size);
    n.score = grown(n.score, size);
    n.disrupted = grown(n.disrupted, size);
  }

  /** The series of the steps added so far. */
  forecasts(): ForecastSeries {
    const n = this.filled;
    return {
      stepsMs: this.stepsMs.subarray(0, n),
      assets: this.assetIds.map((assetId, a) => ({
        assetId,
        p: (this.p[a] ?? new Float64Array(0)).subarray(0, n),
        disrupted: (this.disrupted[a] ?? new Uint8Array(0)).subarray(0, n),
      })),
    };
  }

  nationalSeries(): NationalSeries {
    const n = this.filled;
    const s = this.national;
    return {
      expectedLossKbd: s.expectedLossKbd.subarray(0, n),
      p10Kbd: s.p10Kbd.subarray(0, n),
      p50Kbd: s.p50Kbd.subarray(0, n),
      p90Kbd: s.p90Kbd.subarray(0, n),
      score: s.score.subarray(0, n),
      disrupted: s.disrupted.subarray(0, n),
    };
  }
}
