import { averagePrecision, brierScore, calibrationTable, rocAuc } from './probability-metrics';

describe('Brier score and skill', () => {
  it('matches a hand computation: (0 + 0 + 0.25) / 3 against a 2/3 base rate', () => {
    const r = brierScore([1, 0, 0.5], [1, 0, 1]);
    expect(r.brier).toBeCloseTo(0.25 / 3, 15);
    expect(r.baseRate).toBeCloseTo(2 / 3, 15);
    expect(r.reference).toBeCloseTo(2 / 9, 15);
    expect(r.skill).toBeCloseTo(1 - 0.25 / 3 / (2 / 9), 12);
  });

  it('gives no skill when the sample has only one class: skill against climatology is undefined', () => {
    expect(brierScore([0.1, 0.2], [0, 0]).skill).toBeNull();
  });

  it('forecasting the base rate everywhere has skill 0', () => {
    expect(brierScore([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0]).skill).toBeCloseTo(0, 15);
  });
});

describe('ROC-AUC', () => {
  it('is the share of (positive, negative) pairs ranked the right way: 3 of 4', () => {
    expect(rocAuc([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0])).toBeCloseTo(0.75, 15);
  });

  it('counts ties as one half', () => {
    expect(rocAuc([0.5, 0.5], [1, 0])).toBeCloseTo(0.5, 15);
  });

  it('is undefined without both classes', () => {
    expect(rocAuc([0.5, 0.2], [0, 0])).toBeNull();
  });
});

describe('average precision', () => {
  it('averages precision at each positive: (1 + 2/3) / 2', () => {
    expect(averagePrecision([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 15);
  });
});

describe('calibration table', () => {
  it('puts forecasts in equal bins with their observed frequency', () => {
    const t = calibrationTable([0.05, 0.05, 0.95, 1], [0, 1, 1, 1], 10);
    expect(t).toHaveLength(10);
    expect(t[0]).toEqual({ from: 0, to: 0.1, count: 2, meanForecast: 0.05, observedRate: 0.5 });
    expect(t[9]).toEqual({ from: 0.9, to: 1, count: 2, meanForecast: 0.975, observedRate: 1 });
    expect(t[5]!.meanForecast).toBeNull();
  });
});
