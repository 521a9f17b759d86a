import { DateTime } from 'luxon';
import type { EventType } from '../events/event-type';
import type { GeoEvent, GeoLocation } from '../events/geo-event';
import { LIBYA_REGISTRY } from '../assets/registry';
import type { Impact, ImpactChannel } from './impact';
import { DEFAULT_MAPPING_PARAMS, mapEventToImpacts } from './map-event';

const JAN_14 = DateTime.fromISO('2020-01-14T06:00:00', { zone: 'utc' });

function event(type: EventType, over: Partial<GeoEvent> = {}): GeoEvent {
  return {
    id: `event:${type}`,
    source: 'crescent-analyst',
    kind: 'event',
    occurredAt: JAN_14,
    knownAt: JAN_14,
    type,
    actors: [],
    location: { precision: 'unknown' },
    assets: [],
    severity: 0.8,
    confidence: 0.9,
    summary: type,
    evidence: [],
    raw: { kind: 'event', ref: type, contentHash: type },
    ...over,
  };
}

const on = (impacts: readonly Impact[], assetId: string, channel?: ImpactChannel): Impact[] =>
  impacts.filter((i) => i.assetId === assetId && (channel === undefined || i.channel === channel));
const total = (impacts: readonly Impact[], assetId: string): number =>
  on(impacts, assetId).reduce((s, i) => s + i.intensity, 0);
const one = (impacts: readonly Impact[], assetId: string, channel: ImpactChannel): Impact => {
  const found = on(impacts, assetId, channel);
  expect({ assetId, channel, count: found.length }).toEqual({ assetId, channel, count: 1 });
  return found[0]!;
};

const MOSCOW: GeoLocation = { name: 'Moscow', lat: 55.7558, lon: 37.6173, precision: 'town', country: 'RU' };
const LIBYA_CENTROID: GeoLocation = { name: 'Libya', lat: 25, lon: 17, precision: 'country', country: 'LY' };

describe('Haftar leaves the Moscow talks (talks_failed, primary actor the LNA)', () => {
  const lnaHeld = [
    'es-sider',
    'ras-lanuf',
    'brega',
    'zueitina',
    'hariga',
    'sarir',
    'messla',
    'waha',
    'gialo',
    'zelten',
    'amal',
    'nafoora',
    'sharara',
    'el-feel',
  ];
  const gnaHeldOrOffshore = ['bouri', 'al-jurf', 'zawiya', 'mellitah', 'wafa'];

  for (const [where, location] of [
    ['located in Moscow', MOSCOW],
    ['located only as Libya', LIBYA_CENTROID],
  ] as const) {
    it(`raises every LNA-held asset above every GNA-held and offshore one, ${where}`, () => {
      const impacts = mapEventToImpacts(
        event('talks_failed', { primaryActor: 'lna', actors: ['lna', 'gna', 'russia', 'turkey'], location }),
        LIBYA_REGISTRY,
      );
      const lowestLna = Math.min(...lnaHeld.map((id) => total(impacts, id)));
      const highestOther = Math.max(...gnaHeldOrOffshore.map((id) => total(impacts, id)));
      expect(lowestLna).toBeGreaterThan(highestOther);
      for (const id of [...lnaHeld, ...gnaHeldOrOffshore]) expect(total(impacts, id)).toBeGreaterThan(0);
    });
  }

  it('reaches LNA assets through the faction channel and every asset through the national channel, with no outage', () => {
    const impacts = mapEventToImpacts(
      event('talks_failed', {
        primaryActor: 'lna',
        actors: ['lna', 'gna', 'russia', 'turkey'],
        location: MOSCOW,
      }),
      LIBYA_REGISTRY,
    );
    expect(one(impacts, 'es-sider', 'faction').explanation).toMatch(/LNA/);
    expect(one(impacts, 'sharara', 'faction').explanation).toMatch(/PFG, aligned with the LNA/);
    for (const a of LIBYA_REGISTRY.assets) one(impacts, a.id, 'national');
    expect(impacts.filter((i) => i.outage !== undefined)).toEqual([]);
    expect(impacts.filter((i) => i.channel === 'proximity')).toEqual([]);
  });

  it('raises the GNA side instead when the GNA is the one that walks out', () => {
    const impacts = mapEventToImpacts(
      event('talks_failed', { primaryActor: 'gna', actors: ['lna', 'gna'], location: MOSCOW }),
      LIBYA_REGISTRY,
    );
    expect(total(impacts, 'zawiya')).toBeGreaterThan(total(impacts, 'es-sider'));
  });
});

