import { DateTime } from 'luxon';
import type { Asset } from './asset';
import { TIMELINE_START } from './registry.data';
import {
  LIBYA_REGISTRY,
  NATIONAL_ASSET_ID,
  createAssetRegistry,
  normaliseAssetName,
  registryRows,
} from './registry';

const REQUIRED_IDS = [
  'sharara',
  'el-feel',
  'hamada',
  'wafa',
  'bouri',
  'al-jurf',
  'sarir',
  'messla',
  'nafoora',
  'amal',
  'waha',
  'gialo',
  'dahra',
  'zelten',
  'raguba',
  'intisar',
  'bu-attifel',
  'es-sider',
  'ras-lanuf',
  'zueitina',
  'brega',
  'hariga',
  'mellitah',
  'zawiya',
];

const utc = (iso: string): DateTime => DateTime.fromISO(iso, { zone: 'utc' });

describe('the Libyan asset registry', () => {
  it('contains every asset the rest of Crescent names by id', () => {
    for (const id of REQUIRED_IDS) expect(LIBYA_REGISTRY.get(id)?.id).toBe(id);
  });

  it('keeps the plain id for the terminal where a refinery shares the place', () => {
    expect(LIBYA_REGISTRY.get('zawiya')?.kind).toBe('terminal');
    expect(LIBYA_REGISTRY.get('zawiya-refinery')?.kind).toBe('refinery');
    expect(LIBYA_REGISTRY.get('ras-lanuf')?.kind).toBe('terminal');
    expect(LIBYA_REGISTRY.get('ras-lanuf-refinery')?.kind).toBe('refinery');
  });

  it('models the Waha group fields, the offshore loading points and the western chokepoints', () => {
    for (const id of [
      'defa',
      'samah',
      'bouri-fso',
      'al-jurf-fpso',
      'hamada-pumping-station',
      'rayayina-valves',
    ]) {
      expect(LIBYA_REGISTRY.get(id)).toBeDefined();
    }
  });

  it('exports the national aggregate id LY, which no asset uses', () => {
    expect(NATIONAL_ASSET_ID).toBe('LY');
    expect(LIBYA_REGISTRY.get(NATIONAL_ASSET_ID)).toBeUndefined();
  });

  it('gives every asset a lowercase slug id, a source, and pipelines a line geometry', () => {
    for (const a of LIBYA_REGISTRY.assets) {
      expect(a.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(a.sources.length).toBeGreaterThan(0);
      expect(a.geometry.type).toBe(a.kind === 'pipeline' ? 'LineString' : 'Point');
      const [lon, lat] = a.geometry.type === 'Point' ? a.geometry.coordinates : a.geometry.coordinates[0]!;
      // Libya and its offshore blocks.
      expect(lat).toBeGreaterThan(19);
      expect(lat).toBeLessThan(34.5);
      expect(lon).toBeGreaterThan(9);
      expect(lon).toBeLessThan(25.5);
    }
  });

  it('gets every field’s crude to the sea or a refinery along primary routes', () => {
    for (const f of LIBYA_REGISTRY.assets.filter((a) => a.kind === 'field')) {
      const outlets = LIBYA_REGISTRY.downstreamOf(f.id).filter((id) =>
        ['terminal', 'refinery'].includes(LIBYA_REGISTRY.get(id)?.kind ?? ''),
      );
      expect({ field: f.id, reachesOutlet: outlets.length > 0 }).toEqual({
        field: f.id,
        reachesOutlet: true,
      });
    }
  });
});

describe('alias lookup', () => {
  it('resolves every alias, name and id to its own asset', () => {
    for (const a of LIBYA_REGISTRY.assets) {
      for (const alias of [a.id, a.name, ...a.aliases])
        expect({ alias, id: LIBYA_REGISTRY.findByAlias(alias)?.id }).toEqual({ alias, id: a.id });
    }
  });

  it('ignores case, hyphens and diacritics', () => {
    expect(LIBYA_REGISTRY.findByAlias('AL-SIDRA')?.id).toBe('es-sider');
    expect(LIBYA_REGISTRY.findByAlias('al sidra')?.id).toBe('es-sider');
    expect(LIBYA_REGISTRY.findByAlias('Es Sidrá')?.id).toBe('es-sider');
    expect(LIBYA_REGISTRY.findByAlias('el-sharara')?.id).toBe('sharara');
    expect(LIBYA_REGISTRY.findByAlias('Zuwetina')?.id).toBe('zueitina');
    expect(LIBYA_REGISTRY.findByAlias('marsa el hariga')?.id).toBe('hariga');
    expect(LIBYA_REGISTRY.findByAlias('Tobruk')?.id).toBe('hariga');
    expect(LIBYA_REGISTRY.findByAlias('Elephant')?.id).toBe('el-feel');
    expect(LIBYA_REGISTRY.findByAlias('El Fil')?.id).toBe('el-feel');
  });

  it('reads facility names as news writes them, without confusing a refinery with its terminal', () => {
    expect(LIBYA_REGISTRY.findByAlias('the Sharara oilfield')?.id).toBe('sharara');
    expect(LIBYA_REGISTRY.findByAlias('Ras Lanuf oil terminal')?.id).toBe('ras-lanuf');
    expect(LIBYA_REGISTRY.findByAlias('Zawiya refinery')?.id).toBe('zawiya-refinery');
    expect(LIBYA_REGISTRY.findByAlias('Zawia port')?.id).toBe('zawiya');
    expect(LIBYA_REGISTRY.findByAlias('Hamada valve')?.id).toBe('hamada-pumping-station');
  });

  it('returns nothing for names that are not Libyan oil assets', () => {
    expect(LIBYA_REGISTRY.findByAlias('Moscow')).toBeUndefined();
    expect(LIBYA_REGISTRY.findByAlias('')).toBeUndefined();
    expect(LIBYA_REGISTRY.findByAlias('field')).toBeUndefined();
  });

  it('normalises names to one comparable form', () => {
    expect(normaliseAssetName('  Al-Sidra ')).toBe('al sidra');
    expect(normaliseAssetName('Zuwaytīnah')).toBe('zuwaytinah');
  });
});

describe('control timelines', () => {
  it('run from the timeline start without gaps or overlaps through the end of 2020', () => {
    for (const a of LIBYA_REGISTRY.assets) {
      const periods = a.control;
      expect({ id: a.id, start: periods[0]?.from }).toEqual({ id: a.id, start: TIMELINE_START });
      periods.forEach((p, i) => {
        const next = periods[i + 1];
        if (next !== undefined) expect({ id: a.id, to: p.to }).toEqual({ id: a.id, to: next.from });
      });
      const last = periods[periods.length - 1];
      expect(last?.to === undefined || last.to >= '2021-01-01').toBe(true);
    }
  });

  it('name a controller for every asset on every day from mid-2013 to the end of 2020', () => {
    for (let day = utc(TIMELINE_START); day < utc('2021-01-01'); day = day.plus({ days: 7 })) {
      for (const a of LIBYA_REGISTRY.assets) expect(LIBYA_REGISTRY.controllerAt(a.id, day)).toBeDefined();
    }
  });

  it('put the Oil Crescent terminals and Sirte-basin fields with the LNA when Haftar left Moscow', () => {
    const at = utc('2020-01-14T08:00:00');
    for (const id of ['es-sider', 'ras-lanuf', 'brega', 'hariga', 'sarir', 'waha', 'zelten', 'amal'])
      expect([id, LIBYA_REGISTRY.controllerAt(id, at)]).toEqual([id, 'lna']);
  });

  it('put Sharara, El Feel and Zueitina with LNA-aligned PFG units in January 2020', () => {
    const at = utc('2020-01-14T08:00:00');
    for (const id of ['sharara', 'el-feel', 'zueitina']) {
      expect(LIBYA_REGISTRY.controllerAt(id, at)).toBe('pfg');
      expect(
        LIBYA_REGISTRY.get(id)?.control.find((p) => p.from <= '2020-01-14' && (p.to ?? '9999') > '2020-01-14')
          ?.alignedWith,
      ).toBe('lna');
    }
  });

  it('put Zawiya, Mellitah and the offshore fields with the GNA in January 2020', () => {
    const at = utc('2020-01-14T08:00:00');
    for (const id of ['zawiya', 'zawiya-refinery', 'mellitah', 'bouri', 'al-jurf'])
      expect([id, LIBYA_REGISTRY.controllerAt(id, at)]).toEqual([id, 'gna']);
  });

  it('record the GNA-aligned seizure of El Feel from 27 Nov to 12 Dec 2019', () => {
    expect(LIBYA_REGISTRY.controllerAt('el-feel', utc('2019-11-26T23:59:59'))).toBe('pfg');
    expect(LIBYA_REGISTRY.controllerAt('el-feel', utc('2019-11-27T00:00:00'))).toBe('gna');
    expect(LIBYA_REGISTRY.controllerAt('el-feel', utc('2019-12-12T00:00:00'))).toBe('pfg');
  });

  it('read the instant in UTC whatever zone the DateTime carries', () => {
    // 00:30 on 27 Nov in Tripoli (UTC+2) is still 26 Nov in UTC.
    expect(
      LIBYA_REGISTRY.controllerAt('el-feel', DateTime.fromISO('2019-11-27T00:30:00', { zone: 'UTC+2' })),
    ).toBe('pfg');
  });

  it('say nothing before the timeline starts or for an unknown asset', () => {
    expect(LIBYA_REGISTRY.controllerAt('es-sider', utc('2012-01-01'))).toBeUndefined();
    expect(LIBYA_REGISTRY.controllerAt('atlantis', utc('2020-01-01'))).toBeUndefined();
  });
});

describe('the flow graph', () => {
  it('puts the Waha group behind Es Sider', () => {
    expect(LIBYA_REGISTRY.upstreamOf('es-sider')).toEqual(
      expect.arrayContaining(['waha', 'gialo', 'dahra', 'defa', 'samah', 'samah-dahra-es-sider-pipeline']),
    );
  });

  it('puts Sarir and Messla behind Hariga, and Sirte Oil’s fields behind Brega', () => {
    expect(LIBYA_REGISTRY.upstreamOf('hariga')).toEqual(
      expect.arrayContaining(['sarir', 'messla', 'sarir-hariga-pipeline']),
    );
    expect(LIBYA_REGISTRY.upstreamOf('brega')).toEqual(expect.arrayContaining(['zelten', 'raguba']));
  });

  it('puts Sharara, Hamada and El Feel behind the Hamada pumping station, but not Wafa', () => {
    const behind = LIBYA_REGISTRY.upstreamOf('hamada-pumping-station');
    expect(behind).toEqual(expect.arrayContaining(['sharara', 'hamada', 'el-feel']));
    expect(behind).not.toContain('wafa');
  });

  it('does not route Sharara crude through Mellitah just because both lines pass Hamada', () => {
    expect(LIBYA_REGISTRY.upstreamOf('mellitah')).not.toContain('sharara');
    expect(LIBYA_REGISTRY.downstreamOf('sharara')).toEqual([
      'sharara-zawiya-pipeline',
      'zawiya',
      'zawiya-refinery',
    ]);
  });

  it('sends the Hamada station’s closure down both lines to Zawiya and Mellitah', () => {
    expect(LIBYA_REGISTRY.downstreamOf('hamada-pumping-station')).toEqual(
      expect.arrayContaining(['zawiya', 'zawiya-refinery', 'mellitah']),
    );
  });

  it('counts alternate routes only when asked', () => {
    expect(LIBYA_REGISTRY.upstreamOf('ras-lanuf')).not.toContain('messla');
    expect(LIBYA_REGISTRY.upstreamOf('ras-lanuf', { routes: 'all' })).toContain('messla');
  });

  it('returns nothing for an unknown asset', () => {
    expect(LIBYA_REGISTRY.upstreamOf('atlantis')).toEqual([]);
    expect(LIBYA_REGISTRY.downstreamOf('atlantis')).toEqual([]);
  });
});

describe('createAssetRegistry rejects bad static data', () => {
  const sharara = LIBYA_REGISTRY.get('sharara')!;
  const line = LIBYA_REGISTRY.get('sharara-zawiya-pipeline')!;
  const zawiya = LIBYA_REGISTRY.get('zawiya')!;
  const refinery = LIBYA_REGISTRY.get('zawiya-refinery')!;
  const base: readonly Asset[] = [sharara, line, zawiya, refinery, LIBYA_REGISTRY.get('hamada')!];

  it('accepts a consistent subset', () => {
    expect(() => createAssetRegistry(base)).not.toThrow();
  });

  it('names a duplicate id', () => {
    expect(() => createAssetRegistry([...base, sharara])).toThrow(/duplicate id 'sharara'/);
  });

  it('names a route to an asset that does not exist', () => {
    expect(() =>
      createAssetRegistry([
        { ...sharara, routes: { primary: ['nowhere'], alternate: [] } },
        line,
        zawiya,
        refinery,
      ]),
    ).toThrow(/unknown asset 'nowhere'/);
  });

  it('names a cycle in the flow graph', () => {
    expect(() =>
      createAssetRegistry([
        sharara,
        line,
        { ...zawiya, routes: { primary: ['sharara'], alternate: [] } },
        refinery,
        LIBYA_REGISTRY.get('hamada')!,
      ]),
    ).toThrow(/cycle/);
  });

  it('names an alias claimed by two assets', () => {
    expect(() =>
      createAssetRegistry([...base.filter((a) => a.id !== 'zawiya'), { ...zawiya, aliases: ['El Sharara'] }]),
    ).toThrow(/alias 'el sharara'/);
  });

  it('names a gap in a control timeline', () => {
    const gappy: Asset = {
      ...sharara,
      control: [
        { faction: 'local', from: '2013-07-01', to: '2015-01-01' },
        { faction: 'lna', from: '2016-01-01' },
      ],
    };
    expect(() => createAssetRegistry([gappy, ...base.slice(1)])).toThrow(
      /gap between 2015-01-01 and 2016-01-01/,
    );
  });

  it('names an overlap in a control timeline', () => {
    const overlapping: Asset = {
      ...sharara,
      control: [
        { faction: 'local', from: '2013-07-01', to: '2016-06-01' },
        { faction: 'lna', from: '2016-01-01' },
      ],
    };
    expect(() => createAssetRegistry([overlapping, ...base.slice(1)])).toThrow(/overlap/);
  });

  it('names a chokepoint on something that is not a pipeline', () => {
    const station = { ...LIBYA_REGISTRY.get('hamada-pumping-station')!, chokepointOn: ['zawiya'] };
    expect(() => createAssetRegistry([...base, station])).toThrow(/not a pipeline/);
  });
});

describe('registry rows for the database seed', () => {
  const rows = registryRows();

  it('survive a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it('hold one row per asset, with every route, alias, control period and source', () => {
    expect(rows.nationalId).toBe('LY');
    expect(rows.assets.map((a) => a.id)).toEqual(LIBYA_REGISTRY.assets.map((a) => a.id).sort());
    const routeCount = LIBYA_REGISTRY.assets.reduce(
      (n, a) => n + a.routes.primary.length + a.routes.alternate.length,
      0,
    );
    expect(rows.routes).toHaveLength(routeCount);
    expect(rows.control).toHaveLength(LIBYA_REGISTRY.assets.reduce((n, a) => n + a.control.length, 0));
    expect(rows.sources).toHaveLength(LIBYA_REGISTRY.assets.reduce((n, a) => n + a.sources.length, 0));
    expect(new Set(rows.aliases.map((r) => r.normalised)).size).toBe(rows.aliases.length);
    expect(rows.aliases).toContainEqual({ assetId: 'es-sider', alias: 'Al-Sidra', normalised: 'al sidra' });
  });
});
