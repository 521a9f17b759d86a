import { DateTime } from 'luxon';
import { EVENT_TYPES, EVENT_SIGN } from '../events/event-type';
import type { GeoEvent, LocationPrecision } from '../events/geo-event';
import { LIBYA_REGISTRY } from '../assets/registry';
import {
  IMPACT_CHANNELS,
  ImpactColumns,
  OUTAGE_CODES,
  mapEventToColumns,
  mapEventToImpacts,
} from './map-event';
import { resolveMappingParams } from './mapping-params';
import { seededRandom } from '../../../../test/support/seeded-random';

/** Events fall between 2010 and 2025, before, during and after every control timeline. */
const EPOCH = DateTime.fromISO('2010-01-01T00:00:00', { zone: 'utc' });
const PRECISIONS: readonly LocationPrecision[] = [
  'exact',
  'facility',
  'town',
  'region',
  'country',
  'unknown',
];
const ACTORS = [
  'lna',
  'gna',
  'pfg',
  'noc',
  'local',
  'contested',
  'russia',
  'turkey',
  'wagner',
  'un',
  'LNA',
  '',
];
const ASSET_REFS = [
  ...LIBYA_REGISTRY.assets.map((a) => a.id),
  'Sidra',
  'El Sharara',
  'Hamada valve',
  'LY',
  'atlantis',
  '',
];
const NAMES = ['Es Sider', 'Tripoli', 'Hamada valve', 'Moscow', 'Zawia port', '', 'Ubari'];
// Valid but absurd: poles, antimeridian, null island, and a few places in and near Libya.
const ODD_POINTS: readonly [number, number][] = [
  [90, 180],
  [-90, -180],
  [0, 0],
  [89.999, -179.999],
  [30.629, 18.35],
  [25, 17],
  [32.855, 12.241],
];

function randomEvent(seed: number): GeoEvent {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const type = pick(EVENT_TYPES);
  const [lat, lon] = r() < 0.3 ? pick(ODD_POINTS) : [r() * 180 - 90, r() * 360 - 180];
  const hasPoint = r() < 0.85;
  const actors = Array.from({ length: Math.floor(r() * 4) }, () => pick(ACTORS));
  const primary = r() < 0.6 ? pick([...ACTORS, ...actors]) : undefined;
  const knownAt = EPOCH.plus({ milliseconds: Math.floor(r() * 15 * 365 * 86_400_000) });
  const unit = (): number => pick([0, 1, r(), r(), r(), Number.NaN, -0.5, 1.5]);
  return {
    id: `prop:${seed}`,
    source: 'property-test',
    kind: pick(['news', 'event', 'gdelt', 'acled'] as const),
    occurredAt: knownAt,
    knownAt,
    type,
    actors,
    ...(primary === undefined ? {} : { primaryActor: primary }),
    location: {
      precision: pick(PRECISIONS),
      ...(hasPoint ? { lat, lon } : {}),
      ...(r() < 0.5 ? { name: pick(NAMES) } : {}),
      ...(r() < 0.5 ? { country: pick(['LY', 'RU', 'ly', 'TR']) } : {}),
    },
    assets: Array.from({ length: Math.floor(r() * 5) }, () => pick(ASSET_REFS)),
    severity: unit(),
    confidence: unit(),
    summary: '',
    evidence: [],
    raw: { kind: 'event', ref: String(seed), contentHash: String(seed) },
  };
}

const SEEDS = Array.from({ length: 600 }, (_, i) => 1_000 + i * 7_919);

describe('mapping any generated event', () => {
  it('never throws, and every impact names an asset in the registry with a finite intensity', () => {
    for (const seed of SEEDS) {
      const e = randomEvent(seed);
      let impacts: ReturnType<typeof mapEventToImpacts> = [];
      expect(() => (impacts = mapEventToImpacts(e, LIBYA_REGISTRY))).not.toThrow();
      for (const i of impacts) {
        expect({ seed, known: LIBYA_REGISTRY.get(i.assetId) !== undefined }).toEqual({ seed, known: true });
        expect({ seed, finite: Number.isFinite(i.intensity) }).toEqual({ seed, finite: true });
        if (i.via !== undefined)
          expect({ seed, via: LIBYA_REGISTRY.get(i.via)?.id }).toEqual({ seed, via: i.via });
      }
    }
  });

  it('is deterministic: the same event gives the same impacts', () => {
    for (const seed of SEEDS) {
      const first = JSON.stringify(mapEventToImpacts(randomEvent(seed), LIBYA_REGISTRY));
      const second = JSON.stringify(mapEventToImpacts(randomEvent(seed), LIBYA_REGISTRY));
      expect({ seed, same: first === second }).toEqual({ seed, same: true });
    }
  });

  it('keeps one impact per asset and channel, and every intensity on the side of the event’s sign', () => {
    for (const seed of SEEDS) {
      const e = randomEvent(seed);
      const impacts = mapEventToImpacts(e, LIBYA_REGISTRY);
      const keys = new Set(impacts.map((i) => `${i.assetId} ${i.channel}`));
      expect({ seed, unique: keys.size === impacts.length }).toEqual({ seed, unique: true });
      const sign = EVENT_SIGN[e.type];
      for (const i of impacts)
        expect({ seed, ok: sign === 0 ? false : i.intensity * sign >= 0 }).toEqual({ seed, ok: true });
      if (sign === 0) expect(impacts).toEqual([]);
    }
  });

  it('only reports an outage start for outage types and an outage end for restarts', () => {
    for (const seed of SEEDS) {
      const e = randomEvent(seed);
      for (const i of mapEventToImpacts(e, LIBYA_REGISTRY)) {
        if (i.outage === 'end') expect({ seed, type: e.type }).toEqual({ seed, type: 'restart' });
        if (i.outage === 'start')
          expect({
            seed,
            outageType: [
              'port_blockade',
              'field_shutdown',
              'valve_closure',
              'force_majeure_declared',
            ].includes(e.type),
          }).toEqual({ seed, outageType: true });
      }
    }
  });
});

describe('the backtest’s columns', () => {
  it('hold the very impacts mapEventToImpacts returns, in its order, without the explanations', () => {
    const columns = new ImpactColumns(LIBYA_REGISTRY);
    const params = resolveMappingParams({ minIntensity: 0.001 });
    for (const seed of SEEDS) {
      const e = randomEvent(seed);
      const impacts = mapEventToImpacts(e, LIBYA_REGISTRY, params);
      const n = mapEventToColumns(e, LIBYA_REGISTRY, params, columns);
      const read = Array.from({ length: n }, (_, k) => ({
        assetId: LIBYA_REGISTRY.assets[columns.asset[k] ?? -1]?.id,
        channel: IMPACT_CHANNELS[columns.channel[k] ?? -1],
        intensity: columns.intensity[k],
        outage: OUTAGE_CODES[columns.outage[k] ?? 0],
        via: (columns.via[k] ?? -1) < 0 ? undefined : LIBYA_REGISTRY.assets[columns.via[k] ?? -1]?.id,
      }));
      const expected = impacts.map((i) => ({
        assetId: i.assetId,
        channel: i.channel,
        intensity: i.intensity,
        outage: i.outage,
        via: i.via,
      }));
      expect({ seed, read }).toEqual({ seed, read: expected });
    }
  });
});
