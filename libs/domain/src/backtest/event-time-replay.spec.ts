import { tinyRegistry } from '../scoring/tiny-registry.fixture';
import { DEFAULT_MODEL_PARAMS } from '../scoring/model-params';
import {
  EventTimeScorer,
  replayInEventTime,
  stepTimes,
  type StepScores,
  type TimedImpact,
} from './event-time-replay';
import { ForecastSeriesBuilder } from './forecast-series';

const registry = tinyRegistry();
const H = 3_600_000;
const t0 = Date.UTC(2020, 0, 18);

function impact(assetId: string, atMs: number, extra: Partial<TimedImpact> = {}): TimedImpact {
  return {
    eventId: `${assetId}@${atMs}`,
    eventType: 'port_blockade',
    channel: 'direct',
    intensity: 0.5,
    assetId,
    atMs,
    ...extra,
  };
}

function replay(impacts: readonly TimedImpact[], steps: Float64Array): StepScores[] {
  return [...replayInEventTime(impacts, steps, new EventTimeScorer(registry, DEFAULT_MODEL_PARAMS))];
}

const byId = (s: StepScores, id: string) => s.assets.find((a) => a.assetId === id)!;

describe('replay in event time', () => {
  const steps = stepTimes(t0, t0 + 3 * H, H);

  it('steps run from --from to --to inclusive', () => {
    expect([...steps]).toEqual([t0, t0 + H, t0 + 2 * H, t0 + 3 * H]);
  });

  it('never applies an event before it was known: a 01:30 closure shows at 02:00, not at 01:00', () => {
    const out = replay([impact('east-port', t0 + 1.5 * H, { outage: 'start' })], steps);
    expect(out.map((s) => byId(s, 'east-port').status)).toEqual([
      'normal',
      'normal',
      'disrupted',
      'disrupted',
    ]);
    expect(out[2]!.asOf).toBe('2020-01-18T02:00:00Z');
  });

  it('applies an event known exactly at a step at that step', () => {
    const out = replay([impact('east-port', t0 + H, { outage: 'start' })], steps);
    expect(byId(out[1]!, 'east-port').status).toBe('disrupted');
  });

  it('scores every registry asset and the nation at every step, barrels counted at fields', () => {
    const out = replay([impact('east-port', t0, { outage: 'start' })], steps);
    expect(out[0]!.assets.map((a) => a.assetId)).toEqual(registry.assets.map((a) => a.id));
    // land-field (100 kb/d) is behind the closed port; the other fields only carry baseline risk.
    expect(out[0]!.national.disruptedKbd).toBe(100);
    expect(out[0]!.national.expectedLossKbd).toBeGreaterThan(100);
    expect(out[0]!.national.expectedLossKbd).toBeLessThan(102);
  });

  it('ignores impacts on assets the registry does not know', () => {
    const scorer = new EventTimeScorer(registry, DEFAULT_MODEL_PARAMS);
    expect(scorer.apply(impact('atlantis', t0))).toBe(false);
  });

  it('refuses unsorted impacts rather than silently looking ahead', () => {
    expect(() => replay([impact('east-port', t0 + H), impact('east-port', t0)], steps)).toThrow('sorted');
  });

  it('is deterministic: the same impacts give the same scores, bit for bit', () => {
    const impacts = Array.from({ length: 50 }, (_, i) =>
      impact(i % 2 ? 'east-port' : 'sea-field', t0 + i * 60_000, { intensity: Math.cos(i) }),
    );
    expect(JSON.stringify(replay(impacts, steps))).toBe(JSON.stringify(replay(impacts, steps)));
  });

  it('scores the same when impacts carry their registry index, and ignores an index that names another asset', () => {
    const ids = registry.assets.map((a) => a.id);
    const impacts = Array.from({ length: 200 }, (_, i) =>
      impact(ids[i % ids.length]!, t0 + i * 60_000, {
        intensity: Math.cos(i),
        ...(i % 7 === 0 ? { outage: 'start' as const } : {}),
      }),
    );
    const indexed = impacts.map((m, i) => ({
      ...m,
      // Every fifth one points at the wrong asset: the id rules.
      assetIndex: i % 5 === 0 ? (ids.indexOf(m.assetId) + 1) % ids.length : ids.indexOf(m.assetId),
    }));
    expect(JSON.stringify(replay(indexed, steps))).toBe(JSON.stringify(replay(impacts, steps)));
  });

  it('collects compact per-asset series for the evaluation', () => {
    // Fewer expected than added: the builder grows.
    const builder = new ForecastSeriesBuilder(
      registry.assets.map((a) => a.id),
      1,
    );
    for (const s of replay([impact('east-port', t0 + 1.5 * H, { outage: 'start' })], steps)) builder.add(s);
    expect(Array.from(builder.forecasts().stepsMs)).toEqual(Array.from(steps));
    const port = builder.forecasts().assets.find((a) => a.assetId === 'east-port')!;
    expect(Array.from(port.disrupted)).toEqual([0, 0, 1, 1]);
    expect(port.p[3]).toBe(1);
    expect(builder.nationalSeries().expectedLossKbd[3]).toBeGreaterThan(100);
  });
});
