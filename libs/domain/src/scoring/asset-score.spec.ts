import { DateTime } from 'luxon';
import { applyImpact, decayedIntensity, emptyAssetState, hazardAt, type AssetState } from './asset-state';
import { probabilityFromHazard, scoreAsset, type AssetScore } from './asset-score';
import { impactFixture } from './impact.fixture';
import { DEFAULT_MODEL_PARAMS, MODEL_VERSION, withModelParams, type ModelParams } from './model-params';
import { tinyRegistry } from './tiny-registry.fixture';
import type { Impact } from '../mapping/impact';

const registry = tinyRegistry();
const params: ModelParams = DEFAULT_MODEL_PARAMS;

/** Applies impacts in order to per-asset states, the way the backtest and the streaming scorer do. */
function run(impacts: readonly Impact[], p: ModelParams = params): Map<string, AssetState> {
  const states = new Map<string, AssetState>();
  for (const i of impacts) {
    const asset = registry.get(i.assetId)!;
    states.set(i.assetId, applyImpact(states.get(i.assetId) ?? emptyAssetState(i.assetId), i, asset, p));
  }
  return states;
}

function score(
  states: Map<string, AssetState>,
  assetId: string,
  at: string,
  p: ModelParams = params,
): AssetScore {
  const asset = registry.get(assetId)!;
  return scoreAsset(
    states.get(assetId) ?? emptyAssetState(assetId),
    asset,
    DateTime.fromISO(at, { zone: 'utc' }),
    p,
    registry,
    (id) => states.get(id),
  );
}

describe('hazard and probability', () => {
  it('an impact contributes half its intensity after one half-life of its event type', () => {
    const states = run([
      impactFixture({
        eventId: 'e1',
        assetId: 'sea-field',
        at: '2020-01-01T00:00:00Z',
        eventType: 'armed_clash',
        intensity: 2,
      }),
    ]);
    const c = states.get('sea-field')!.contributions[0]!;
    const halfLifeMs = params['halfLifeHours.armed_clash'] * 3_600_000;
    expect(decayedIntensity(c, c.atMs + halfLifeMs)).toBeCloseTo(1, 12);
    expect(decayedIntensity(c, c.atMs - 1)).toBe(0);
  });

  it('the probability of a disruption within the horizon is 1 - exp(-hazard x horizon)', () => {
    const states = run([
      impactFixture({ eventId: 'e1', assetId: 'sea-field', at: '2020-01-01T00:00:00Z', intensity: 0.5 }),
    ]);
    const s = score(states, 'sea-field', '2020-01-01T00:00:00Z');
    const hazard = 0.5 + params.baselineHazardPerWeek;
    expect(s.hazardPerWeek).toBeCloseTo(hazard, 12);
    expect(s.pDisruption).toBeCloseTo(1 - Math.exp(-hazard * (params.horizonDays / 7)), 12);
    expect(s.score).toBeCloseTo(100 * s.pDisruption, 12);
    expect(s.expectedLossKbd).toBeCloseTo(30 * s.pDisruption, 12);
    expect(s.modelVersion).toBe(MODEL_VERSION);
  });

  it('de-escalation cancels escalation but never pushes the hazard below the baseline', () => {
    const states = run([
      impactFixture({ eventId: 'threat', assetId: 'sea-field', at: '2020-01-01T00:00:00Z', intensity: 0.4 }),
      impactFixture({
        eventId: 'truce',
        assetId: 'sea-field',
        at: '2020-01-01T01:00:00Z',
        eventType: 'ceasefire_agreed',
        intensity: -3,
      }),
    ]);
    expect(hazardAt(states.get('sea-field')!, Date.UTC(2020, 0, 1, 2), params)).toBe(
      params.baselineHazardPerWeek,
    );
    expect(score(states, 'sea-field', '2020-01-01T02:00:00Z').hazardPerWeek).toBe(
      params.baselineHazardPerWeek,
    );
    expect(score(states, 'sea-field', '2020-01-01T02:00:00Z').status).toBe('normal');
  });

  it('an asset with no events scores the baseline hazard and is normal', () => {
    const s = score(new Map(), 'sea-field', '2020-01-01T00:00:00Z');
    expect(s.pDisruption).toBeCloseTo(probabilityFromHazard(params.baselineHazardPerWeek, params), 15);
    expect(s.status).toBe('normal');
    expect(s.drivers).toEqual([]);
  });

  it('statuses follow the documented thresholds', () => {
    // Hazards chosen to land just above each threshold.
    const toHazard = (scorePct: number): number =>
      -Math.log(1 - scorePct / 100) / (params.horizonDays / 7) - params.baselineHazardPerWeek;
    const at = '2020-01-01T00:00:00Z';
    const cases: [number, string][] = [
      [params['threshold.elevated'] - 1, 'normal'],
      [params['threshold.elevated'] + 0.5, 'elevated'],
      [params['threshold.high'] + 0.5, 'high'],
      [params['threshold.critical'] + 0.5, 'critical'],
    ];
    for (const [pct, status] of cases) {
      const states = run([
        impactFixture({ eventId: 'e', assetId: 'sea-field', at, intensity: toHazard(pct) }),
      ]);
      expect(score(states, 'sea-field', at).status).toBe(status);
    }
  });
});

