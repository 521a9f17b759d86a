import {
  IMPACT_CHANNELS,
  ImpactColumns,
  LIBYA_REGISTRY,
  OUTAGE_CODES,
  type TimedImpact,
} from '@crescent/domain';
import { encodePlace, encodeSignal, ImpactStore } from './impact-store';
import { IdTable } from './seen-keys';

describe('the backtest’s impact store', () => {
  const assets = LIBYA_REGISTRY.assets;
  const columns = (rows: readonly [number, number, number, number, number][]): ImpactColumns => {
    const c = new ImpactColumns(LIBYA_REGISTRY);
    rows.forEach(([asset, channel, intensity, outage, via], k) => {
      c.asset[k] = asset;
      c.channel[k] = channel;
      c.intensity[k] = intensity;
      c.outage[k] = outage;
      c.via[k] = via;
    });
    c.length = rows.length;
    return c;
  };
  const read = (store: ImpactStore): TimedImpact[] =>
    Array.from(store.inOrder(store.sortedOrder()), (i) => ({ ...i }));

  it('gives back every impact as it was added, intensities exactly, however large', () => {
    const ids = new IdTable();
    const store = new ImpactStore(LIBYA_REGISTRY, ids);
    const intensities = [0.123456, -0.000001, 8.388607, -8.388607, 8.388608, -123.456789, 1e300, 0, -0.5];
    const rows = intensities.map((x, k): [number, number, number, number, number] => [
      (k * 7) % assets.length,
      k % IMPACT_CHANNELS.length,
      x,
      k % OUTAGE_CODES.length,
      k % 2 === 0 ? -1 : (k * 3) % assets.length,
    ]);
    store.add(ids.add('event:a'), 1_579_305_600_000, 'port_blockade', columns(rows));
    expect(read(store)).toEqual(
      rows.map(([asset, channel, intensity, outage, via]) => ({
        eventId: 'event:a',
        eventType: 'port_blockade',
        atMs: 1_579_305_600_000,
        assetId: assets[asset]?.id,
        assetIndex: asset,
        channel: IMPACT_CHANNELS[channel],
        intensity,
        outage: OUTAGE_CODES[outage],
        via: via < 0 ? undefined : assets[via]?.id,
      })),
    );
  });

  it('gives back a national signal kept once as one impact per asset, after the event’s others', () => {
    const ids = new IdTable();
    const store = new ImpactStore(LIBYA_REGISTRY, ids);
    const national = IMPACT_CHANNELS.indexOf('national');
    const place = Uint32Array.of(encodePlace(3, -1, store.shift));
    const signal = Int32Array.of(encodeSignal(0, 0, 0.25));
    store.addEncoded(
      ids.add('n'),
      1000,
      0,
      place,
      signal,
      0,
      1,
      undefined,
      encodeSignal(national, 0, -0.031),
    );
    const out = read(store);
    expect(store.length).toBe(1 + assets.length);
    expect(out).toHaveLength(1 + assets.length);
    expect(out[0]).toMatchObject({ assetId: assets[3]?.id, channel: 'direct', intensity: 0.25 });
    expect(out.slice(1)).toEqual(
      assets.map((a, k) => ({
        eventId: 'n',
        eventType: 'facility_attack',
        atMs: 1000,
        assetId: a.id,
        assetIndex: k,
        channel: 'national',
        intensity: -0.031,
        outage: undefined,
        via: undefined,
      })),
    );
  });

  it('orders events by time, ties in input order, keeping each event’s impacts together', () => {
    const ids = new IdTable();
    const store = new ImpactStore(LIBYA_REGISTRY, ids);
    const one = columns([
      [0, 0, 0.1, 0, -1],
      [1, 0, 0.2, 0, -1],
    ]);
    store.add(ids.add('late'), 2000, 'armed_clash', one);
    store.add(ids.add('early'), 1000, 'armed_clash', one);
    store.add(ids.add('tie'), 2000, 'restart', one);
    expect(read(store).map((i) => `${i.eventId}:${i.assetId}`)).toEqual([
      `early:${assets[0]?.id}`,
      `early:${assets[1]?.id}`,
      `late:${assets[0]?.id}`,
      `late:${assets[1]?.id}`,
      `tie:${assets[0]?.id}`,
      `tie:${assets[1]?.id}`,
    ]);
    expect(store.span()).toEqual({ fromMs: 1000, toMs: 2000 });
  });
});
