import { DateTime } from 'luxon';
import {
  averagePrecision,
  brierScore,
  calibrationTable,
  rocAuc,
  type CalibrationBin,
} from './probability-metrics';
import {
  insideAny,
  realisedOutageIntervals,
  startsWithin,
  type Interval,
  type Outcome,
  type RouteLookup,
} from './realised-outages';

const MS_PER_HOUR = 3_600_000;

/** Forecasts of one asset at every step: probability of a disruption within the horizon. */
export interface AssetForecasts {
  readonly assetId: string;
  /** p[i] at stepsMs[i], 0..1. */
  readonly p: ArrayLike<number>;
  /** 1 where the model said `disrupted` at that step. */
  readonly disrupted: ArrayLike<number>;
}

export interface ForecastSeries {
  /** Epoch ms (UTC), ascending, evenly spaced. */
  readonly stepsMs: ArrayLike<number>;
  readonly assets: readonly AssetForecasts[];
}

export interface EvaluationOptions {
  /** The model's horizon: a forecast at t is right if an outage starts in (t, t + horizon]. */
  readonly horizonHours: number;
  /** Alert thresholds to tabulate, as scores 0..100. */
  readonly thresholds: readonly number[];
  /** The threshold lead times are reported against (score 0..100). */
  readonly alertThreshold: number;
  /** How far back before an outage a continuous alert still counts towards its lead time, hours. */
  readonly leadWindowHours: number;
  readonly calibrationBins: number;
}

export interface ThresholdResult {
  /** Score 0..100 at or above which an asset is "on alert". */
  readonly threshold: number;
  /** Recorded outages with an alert in the horizon before their start (those that began while already out left aside). */
  readonly hits: number;
  readonly misses: number;
  /**
   * Alert episodes (runs of consecutive alert steps outside outages) with no outage start
   * within the horizon after them. An alert step is a scored, not stale step (see
   * `staleDisruptedSteps`) with score >= threshold.
   */
  readonly falseAlarms: number;
  readonly alertEpisodes: number;
  /** Step-level: hits / (hits + misses) over (asset, step) samples, stale ones left out; null without positives. */
  readonly probabilityOfDetection: number | null;
  /** Step-level: false positives / negatives; null without negatives. */
  readonly probabilityOfFalseDetection: number | null;
  /** Step-level: true positives / alerts; null without alerts. */
  readonly precision: number | null;
}

export interface OutageReport {
  readonly assetId: string;
  readonly start: string;
  readonly end: string | null;
  readonly lostKbd: number;
  readonly source: string;
  /** Whether an alert (>= alertThreshold) was on within the horizon before the start. */
  readonly warned: boolean;
  /**
   * When the asset was already out at this outage's start (an earlier recorded outage of it,
   * or of the terminal or pipeline it depends on, still in force): since when (ISO). No step
   * of that stretch is scored, so the outage could not be warned of: it is left out of
   * hits and misses, and has no lead time or detection. Null otherwise.
   */
  readonly alreadyOutSince: string | null;
  /** Start of the continuous alert run that was still on before the start (ISO), within the lead window. */
  readonly firstAlert: string | null;
  /** start - firstAlert, hours. */
  readonly leadTimeHours: number | null;
  /**
   * First step, from one horizon before the start (or the end of the asset's previous
   * outage) on, at which the model turned `disrupted`.
   */
  readonly detectedAt: string | null;
  /** detectedAt - start, hours (negative: the model knew before the recorded start). */
  readonly detectionLagHours: number | null;
}

export interface Evaluation {
  readonly horizonHours: number;
  readonly alertThreshold: number;
  /** (asset, step) pairs scored: steps where the asset was not already out. */
  readonly samples: number;
  /** Samples followed by an outage start within the horizon. */
  readonly positives: number;
  readonly baseRate: number;
  readonly brier: number;
  /** Brier score of forecasting the base rate everywhere. */
  readonly brierReference: number;
  readonly brierSkill: number | null;
  readonly rocAuc: number | null;
  readonly averagePrecision: number | null;
  readonly calibration: readonly CalibrationBin[];
  /**
   * Scored steps at which the model still said `disrupted` from an outage the record says
   * had ended: it had not yet learnt of the restart. Such a step says "still out", not "will
   * go out", so it is neither an alert nor a warning of the asset's next outage (it is left
   * out of `thresholds` and of the per-outage warnings); Brier, ROC-AUC and calibration keep
   * it, at its p of 1.
   */
  readonly staleDisruptedSteps: number;
  readonly thresholds: readonly ThresholdResult[];
  /** Recorded outages starting inside the scored period, in start order. */
  readonly outages: readonly OutageReport[];
  /** Recorded outages left out because they start outside the scored period. */
  readonly outagesOutsidePeriod: number;
}