describe('outages', () => {
  it('a reported shut-in is disrupted with probability 1 and the whole baseline lost, however long it lasts', () => {
    const states = run([
      impactFixture({
        eventId: 'fm',
        assetId: 'sea-field',
        at: '2020-01-18T00:00:00Z',
        eventType: 'field_shutdown',
        outage: 'start',
      }),
    ]);
    const s = score(states, 'sea-field', '2020-09-01T00:00:00Z');
    expect(s.status).toBe('disrupted');
    expect(s.pDisruption).toBe(1);
    expect(s.expectedLossKbd).toBe(30);
    expect(s.outage).toEqual({ sinceMs: Date.UTC(2020, 0, 18), causes: ['sea-field'] });
    expect(s.drivers).toEqual([
      { eventId: 'fm', eventType: 'field_shutdown', assetId: 'sea-field', channel: 'direct', share: 1 },
    ]);
  });

  it('a restart signal ends the outage', () => {
    const shut = impactFixture({
      eventId: 'fm',
      assetId: 'sea-field',
      at: '2020-01-18T00:00:00Z',
      eventType: 'field_shutdown',
      outage: 'start',
    });
    const up = impactFixture({
      eventId: 'up',
      assetId: 'sea-field',
      at: '2020-03-01T00:00:00Z',
      eventType: 'restart',
      intensity: -0.5,
      outage: 'end',
    });
    expect(score(run([shut]), 'sea-field', '2020-02-29T23:00:00Z').status).toBe('disrupted');
    const after = score(run([shut, up]), 'sea-field', '2020-03-01T00:00:00Z');
    expect(after.status).not.toBe('disrupted');
    expect(after.outage).toBeUndefined();
  });

  it('a closed terminal disrupts the field behind it and not a field loading elsewhere', () => {
    const states = run([
      impactFixture({
        eventId: 'fm',
        assetId: 'east-port',
        at: '2020-01-18T00:00:00Z',
        eventType: 'port_blockade',
        outage: 'start',
      }),
    ]);
    const land = score(states, 'land-field', '2020-01-20T00:00:00Z');
    expect(land.status).toBe('disrupted');
    expect(land.expectedLossKbd).toBe(100);
    expect(land.outage?.causes).toEqual(['east-port']);
    expect(land.drivers[0]).toMatchObject({ eventId: 'fm', assetId: 'east-port' });
    expect(score(states, 'sea-field', '2020-01-20T00:00:00Z').status).toBe('normal');
    expect(score(states, 'desert-field', '2020-01-20T00:00:00Z').status).toBe('normal');
  });

  it('a closure two hops down the route (pipeline -> terminal) reaches the field', () => {
    const states = run([
      impactFixture({
        eventId: 'fm',
        assetId: 'west-port',
        at: '2020-01-18T00:00:00Z',
        eventType: 'port_blockade',
        outage: 'start',
      }),
    ]);
    expect(score(states, 'desert-field', '2020-01-19T00:00:00Z').status).toBe('disrupted');
    expect(score(states, 'desert-line', '2020-01-19T00:00:00Z').status).toBe('disrupted');
  });

  it('a closed valve stops the line it sits on and so the field behind it, with no impact on the field itself', () => {
    const states = run([
      impactFixture({
        eventId: 'shut',
        assetId: 'valve',
        at: '2020-01-19T00:00:00Z',
        eventType: 'valve_closure',
        outage: 'start',
      }),
    ]);
    const field = score(states, 'desert-field', '2020-01-20T00:00:00Z');
    expect(field.status).toBe('disrupted');
    expect(field.outage?.causes).toEqual(['valve']);
    expect(score(states, 'land-field', '2020-01-20T00:00:00Z').status).toBe('normal');
  });

  it('a restart at the valve ends only the outages the valve caused; a field shut in its own right stays shut', () => {
    const states = run([
      impactFixture({
        eventId: 'valve-shut',
        assetId: 'valve',
        at: '2020-01-19T00:00:00Z',
        eventType: 'valve_closure',
        outage: 'start',
      }),
      impactFixture({
        eventId: 'valve-shut',
        assetId: 'desert-field',
        at: '2020-01-19T00:00:00Z',
        eventType: 'valve_closure',
        channel: 'pipeline',
        outage: 'start',
        via: 'valve',
      }),
      impactFixture({
        eventId: 'field-seized',
        assetId: 'desert-field',
        at: '2020-01-20T00:00:00Z',
        eventType: 'field_shutdown',
        outage: 'start',
      }),
      impactFixture({
        eventId: 'valve-open',
        assetId: 'valve',
        at: '2020-06-05T00:00:00Z',
        eventType: 'restart',
        intensity: -0.2,
        outage: 'end',
      }),
      impactFixture({
        eventId: 'valve-open',
        assetId: 'desert-field',
        at: '2020-06-05T00:00:00Z',
        eventType: 'restart',
        channel: 'pipeline',
        intensity: -0.2,
        outage: 'end',
        via: 'valve',
      }),
    ]);
    const field = score(states, 'desert-field', '2020-06-06T00:00:00Z');
    expect(field.status).toBe('disrupted');
    expect(field.outage?.causes).toEqual(['desert-field']);
    expect(score(states, 'valve', '2020-06-06T00:00:00Z').status).not.toBe('disrupted');
  });
});