describe('NOC declares force majeure at the five eastern ports (18 Jan 2020)', () => {
  const ports = ['brega', 'ras-lanuf', 'hariga', 'zueitina', 'es-sider'];
  const impacts = mapEventToImpacts(
    event('force_majeure_declared', {
      assets: ports,
      actors: ['noc'],
      primaryActor: 'noc',
      knownAt: JAN_14.plus({ days: 4 }),
    }),
    LIBYA_REGISTRY,
  );

  it('hits the five terminals directly as outages starting', () => {
    for (const id of ports) {
      const hit = one(impacts, id, 'direct');
      expect(hit.outage).toBe('start');
      expect(hit.intensity).toBeGreaterThan(0);
    }
  });

  it('shuts the fields behind each terminal through the pipeline graph, naming the terminal', () => {
    const behind: Record<string, string[]> = {
      'es-sider': ['waha', 'gialo', 'dahra', 'defa', 'samah'],
      'ras-lanuf': ['amal'],
      brega: ['zelten', 'raguba'],
      zueitina: ['intisar', 'bu-attifel', 'nafoora'],
      hariga: ['sarir', 'messla'],
    };
    for (const [terminal, fields] of Object.entries(behind)) {
      for (const field of fields) {
        const shut = one(impacts, field, 'pipeline');
        expect({ field, outage: shut.outage, via: shut.via }).toEqual({
          field,
          outage: 'start',
          via: terminal,
        });
      }
    }
  });

  it('shuts ~700-800 kb/d of field baseline, and nothing in the west', () => {
    const shutFields = impacts.filter(
      (i) =>
        i.channel === 'pipeline' && i.outage === 'start' && LIBYA_REGISTRY.get(i.assetId)?.kind === 'field',
    );
    const kbd = shutFields.reduce((s, i) => s + (LIBYA_REGISTRY.get(i.assetId)?.baselineKbd ?? 0), 0);
    expect(kbd).toBeGreaterThanOrEqual(700);
    expect(kbd).toBeLessThanOrEqual(800);
    for (const id of ['sharara', 'el-feel', 'bouri', 'al-jurf', 'wafa', 'hamada'])
      expect(on(impacts, id, 'pipeline')).toEqual([]);
  });

  it('says in each explanation which asset was hit and why', () => {
    expect(one(impacts, 'es-sider', 'direct').explanation).toMatch(/Es Sider.*force majeure/);
    expect(one(impacts, 'waha', 'pipeline').explanation).toMatch(/Waha.*Es Sider/);
  });
});

describe('the Hamada valve closure (19 Jan 2020)', () => {
  const variants: readonly [string, Partial<GeoEvent>][] = [
    ['named as the Hamada field', { assets: ['hamada'] }],
    ['named as the pumping station', { assets: ['hamada-pumping-station'] }],
    [
      'given as a facility location "Hamada valve"',
      { location: { name: 'Hamada valve', precision: 'facility' } },
    ],
  ];

  for (const [how, over] of variants) {
    it(`shuts Sharara and Hamada and reaches El Feel and Zawiya when ${how}`, () => {
      const impacts = mapEventToImpacts(
        event('valve_closure', { primaryActor: 'pfg', actors: ['pfg'], ...over }),
        LIBYA_REGISTRY,
      );
      const outage = (id: string): string | undefined =>
        on(impacts, id).find((i) => i.outage !== undefined)?.outage;
      expect(outage('sharara')).toBe('start');
      expect(outage('hamada')).toBe('start');
      expect(outage('el-feel')).toBe('start');
      const zawiya = one(impacts, 'zawiya', 'pipeline');
      expect(zawiya.outage).toBeUndefined();
      expect(zawiya.intensity).toBeGreaterThan(0);
      expect(one(impacts, 'zawiya-refinery', 'pipeline').intensity).toBeGreaterThan(0);
      expect(outage('wafa')).toBeUndefined();
    });
  }

  it('starves Zawiya more than Mellitah, which still has Wafa’s condensate', () => {
    const impacts = mapEventToImpacts(
      event('valve_closure', { assets: ['hamada-pumping-station'] }),
      LIBYA_REGISTRY,
    );
    expect(one(impacts, 'zawiya', 'pipeline').intensity).toBeGreaterThan(
      one(impacts, 'mellitah', 'pipeline').intensity,
    );
  });
});

