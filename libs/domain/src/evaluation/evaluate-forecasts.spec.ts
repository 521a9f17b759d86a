import { evaluateForecasts, type AssetForecasts } from './evaluate-forecasts';
import { realisedOutageIntervals, type Outcome } from './realised-outages';

const DAY = 86_400_000;
const jan = (d: number): number => Date.UTC(2020, 0, d);
const steps = Array.from({ length: 20 }, (_, i) => jan(i + 1));
const routes: Record<string, readonly string[]> = { field: ['port'], port: [], sea: [] };
const routesOf = {
  nextHops: (id: string): readonly string[] => routes[id] ?? [],
  chokepointsOn: (): readonly string[] => [],
};

/** p per step from a map of day-of-January -> p, 0.01 elsewhere; 1 and disrupted on the given days. */
function forecasts(
  assetId: string,
  high: Record<number, number>,
  disruptedDays: readonly number[] = [],
): AssetForecasts {
  const p = steps.map((_, i) => (disruptedDays.includes(i + 1) ? 1 : (high[i + 1] ?? 0.01)));
  return { assetId, p, disrupted: steps.map((_, i) => (disruptedDays.includes(i + 1) ? 1 : 0)) };
}

// The port is recorded out 10-15 Jan; the field behind it is out with it; the offshore field never is.
const outcomes: Outcome[] = [
  { assetId: 'port', startMs: jan(10), endMs: jan(15), lostKbd: 100, source: 'spec' },
];
const outDays = [10, 11, 12, 13, 14];
const series = {
  stepsMs: steps,
  assets: [
    forecasts('port', { 7: 0.5, 8: 0.5, 9: 0.5 }, outDays),
    forecasts('field', { 8: 0.5, 9: 0.5 }, outDays),
    forecasts('sea', { 3: 0.6, 4: 0.6 }),
  ],
};
const options = {
  horizonHours: 72,
  thresholds: [40],
  alertThreshold: 40,
  leadWindowHours: 30 * 24,
  calibrationBins: 10,
};

describe('realised outages', () => {
  it('carry a recorded terminal closure onto the field behind it, not onto an unconnected field', () => {
    const iv = realisedOutageIntervals(outcomes, ['field', 'port', 'sea'], routesOf);
    expect(iv.get('field')).toEqual([{ startMs: jan(10), endMs: jan(15) }]);
    expect(iv.get('sea')).toEqual([]);
  });

  it('merge back-to-back records and keep an ongoing outage open', () => {
    const iv = realisedOutageIntervals(
      [
        { assetId: 'port', startMs: jan(1), endMs: jan(5), lostKbd: 1, source: 'a' },
        { assetId: 'port', startMs: jan(5), endMs: null, lostKbd: 1, source: 'b' },
      ],
      ['port'],
      routesOf,
    );
    expect(iv.get('port')).toEqual([{ startMs: jan(1), endMs: Number.POSITIVE_INFINITY }]);
  });
});