describe('risk carried along the route', () => {
  it("a terminal's risk is carried onto the field behind it: their hazards add up", () => {
    const at = '2020-01-15T00:00:00Z';
    const states = run([
      impactFixture({ eventId: 'threat-port', assetId: 'east-port', at, intensity: 0.3 }),
      impactFixture({ eventId: 'clash-field', assetId: 'land-field', at, intensity: 0.1 }),
    ]);
    const field = score(states, 'land-field', at);
    expect(field.hazardPerWeek).toBeCloseTo(params.baselineHazardPerWeek + 0.4, 12);
    expect(field.pDisruption).toBeCloseTo(
      probabilityFromHazard(params.baselineHazardPerWeek + 0.4, params),
      12,
    );
    expect(field.drivers.map((d) => d.eventId)).toEqual(['threat-port', 'clash-field']);
    expect(field.drivers[0]!.share).toBeCloseTo(0.75, 12);
    expect(field.drivers[0]!.assetId).toBe('east-port');
    expect(score(states, 'sea-field', at).pDisruption).toBeLessThan(field.pDisruption);
  });

  it('counts an event that reaches both a field and its terminal once, at its larger contribution', () => {
    const at = '2020-01-15T00:00:00Z';
    const states = run([
      impactFixture({
        eventId: 'walk-out',
        assetId: 'east-port',
        at,
        eventType: 'talks_failed',
        channel: 'faction',
        intensity: 0.2,
      }),
      impactFixture({
        eventId: 'walk-out',
        assetId: 'land-field',
        at,
        eventType: 'talks_failed',
        channel: 'faction',
        intensity: 0.15,
      }),
    ]);
    expect(score(states, 'land-field', at).hazardPerWeek).toBeCloseTo(params.baselineHazardPerWeek + 0.2, 12);
  });

  it('carries a terminal’s risk two hops up the route, through the line, in full', () => {
    const at = '2020-01-15T00:00:00Z';
    const states = run([impactFixture({ eventId: 'threat', assetId: 'west-port', at, intensity: 0.4 })]);
    // desert-field -> desert-line -> west-port: one outlet each, so the whole risk arrives.
    expect(score(states, 'desert-field', at).hazardPerWeek).toBeCloseTo(
      params.baselineHazardPerWeek + 0.4,
      12,
    );
  });

  it('with routeRiskWeight 0 a terminal threat stays at the terminal, but its closure still stops the field', () => {
    const p = withModelParams(params, { routeRiskWeight: 0 });
    if (!p.ok) throw new Error(p.rejection.reason);
    const at = '2020-01-15T00:00:00Z';
    const threat = run([impactFixture({ eventId: 't', assetId: 'east-port', at, intensity: 2 })], p.value);
    expect(score(threat, 'land-field', at, p.value).pDisruption).toBeCloseTo(
      probabilityFromHazard(params.baselineHazardPerWeek, params),
      12,
    );
    const closed = run([impactFixture({ eventId: 'c', assetId: 'east-port', at, outage: 'start' })], p.value);
    expect(score(closed, 'land-field', at, p.value).status).toBe('disrupted');
  });
});

