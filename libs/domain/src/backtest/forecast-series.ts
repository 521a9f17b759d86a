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

/**
 * Collects step scores into compact per-asset arrays (8 bytes per asset per step) for the
 * evaluation and the report, so the scores themselves need not be kept.
 */
export class ForecastSeriesBuilder {
  private readonly p: Float64Array[];
  private readonly disrupted: Uint8Array[];
  private readonly national: NationalSeries;
  private filled = 0;

  constructor(
    private readonly assetIds: readonly string[],
    private readonly stepsMs: Float64Array,
  ) {
    const n = stepsMs.length;
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

  /** Records the next step; steps must arrive in order and list assets in `assetIds` order. */
  add(step: StepScores): void {
    const i = this.filled++;
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

  forecasts(): ForecastSeries {
    return {
      stepsMs: this.stepsMs,
      assets: this.assetIds.map((assetId, a) => ({
        assetId,
        p: this.p[a] ?? new Float64Array(0),
        disrupted: this.disrupted[a] ?? new Uint8Array(0),
      })),
    };
  }

  nationalSeries(): NationalSeries {
    return this.national;
  }
}