describe('evaluateForecasts on a hand-worked case', () => {
  const e = evaluateForecasts(series, outcomes, routesOf, options);

  it('scores only steps where the asset was not already out, labelled by an outage start within the horizon', () => {
    // port and field: 20 - 5 days out = 15 each; sea 20. Positives: 7, 8, 9 Jan for port and field.
    expect(e.samples).toBe(50);
    expect(e.positives).toBe(6);
    expect(e.baseRate).toBeCloseTo(6 / 50, 15);
  });

  it('reports the lead time from the first alert of the run before the outage', () => {
    expect(e.outages).toEqual([
      {
        assetId: 'port',
        start: '2020-01-10T00:00:00.000Z',
        end: '2020-01-15T00:00:00.000Z',
        lostKbd: 100,
        source: 'spec',
        warned: true,
        alreadyOutSince: null,
        firstAlert: '2020-01-07T00:00:00.000Z',
        leadTimeHours: 72,
        detectedAt: '2020-01-10T00:00:00.000Z',
        detectionLagHours: 0,
      },
    ]);
  });

  it('counts hits, misses and false alarms per threshold', () => {
    expect(e.thresholds).toEqual([
      {
        threshold: 40,
        hits: 1,
        misses: 0,
        // sea's alert on 3-4 Jan led to nothing; port's and field's did.
        falseAlarms: 1,
        alertEpisodes: 3,
        probabilityOfDetection: 5 / 6,
        probabilityOfFalseDetection: 2 / 44,
        precision: 5 / 7,
      },
    ]);
  });

  it('misses an outage whose asset never crossed the threshold', () => {
    const quiet = { stepsMs: steps, assets: [forecasts('port', {}, outDays)] };
    const r = evaluateForecasts(quiet, outcomes, routesOf, options);
    expect(r.thresholds[0]).toMatchObject({ hits: 0, misses: 1 });
    expect(r.outages[0]).toMatchObject({ warned: false, firstAlert: null, leadTimeHours: null });
    // Every forecast ties at 0.01: no discrimination at all.
    expect(r.rocAuc).toBeCloseTo(0.5, 15);
  });

  it('leaves an outage that began while the asset was already out out of hits and misses', () => {
    // The field's own record starts on 12 Jan, inside the port's closure (10-15 Jan) that
    // already stopped it: no step of that stretch is scored, so nothing could warn of it.
    const fieldToo: Outcome = {
      assetId: 'field',
      startMs: jan(12),
      endMs: jan(14),
      lostKbd: 50,
      source: 'own',
    };
    const r = evaluateForecasts(series, [...outcomes, fieldToo], routesOf, options);
    expect(r.thresholds[0]).toMatchObject({ hits: 1, misses: 0 });
    expect(r.outages.map((o) => [o.assetId, o.warned, o.alreadyOutSince])).toEqual([
      ['port', true, null],
      ['field', false, '2020-01-10T00:00:00.000Z'],
    ]);
    expect(r.outages[1]).toMatchObject({ leadTimeHours: null, detectedAt: null, detectionLagHours: null });
    // The samples are those of the port's closure alone: the field was out from 10 Jan either way.
    expect(r.samples).toBe(e.samples);
  });

  it('leaves out outages that start outside the scored period', () => {
    const early: Outcome = {
      assetId: 'port',
      startMs: jan(1) - 10 * DAY,
      endMs: jan(1) - 5 * DAY,
      lostKbd: 1,
      source: 'old',
    };
    const r = evaluateForecasts(series, [...outcomes, early], routesOf, options);
    expect(r.outages).toHaveLength(1);
    expect(r.outagesOutsidePeriod).toBe(1);
  });

  it('has a Brier score, a skill and an AUC that reward the warnings', () => {
    expect(e.brierSkill!).toBeGreaterThan(0);
    // 5 positives at 0.5 beat 42 negatives at 0.01 and lose to 2 at 0.6; 1 positive at 0.01 ties 42 and loses 2.
    expect(e.rocAuc).toBeCloseTo((5 * 42 + 0.5 * 42) / (6 * 44), 15);
  });

  it("does not take the model's `disrupted` left over from an outage that has ended for a warning of the next", () => {
    // The port reopens on 15 Jan by the record; the model learns of it only on 17 Jan, and the
    // port closes again on 18 Jan. The model's p of 1 on 15-16 Jan says "still out", not
    // "will go out": no warning, no alert episode; Brier keeps those steps at p = 1.
    const again: Outcome = {
      assetId: 'port',
      startMs: jan(18),
      endMs: jan(19),
      lostKbd: 100,
      source: 'again',
    };
    const late = {
      stepsMs: steps,
      assets: [forecasts('port', { 7: 0.5, 8: 0.5, 9: 0.5 }, [...outDays, 15, 16])],
    };
    const r = evaluateForecasts(late, [...outcomes, again], routesOf, options);
    expect(r.staleDisruptedSteps).toBe(2);
    expect(r.outages.map((o) => [o.start.slice(0, 10), o.warned, o.firstAlert])).toEqual([
      ['2020-01-10', true, '2020-01-07T00:00:00.000Z'],
      ['2020-01-18', false, null],
    ]);
    expect(r.thresholds[0]).toMatchObject({ hits: 1, misses: 1, falseAlarms: 0, alertEpisodes: 1 });
    // Step level without the stale steps: 3 of the 4 other positives (7-9 and 17 Jan) alerted.
    expect(r.thresholds[0]).toMatchObject({ probabilityOfDetection: 3 / 4, precision: 1 });
    // 20 steps, 5 + 1 out by the record; 15-17 Jan are positives for the 18 Jan closure.
    expect(r.samples).toBe(14);
    expect(r.positives).toBe(6);
    // The hand-worked case has nothing stale: its model turns `disrupted` only while out.
    expect(e.staleDisruptedSteps).toBe(0);
  });
});