describe('state', () => {
  it('survives a JSON round trip: a restored state scores exactly as the live one', () => {
    const impacts = [
      impactFixture({ eventId: 'a', assetId: 'east-port', at: '2020-01-10T00:00:00Z', intensity: 0.3 }),
      impactFixture({ eventId: 'b', assetId: 'land-field', at: '2020-01-11T00:00:00Z', intensity: 0.2 }),
      impactFixture({
        eventId: 'c',
        assetId: 'land-field',
        at: '2020-01-12T00:00:00Z',
        outage: 'start',
        eventType: 'field_shutdown',
      }),
    ];
    const live = run(impacts);
    const restored = new Map([...live].map(([k, v]) => [k, JSON.parse(JSON.stringify(v)) as AssetState]));
    for (const id of ['east-port', 'land-field']) {
      expect(score(restored, id, '2020-01-13T00:00:00Z')).toEqual(score(live, id, '2020-01-13T00:00:00Z'));
    }
  });

  it('stays bounded: ten thousand impacts leave at most maxContributions live contributions', () => {
    const impacts: Impact[] = [];
    for (let i = 0; i < 10_000; i++) {
      impacts.push(
        impactFixture({
          eventId: `e${i}`,
          assetId: 'sea-field',
          at: DateTime.fromMillis(Date.UTC(2020, 0, 1) + i * 60_000, { zone: 'utc' }).toISO()!,
          intensity: 0.01 + (i % 7) / 100,
        }),
      );
    }
    const state = run(impacts).get('sea-field')!;
    expect(state.contributions.length).toBeLessThanOrEqual(params.maxContributions);
    expect(state.impactCount).toBe(10_000);
  });

  it('when over the cap, drops contributions decayed below the prune epsilon first', () => {
    const p = withModelParams(params, { maxContributions: 4 });
    if (!p.ok) throw new Error(p.rejection.reason);
    const states = run(
      [
        impactFixture({ eventId: 'old', assetId: 'sea-field', at: '2019-01-01T00:00:00Z', intensity: 1 }),
        impactFixture({ eventId: 'a', assetId: 'sea-field', at: '2020-01-01T00:00:00Z', intensity: 0.2 }),
        impactFixture({ eventId: 'b', assetId: 'sea-field', at: '2020-01-01T01:00:00Z', intensity: 0.3 }),
        impactFixture({ eventId: 'c', assetId: 'sea-field', at: '2020-01-01T02:00:00Z', intensity: 0.4 }),
        impactFixture({ eventId: 'd', assetId: 'sea-field', at: '2020-01-01T03:00:00Z', intensity: 0.1 }),
      ],
      p.value,
    );
    // Over the cap of 4: "old" has decayed to nothing; then the smallest go until 2 (half the cap) remain.
    expect(states.get('sea-field')!.contributions.map((c) => c.eventId)).toEqual(['b', 'c']);
  });

  it('gives the same scores bit for bit for the same impacts in the same order', () => {
    const impacts = Array.from({ length: 200 }, (_, i) =>
      impactFixture({
        eventId: `e${i}`,
        assetId: i % 2 ? 'east-port' : 'land-field',
        at: DateTime.fromMillis(Date.UTC(2020, 0, 1) + i * 3_600_000, { zone: 'utc' }).toISO()!,
        intensity: Math.sin(i),
      }),
    );
    const a = JSON.stringify(score(run(impacts), 'land-field', '2020-01-10T00:00:00Z'));
    const b = JSON.stringify(score(run(impacts), 'land-field', '2020-01-10T00:00:00Z'));
    expect(a).toBe(b);
  });
});

describe('parameters', () => {
  it('refuses an unknown parameter name and an out-of-range value, naming it', () => {
    const unknown = withModelParams(params, { halfLife: 3 });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.rejection.reason).toContain('halfLife');
    const negative = withModelParams(params, { horizonDays: -1 });
    expect(negative.ok).toBe(false);
  });

  it('takes counts (maxContributions, driverCount) as whole numbers only: 1.5 would be floored silently', () => {
    for (const bad of [{ maxContributions: 1.5 }, { driverCount: 2.5 }] as Record<string, number>[]) {
      const r = withModelParams(params, bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.rejection.reason).toContain('whole number');
    }
    expect(withModelParams(params, { maxContributions: 2, driverCount: 0 }).ok).toBe(true);
  });
});