function iso(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toISO() ?? '';
}

interface Sample {
  readonly p: number;
  readonly y: number;
  /** The model still says `disrupted` from an outage the record says has ended (see `staleDisruptedSteps`). */
  readonly stale: boolean;
}

/**
 * Scores forecasts against recorded outages. Samples are (asset, step) pairs where the
 * asset is not already out (realised, with closures carried along the pipeline graph);
 * the label is 1 when an outage of that asset starts within the horizon after the step.
 */
export function evaluateForecasts(
  series: ForecastSeries,
  outcomes: readonly Outcome[],
  routesOf: RouteLookup,
  options: EvaluationOptions,
): Evaluation {
  const horizonMs = options.horizonHours * MS_PER_HOUR;
  const steps = series.stepsMs;
  const n = steps.length;
  const intervals = realisedOutageIntervals(
    outcomes,
    series.assets.map((a) => a.assetId),
    routesOf,
  );

  const p: number[] = [];
  const y: number[] = [];
  let staleDisruptedSteps = 0;
  const perAsset = new Map<
    string,
    { forecasts: AssetForecasts; samples: (Sample | null)[]; intervals: readonly Interval[] }
  >();
  for (const a of series.assets) {
    const iv = intervals.get(a.assetId) ?? [];
    const samples: (Sample | null)[] = [];
    // Whether the model's current `disrupted` run began while the record had the asset out.
    let carriedOver = false;
    for (let i = 0; i < n; i++) {
      const t = steps[i] ?? 0;
      const out = insideAny(iv, t);
      const disrupted = (a.disrupted[i] ?? 0) > 0;
      if (!disrupted) carriedOver = false;
      else if (i === 0 || (a.disrupted[i - 1] ?? 0) === 0) carriedOver = out;
      if (out) {
        samples.push(null);
        continue;
      }
      const stale = disrupted && carriedOver;
      if (stale) staleDisruptedSteps++;
      const s = { p: a.p[i] ?? 0, y: startsWithin(iv, t, horizonMs) ? 1 : 0, stale };
      samples.push(s);
      p.push(s.p);
      y.push(s.y);
    }
    perAsset.set(a.assetId, { forecasts: a, samples, intervals: iv });
  }

  const firstMs = n > 0 ? (steps[0] ?? 0) : 0;
  const lastMs = n > 0 ? (steps[n - 1] ?? 0) : 0;
  const inPeriod = outcomes
    .filter((o) => perAsset.has(o.assetId) && o.startMs > firstMs && o.startMs <= lastMs)
    .slice()
    .sort((a, b) => a.startMs - b.startMs || (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0));

  /** Index of the last step strictly before `ms`. */
  const stepBefore = (ms: number): number => {
    let lo = 0;
    let hi = n - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((steps[mid] ?? 0) < ms) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  };

  /** Outages that began while their asset was already out: the start of the realised stretch in force then. */
  const continuing = new Map<Outcome, number>();
  for (const o of inPeriod)
    for (const x of perAsset.get(o.assetId)?.intervals ?? [])
      if (x.startMs < o.startMs && o.startMs < x.endMs) {
        continuing.set(o, x.startMs);
        break;
      }

  /**
   * For one outage and threshold: the last alert step in the horizon before the start, or
   * -1. Steps where the asset was already out (a previous outage), or where the model still
   * said so (stale), cannot warn of this one.
   */
  const lastAlertBefore = (assetId: string, startMs: number, threshold: number): number => {
    const a = perAsset.get(assetId);
    if (a === undefined) return -1;
    for (let i = stepBefore(startMs); i >= 0 && (steps[i] ?? 0) >= startMs - horizonMs; i--) {
      const s = a.samples[i];
      if (s === null || s === undefined || s.stale) return -1;
      if (100 * s.p >= threshold) return i;
    }
    return -1;
  };

  const thresholds: ThresholdResult[] = options.thresholds.map((threshold) => {
    let hits = 0;
    let misses = 0;
    for (const o of inPeriod) {
      if (!perAsset.has(o.assetId) || continuing.has(o)) continue;
      if (lastAlertBefore(o.assetId, o.startMs, threshold) >= 0) hits++;
      else misses++;
    }
    let falseAlarms = 0;
    let episodes = 0;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    for (const { samples, intervals: iv } of perAsset.values()) {
      let runStart = -1;
      const closeRun = (endIdx: number): void => {
        if (runStart < 0) return;
        episodes++;
        const from = steps[runStart] ?? 0;
        const to = (steps[endIdx] ?? 0) + horizonMs;
        if (!iv.some((x) => x.startMs >= from && x.startMs <= to)) falseAlarms++;
        runStart = -1;
      };
      for (let i = 0; i < n; i++) {
        const s = samples[i];
        const scored = s !== null && s !== undefined && !s.stale;
        const alert = scored && 100 * s.p >= threshold;
        if (scored) {
          if (alert && s.y) tp++;
          else if (alert) fp++;
          else if (s.y) fn++;
          else tn++;
        }
        if (alert && runStart < 0) runStart = i;
        if (!alert) closeRun(i - 1);
      }
      closeRun(n - 1);
    }
    return {
      threshold,
      hits,
      misses,
      falseAlarms,
      alertEpisodes: episodes,
      probabilityOfDetection: tp + fn > 0 ? tp / (tp + fn) : null,
      probabilityOfFalseDetection: fp + tn > 0 ? fp / (fp + tn) : null,
      precision: tp + fp > 0 ? tp / (tp + fp) : null,
    };
  });

  const outages: OutageReport[] = inPeriod.map((o) => {
    const recorded = {
      assetId: o.assetId,
      start: iso(o.startMs),
      end: o.endMs === null ? null : iso(o.endMs),
      lostKbd: o.lostKbd,
      source: o.source,
    };
    const outSince = continuing.get(o);
    if (outSince !== undefined)
      return {
        ...recorded,
        warned: false,
        alreadyOutSince: iso(outSince),
        firstAlert: null,
        leadTimeHours: null,
        detectedAt: null,
        detectionLagHours: null,
      };
    const a = perAsset.get(o.assetId);
    const f = a?.forecasts;
    const last = lastAlertBefore(o.assetId, o.startMs, options.alertThreshold);
    let first = last;
    if (a && f && last >= 0) {
      const earliest = o.startMs - options.leadWindowHours * MS_PER_HOUR;
      while (
        first - 1 >= 0 &&
        (steps[first - 1] ?? 0) >= earliest &&
        a.samples[first - 1]?.stale === false &&
        100 * (f.p[first - 1] ?? 0) >= options.alertThreshold
      )
        first--;
    }
    // Detection: the model turning `disrupted`, searched from one horizon before the start
    // (or the end of the asset's previous outage, if later); a model still disrupted from an
    // earlier outage is only "detected" once it has said the asset was running again.
    let detected = -1;
    if (a && f) {
      const previousEnd = a.intervals.reduce(
        (m, x) => (x.endMs <= o.startMs && x.endMs > m ? x.endMs : m),
        Number.NEGATIVE_INFINITY,
      );
      const from = Math.max(0, stepBefore(Math.max(o.startMs - horizonMs, previousEnd)) + 1);
      const until = o.endMs ?? Number.POSITIVE_INFINITY;
      let wasDisrupted =
        from > 0 && (f.disrupted[from - 1] ?? 0) > 0 && previousEnd > Number.NEGATIVE_INFINITY;
      for (let i = from; i < n && (steps[i] ?? 0) < until; i++) {
        const now = (f.disrupted[i] ?? 0) > 0;
        if (now && !wasDisrupted) {
          detected = i;
          break;
        }
        wasDisrupted = now;
      }
    }
    const firstMs = first >= 0 ? (steps[first] ?? 0) : null;
    const detectedMs = detected >= 0 ? (steps[detected] ?? 0) : null;
    return {
      ...recorded,
      warned: last >= 0,
      alreadyOutSince: null,
      firstAlert: firstMs === null ? null : iso(firstMs),
      leadTimeHours: firstMs === null ? null : (o.startMs - firstMs) / MS_PER_HOUR,
      detectedAt: detectedMs === null ? null : iso(detectedMs),
      detectionLagHours: detectedMs === null ? null : (detectedMs - o.startMs) / MS_PER_HOUR,
    };
  });

  const b = brierScore(p, y);
  return {
    horizonHours: options.horizonHours,
    alertThreshold: options.alertThreshold,
    samples: p.length,
    positives: y.reduce((s, v) => s + v, 0),
    baseRate: b.baseRate,
    brier: b.brier,
    brierReference: b.reference,
    brierSkill: b.skill,
    rocAuc: rocAuc(p, y),
    averagePrecision: averagePrecision(p, y),
    calibration: calibrationTable(p, y, options.calibrationBins),
    staleDisruptedSteps,
    thresholds,
    outages,
    outagesOutsidePeriod: outcomes.filter((o) => perAsset.has(o.assetId)).length - inPeriod.length,
  };
}