describe('restarts', () => {
  it('a restart at El Feel is a de-escalation for El Feel that ends its outage', () => {
    const impacts = mapEventToImpacts(event('restart', { assets: ['el-feel'] }), LIBYA_REGISTRY);
    const hit = one(impacts, 'el-feel', 'direct');
    expect(hit.outage).toBe('end');
    expect(hit.intensity).toBeLessThan(0);
    for (const i of impacts) expect(i.intensity).toBeLessThanOrEqual(0);
  });

  it('a restart at Es Sider ends the shut-ins it caused, through the graph', () => {
    const impacts = mapEventToImpacts(event('restart', { assets: ['es-sider'] }), LIBYA_REGISTRY);
    for (const field of ['waha', 'gialo', 'dahra', 'defa', 'samah']) {
      const end = one(impacts, field, 'pipeline');
      expect({ field, outage: end.outage, via: end.via, negative: end.intensity < 0 }).toEqual({
        field,
        outage: 'end',
        via: 'es-sider',
        negative: true,
      });
    }
  });

  it('a restart reported only as "Hamada" also reopens the station there', () => {
    const impacts = mapEventToImpacts(event('restart', { assets: ['hamada'] }), LIBYA_REGISTRY);
    expect(one(impacts, 'hamada-pumping-station', 'direct').outage).toBe('end');
    expect(one(impacts, 'sharara', 'pipeline')).toMatchObject({
      outage: 'end',
      via: 'hamada-pumping-station',
    });
  });

  it('reopening the Hamada valve ends the outages at Sharara and El Feel via the station', () => {
    const impacts = mapEventToImpacts(
      event('restart', { assets: ['hamada-pumping-station'] }),
      LIBYA_REGISTRY,
    );
    expect(one(impacts, 'sharara', 'pipeline')).toMatchObject({
      outage: 'end',
      via: 'hamada-pumping-station',
    });
    expect(one(impacts, 'el-feel', 'pipeline')).toMatchObject({
      outage: 'end',
      via: 'hamada-pumping-station',
    });
  });
});

describe('location', () => {
  it('a GDELT row geocoded to Libya’s centroid touches assets only thinly', () => {
    const impacts = mapEventToImpacts(
      event('armed_clash', { severity: 1, confidence: 1, location: LIBYA_CENTROID }),
      LIBYA_REGISTRY,
    );
    const proximity = impacts.filter((i) => i.channel === 'proximity');
    expect(proximity).toHaveLength(LIBYA_REGISTRY.assets.length);
    // Evenly: the fields nearest the centroid (Waha group, Zella) get no more than Hariga, 1,000 km away.
    expect(new Set(proximity.map((i) => i.intensity)).size).toBe(1);
    const strongest = Math.max(...proximity.map((i) => i.intensity));
    const pinned = mapEventToImpacts(
      event('armed_clash', {
        severity: 1,
        confidence: 1,
        location: { lat: 30.63, lon: 18.35, precision: 'exact' },
      }),
      LIBYA_REGISTRY,
    );
    // The same clash pinned on Es Sider hits it at least ten times harder than the centroid hits anything.
    expect(one(pinned, 'es-sider', 'direct').intensity).toBeGreaterThan(10 * strongest);
  });

  it('a facility-precision point on a terminal counts as a direct hit on it', () => {
    const impacts = mapEventToImpacts(
      event('port_blockade', { location: { lat: 30.409, lon: 19.573, precision: 'facility' } }),
      LIBYA_REGISTRY,
    );
    expect(one(impacts, 'brega', 'direct').outage).toBe('start');
  });

  it('a town-level clash near Ras Lanuf weighs the nearby terminals by distance and leaves the west alone', () => {
    const impacts = mapEventToImpacts(
      event('armed_clash', { location: { name: 'Bin Jawad', lat: 30.8, lon: 18.7, precision: 'town' } }),
      LIBYA_REGISTRY,
    );
    expect(one(impacts, 'ras-lanuf', 'proximity').intensity).toBeGreaterThan(0);
    expect(one(impacts, 'es-sider', 'proximity').intensity).toBeGreaterThan(0);
    expect(on(impacts, 'sharara')).toEqual([]);
    expect(on(impacts, 'zawiya')).toEqual([]);
  });

  it('a wider region location spreads further and weaker than a point', () => {
    const point = mapEventToImpacts(
      event('armed_clash', { location: { lat: 30.6, lon: 18.4, precision: 'exact' } }),
      LIBYA_REGISTRY,
    );
    const region = mapEventToImpacts(
      event('armed_clash', { location: { lat: 30.6, lon: 18.4, precision: 'region' } }),
      LIBYA_REGISTRY,
    );
    expect(region.filter((i) => i.channel === 'proximity').length).toBeGreaterThan(
      point.filter((i) => i.channel === 'proximity').length,
    );
    expect(Math.max(...region.map((i) => i.intensity))).toBeLessThan(
      Math.max(...point.map((i) => i.intensity)),
    );
  });
});

