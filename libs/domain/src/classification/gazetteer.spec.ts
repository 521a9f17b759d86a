import { LIBYA_REGISTRY } from '../assets/registry';
import { ACTORS, LIBYAN_PLACES } from './gazetteer';
import { actorForName, actorsIn, analyseText } from './text-analysis';

describe('the gazetteer', () => {
  it.each([
    ['Haftar', 'lna'],
    ['Khalifa Haftar', 'lna'],
    ['LNA', 'lna'],
    ['Libyan National Army', 'lna'],
    ['Military Forces of Libya (2014-) Libyan National Army', 'lna'],
    ['Sarraj', 'gna'],
    ['GNA', 'gna'],
    ['Government of National Accord', 'gna'],
    ['Tripoli government', 'gna'],
    ['Petroleum Facilities Guard', 'pfg'],
    ['NOC', 'noc'],
    ['National Oil Corporation', 'noc'],
    ['Russia', 'russia'],
    ['Wagner Group', 'russia'],
    ['Moscow', 'russia'],
    ['Lavrov', 'russia'],
    ['Turkey', 'turkey'],
    ['Ankara', 'turkey'],
    ['Erdogan', 'turkey'],
    ['Cavusoglu', 'turkey'],
    ['Mevlüt Çavuşoğlu', 'turkey'],
    ['United Arab Emirates', 'uae'],
    ['Egypt', 'egypt'],
    ['UNSMIL', 'un'],
    ['United Nations', 'un'],
    ['Central Bank of Libya', 'cbl'],
    ['CBL', 'cbl'],
    ['Fezzan Anger Movement', 'tribes'],
    ['KHALIFA HAFTAR', 'lna'],
  ])('%s is %s', (name, id) => {
    expect(actorForName(name)).toBe(id);
  });

  it('has unique actor and place ids', () => {
    expect(new Set(ACTORS.map((a) => a.id)).size).toBe(ACTORS.length);
    expect(new Set(LIBYAN_PLACES.map((p) => p.id)).size).toBe(LIBYAN_PLACES.length);
  });

  it('places are inside Libya', () => {
    for (const p of LIBYAN_PLACES) {
      expect(p.lat).toBeGreaterThan(19);
      expect(p.lat).toBeLessThan(34);
      expect(p.lon).toBeGreaterThan(9);
      expect(p.lon).toBeLessThan(26);
    }
  });

  it('finds the longest name: "Tobruk parliament" is the HoR, "Libyan National Army" is not Libya', () => {
    const a = analyseText("The Tobruk parliament backed Haftar's Libyan National Army", LIBYA_REGISTRY);
    expect(actorsIn(a)).toEqual(['hor', 'lna']);
    expect(a.mentions.map((m) => m.kind)).toEqual(['actor', 'actor', 'actor']);
  });

  it('finds registry assets by their aliases', () => {
    const a = analyseText('Loadings resumed at Sidra and the Elephant field', LIBYA_REGISTRY);
    expect(a.mentions.flatMap((m) => (m.kind === 'asset' ? [m.asset.id] : []))).toEqual([
      'es-sider',
      'el-feel',
    ]);
    expect(a.libyan).toBe(true);
  });

  const assetIds = (text: string): string[] =>
    analyseText(text, LIBYA_REGISTRY).mentions.flatMap((m) => (m.kind === 'asset' ? [m.asset.id] : []));

  it.each([
    ['pipeline from Amal to Es Sider', 'amal-es-sider-pipeline'],
    ['pipeline between Sarir and Tobruk', 'sarir-hariga-pipeline'],
    ['pipeline from Waha to Es Sider', 'samah-dahra-es-sider-pipeline'],
    ['pipeline from Zawiya to Hamada', 'sharara-zawiya-pipeline'],
    ['Messla-Ras Lanuf pipeline', 'messla-ras-lanuf-pipeline'],
  ])('reads "%s" as the one pipeline between those ends, %s', (text, id) => {
    expect(assetIds(`Guards shut the ${text}`)).toEqual([id]);
  });

  it.each([
    ['a line the registry does not model', 'pipeline from Sharara to Mellitah', ['sharara', 'mellitah']],
    ['two outlets of one line', 'pipeline from Zawiya to the Zawiya refinery', ['zawiya', 'zawiya-refinery']],
    ['ends in two clauses', 'pipeline from Sharara, and Zawiya', ['sharara', 'zawiya']],
  ])('leaves the names of the ends as they are for %s', (_what, text, ids) => {
    expect(assetIds(`Guards shut the ${text}`)).toEqual(ids);
  });
});
