import { DateTime } from 'luxon';
import type { AssetScore } from './asset-score';
import { DEFAULT_MODEL_PARAMS, MODEL_VERSION } from './model-params';
import { lossDistribution, lossExceedance, lossQuantile, scoreNational } from './national-score';
import { tinyRegistry } from './tiny-registry.fixture';

const registry = tinyRegistry();
const at = DateTime.fromISO('2020-01-20T00:00:00Z', { zone: 'utc' });

function fieldScore(assetId: string, p: number, disrupted = false): AssetScore {
  const baselineKbd = registry.get(assetId)!.baselineKbd;
  return {
    assetId,
    asOf: '2020-01-20T00:00:00.000Z',
    modelVersion: MODEL_VERSION,
    status: disrupted ? 'disrupted' : 'normal',
    score: 100 * p,
    pDisruption: p,
    hazardPerWeek: 0,
    expectedLossKbd: p * baselineKbd,
    baselineKbd,
    drivers: [{ eventId: `ev-${assetId}`, eventType: 'armed_clash', assetId, channel: 'direct', share: 1 }],
  };
}

describe('national loss distribution', () => {
  it('is the exact distribution of a sum of independent all-or-nothing field losses', () => {
    // 100 kb/d and 50 kb/d, each lost with probability 1/2: 0, 50, 100, 150 with 1/4 each.
    const d = lossDistribution(
      [
        { p: 0.5, kbd: 100 },
        { p: 0.5, kbd: 50 },
      ],
      5,
    );
    expect(d.pmf[0]).toBeCloseTo(0.25, 15);
    expect(d.pmf[10]).toBeCloseTo(0.25, 15);
    expect(d.pmf[20]).toBeCloseTo(0.25, 15);
    expect(d.pmf[30]).toBeCloseTo(0.25, 15);
    expect(lossQuantile(d, 0.1)).toBe(0);
    expect(lossQuantile(d, 0.5)).toBe(50);
    expect(lossQuantile(d, 0.9)).toBe(150);
    expect(lossExceedance(d, 36)).toBeCloseTo(0.75, 15);
    expect(lossExceedance(d, 150)).toBeCloseTo(0.25, 15);
  });

  it('is a point mass when every loss is certain', () => {
    const d = lossDistribution(
      [
        { p: 1, kbd: 100 },
        { p: 1, kbd: 30 },
      ],
      5,
    );
    expect(lossQuantile(d, 0.1)).toBe(130);
    expect(lossQuantile(d, 0.9)).toBe(130);
  });
});

describe('scoreNational', () => {
  it('counts barrels once: only fields enter the national loss, terminals do not', () => {
    const scores = [
      fieldScore('land-field', 0.5),
      fieldScore('desert-field', 0.5),
      fieldScore('sea-field', 0),
      { ...fieldScore('land-field', 1), assetId: 'east-port', baselineKbd: 100, expectedLossKbd: 100 },
    ];
    const n = scoreNational(scores, registry, at, DEFAULT_MODEL_PARAMS);
    expect(n.assetId).toBe('LY');
    expect(n.expectedLossKbd).toBeCloseTo(75, 12);
    expect(n.baselineKbd).toBe(180);
    expect(n.lossShare).toBeCloseTo(75 / 180, 12);
    expect([n.p10Kbd, n.p50Kbd, n.p90Kbd]).toEqual([0, 50, 150]);
    // P(loss >= 20 % of 180 = 36 kb/d) = 3/4.
    expect(n.pDisruption).toBeCloseTo(0.75, 12);
    expect(n.score).toBeCloseTo(75, 10);
    expect(n.modelVersion).toBe(MODEL_VERSION);
  });

  it('is disrupted when disrupted fields carry at least the national disruption share', () => {
    const n = scoreNational(
      [fieldScore('land-field', 1, true), fieldScore('desert-field', 0), fieldScore('sea-field', 0)],
      registry,
      at,
      DEFAULT_MODEL_PARAMS,
    );
    expect(n.status).toBe('disrupted');
    expect(n.disruptedKbd).toBe(100);
    expect(n.expectedLossKbd).toBe(100);
  });

  it('names as drivers the events behind the largest expected losses', () => {
    const n = scoreNational(
      [fieldScore('land-field', 0.4), fieldScore('desert-field', 0.2), fieldScore('sea-field', 0)],
      registry,
      at,
      DEFAULT_MODEL_PARAMS,
    );
    expect(n.drivers.map((d) => d.eventId)).toEqual(['ev-land-field', 'ev-desert-field']);
    expect(n.drivers[0]!.share).toBeCloseTo(40 / 50, 12);
  });

  it('names an event by the asset and channel through which it weighs most, not by the first field listing it', () => {
    // One event: a sliver of the first field's risk by faction, most of the second field's
    // through the terminal it closed (the way a force majeure at Es Sider reaches the fields behind it).
    const via = (
      score: AssetScore,
      assetId: string,
      channel: 'faction' | 'pipeline',
      share: number,
    ): AssetScore => ({
      ...score,
      drivers: [{ eventId: 'ev-closure', eventType: 'port_blockade', assetId, channel, share }],
    });
    const n = scoreNational(
      [
        via(fieldScore('sea-field', 0.5), 'sea-field', 'faction', 0.05),
        via(fieldScore('land-field', 0.9), 'port', 'pipeline', 1),
      ],
      registry,
      at,
      DEFAULT_MODEL_PARAMS,
    );
    expect(n.drivers).toEqual([
      expect.objectContaining({ eventId: 'ev-closure', assetId: 'port', channel: 'pipeline', share: 1 }),
    ]);
  });
});