describe('signs, weights and shape', () => {
  it('an irrelevant event maps to no impacts', () => {
    expect(
      mapEventToImpacts(
        event('irrelevant', {
          assets: ['es-sider'],
          primaryActor: 'lna',
          actors: ['lna'],
          location: LIBYA_CENTROID,
        }),
        LIBYA_REGISTRY,
      ),
    ).toEqual([]);
  });

  it('a ceasefire agreement lowers risk everywhere', () => {
    const impacts = mapEventToImpacts(
      event('ceasefire_agreed', { actors: ['lna', 'gna'], location: LIBYA_CENTROID }),
      LIBYA_REGISTRY,
    );
    expect(impacts.length).toBeGreaterThan(0);
    for (const i of impacts) expect(i.intensity).toBeLessThan(0);
  });

  it('an unsure shut-in report is scored as risk, not as an outage', () => {
    const impacts = mapEventToImpacts(
      event('field_shutdown', { assets: ['sharara'], confidence: 0.1 }),
      LIBYA_REGISTRY,
    );
    expect(one(impacts, 'sharara', 'direct').outage).toBeUndefined();
    expect(on(impacts, 'zawiya', 'pipeline')).toEqual([]);
  });

  it('an attack at a terminal raises it without declaring an outage', () => {
    const impacts = mapEventToImpacts(event('facility_attack', { assets: ['ras-lanuf'] }), LIBYA_REGISTRY);
    expect(one(impacts, 'ras-lanuf', 'direct').intensity).toBeGreaterThan(0);
    expect(impacts.every((i) => i.outage === undefined)).toBe(true);
  });

  it('scales intensity with severity x confidence and with the swept channel weight', () => {
    const e = event('facility_attack', { assets: ['brega'], severity: 0.5, confidence: 0.5 });
    expect(one(mapEventToImpacts(e, LIBYA_REGISTRY), 'brega', 'direct').intensity).toBeCloseTo(
      0.25 * DEFAULT_MAPPING_PARAMS.directWeight,
      6,
    );
    expect(
      one(mapEventToImpacts(e, LIBYA_REGISTRY, { directWeight: 2 }), 'brega', 'direct').intensity,
    ).toBeCloseTo(0.5, 6);
  });

  it('gives at most one impact per asset and channel, sorted by asset then channel, each stamped with the event', () => {
    const e = event('force_majeure_declared', {
      assets: ['es-sider', 'Sidra', 'es-sider'],
      primaryActor: 'lna',
      actors: ['lna'],
      location: { lat: 30.63, lon: 18.35, precision: 'facility' },
    });
    const impacts = mapEventToImpacts(e, LIBYA_REGISTRY);
    const keys = impacts.map((i) => [i.assetId, i.channel] as const);
    expect(new Set(keys.map((k) => k.join(' '))).size).toBe(keys.length);
    const byAssetThenChannel = [...keys].sort((a, b) =>
      a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1,
    );
    expect(keys).toEqual(byAssetThenChannel);
    for (const i of impacts) {
      expect(i.eventId).toBe(e.id);
      expect(i.eventType).toBe('force_majeure_declared');
      expect(i.at.equals(e.knownAt)).toBe(true);
      expect(i.explanation).toMatch(/^[A-Z].*[.]$/);
    }
  });

  it('accepts asset names from news text in place of ids', () => {
    const impacts = mapEventToImpacts(
      event('port_blockade', { assets: ['Marsa el Hariga'] }),
      LIBYA_REGISTRY,
    );
    expect(one(impacts, 'hariga', 'direct').outage).toBe('start');
  });

  it('refuses an unknown or negative parameter by name', () => {
    expect(() => mapEventToImpacts(event('restart'), LIBYA_REGISTRY, { directWeight: -1 })).toThrow(
      /directWeight/,
    );
    expect(() => mapEventToImpacts(event('restart'), LIBYA_REGISTRY, { nope: 1 } as never)).toThrow(/nope/);
  });
});
