import {
  EVENT_TYPES,
  IMPACT_CHANNELS,
  OUTAGE_CODES,
  type AssetRegistry,
  type EventType,
  type ImpactChannel,
  type ImpactColumns,
  type OutageSignal,
  type TimedImpact,
} from '@crescent/domain';
import type { IdTable } from './seen-keys';

/** Impacts are kept in chunks of this many, so the columns grow without ever being copied. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;
/** Micro-units fit 24 bits (±8.3 events/week); this one marks an intensity kept aside in `wideIntensity`. */
const MICROS_LIMIT = 0x7fffff;
const WIDE = -0x800000;
const TYPE_INDEX: ReadonlyMap<EventType, number> = new Map(EVENT_TYPES.map((t, i) => [t, i]));
// Local copies: an imported binding is read through a getter on every use, ten million times here.
const TYPES: readonly EventType[] = EVENT_TYPES;
const CHANNELS: readonly ImpactChannel[] = IMPACT_CHANNELS;
const OUTAGES: readonly (OutageSignal | undefined)[] = OUTAGE_CODES;

/**
 * The signal of an event's national impacts when they are kept once for all assets (see
 * `ImpactStore.addEncoded`), 0 for none: a signal always has a channel, so never 0 for the
 * national one, which is not the first channel.
 */
export const NATIONAL_CHANNEL = IMPACT_CHANNELS.indexOf('national');

/**
 * The signal of an event's national impacts when they can be kept once (see
 * ImpactStore.addEncoded), else 0: every asset has one, all with the same signal (not
 * wide) and no `via`, each the last of its asset's impacts in the mapper's list.
 */
export function nationalSignal(columns: ImpactColumns, n: number, assetCount: number): number {
  let shared = 0;
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (columns.channel[k] !== NATIONAL_CHANNEL) continue;
    const s = encodeSignal(NATIONAL_CHANNEL, columns.outage[k] ?? 0, columns.intensity[k] ?? 0);
    if (isWideSignal(s) || (columns.via[k] ?? -1) !== -1) return 0;
    if (count > 0 && s !== shared) return 0;
    if (k + 1 < n && columns.asset[k + 1] === columns.asset[k]) return 0;
    shared = s;
    count++;
  }
  return count === assetCount ? shared : 0;
}

/** Bits `place` shifts the asset index by, for a registry of this many assets (see ImpactStore). */
export const placeShiftFor = (assetCount: number): number => (assetCount < 0xff ? 8 : 16);

/** An event type as the store keeps it. */
export const eventTypeIndex = (type: EventType): number => TYPE_INDEX.get(type) ?? 0;

/** Whether `encodeSignal` kept the intensity aside: it must then travel with the signal. */
export const isWideSignal = (signal: number): boolean => signal >> 8 === WIDE;

/**
 * An impact's asset and `via` in one number (`via` -1 for none): asset x 2^shift + via + 1.
 */
export const encodePlace = (asset: number, via: number, shift: number): number =>
  asset * (1 << shift) + via + 1;

/**
 * An impact's intensity, outage code and channel index in one 32-bit number: intensity in
 * micro-units x 256 + outage x 8 + channel. An intensity is a multiple of 1e-6 (the mapper
 * rounds it so): it is kept as the integer count of micro-units and divided back on
 * reading, which gives the very same double (for |count| < 2^23 the rounding error of
 * `intensity x 1e6` is far below one half, so the count is exact). Larger ones, which only
 * extreme parameters give, are marked wide (`isWideSignal`) and must be kept aside, exactly.
 */
export function encodeSignal(channel: number, outage: number, intensity: number): number {
  let micros = Math.round(intensity * 1e6);
  if (!(micros >= -MICROS_LIMIT && micros <= MICROS_LIMIT)) micros = WIDE;
  return (micros << 8) | channel | (outage << 3);
}

/**
 * The impact the replay is looking at. `inOrder` yields one such object, refilled for
 * every impact, so ten million impacts cost no allocation: read it before the next one.
 */
class ImpactCursor implements TimedImpact {
  eventId = '';
  eventType: EventType = 'irrelevant';
  channel: ImpactChannel = 'direct';
  intensity = 0;
  atMs = 0;
  assetId = '';
  assetIndex = 0;
  outage: OutageSignal | undefined = undefined;
  via: string | undefined = undefined;
}

/**
 * Accepted impacts in columns, not as objects or raw lines, so a million-event file fits
 * in memory while it is sorted by knownAt. Per impact 6 bytes: the asset and `via` in two
 * bytes (as registry indexes; four for a registry of more than 254 assets), and in four
 * bytes the intensity in micro-units (see `add`) above the channel and outage. Per event
 * its time, type, first impact and the entry of its id in the id table. Impacts of one
 * event are contiguous, in the mapper's order.
 */
export class ImpactStore {
  private readonly assetIds: readonly string[];
  private size = 0;
  /** Asset index x 2^shift + (index of `via` + 1, or 0 for none). */
  private readonly placeChunks: (Uint16Array | Uint32Array)[] = [];
  private readonly placeShift: number;
  /** Intensity in micro-units x 256 + outage code x 8 + channel index. */
  private readonly signalChunks: Int32Array[] = [];
  private readonly wideIntensity = new Map<number, number>();

  private eventCount = 0;
  private eventAt: Float64Array = new Float64Array(1024);
  /** Index of each event's first impact, plus the end of the last one. */
  private eventFirst: Uint32Array = new Uint32Array(1025);
  private eventType: Uint8Array = new Uint8Array(1024);
  /** Entry of each event's id in `ids`. */
  private eventId: Uint32Array = new Uint32Array(1024);
  /**
   * Per event, the signal of the national impact it has on every asset, kept once here
   * instead of once per asset (0 for none); see `addEncoded`.
   */
  private eventNational: Int32Array = new Int32Array(1024);
  private nationalImpacts = 0;

  constructor(
    registry: AssetRegistry,
    /** Where event ids are kept; `add` takes an entry of it. */
    private readonly ids: IdTable,
  ) {
    if (registry.assets.length >= 0xffff) throw new Error('ImpactStore: more than 65534 assets');
    this.assetIds = registry.assets.map((a) => a.id);
    this.placeShift = placeShiftFor(registry.assets.length);
  }

  /** Number of impacts (a national signal counts once per asset). */
  get length(): number {
    return this.size + this.nationalImpacts;
  }

  /** Number of events with at least one impact. */
  get events(): number {
    return this.eventCount;
  }

  /**
   * Adds one event's impacts, as `mapEventToColumns` wrote them (encoded as `encodeSignal`
   * says); a national impact on every asset is kept once, as `addEncoded` describes.
   */
  add(idEntry: number, atMs: number, type: EventType, impacts: ImpactColumns): void {
    const e = this.eventCount++;
    if (e + 1 >= this.eventAt.length) this.growEvents();
    this.eventId[e] = idEntry;
    this.eventAt[e] = atMs;
    this.eventType[e] = TYPE_INDEX.get(type) ?? 0;
    this.eventFirst[e] = this.size;
    const national = nationalSignal(impacts, impacts.length, this.assetIds.length);
    if (national !== 0) {
      this.eventNational[e] = national;
      this.nationalImpacts += this.assetIds.length;
    }
    for (let k = 0; k < impacts.length; k++) {
      if (national !== 0 && impacts.channel[k] === NATIONAL_CHANNEL) continue;
      const i = this.size++;
      const chunk = i >>> CHUNK_BITS;
      if (chunk === this.placeChunks.length) this.growImpacts();
      const at = i & IN_CHUNK;
      (this.placeChunks[chunk] as Uint16Array | Uint32Array)[at] = encodePlace(
        impacts.asset[k] ?? 0,
        impacts.via[k] ?? -1,
        this.placeShift,
      );
      const intensity = impacts.intensity[k] ?? 0;
      const signal = encodeSignal(impacts.channel[k] ?? 0, impacts.outage[k] ?? 0, intensity);
      if (isWideSignal(signal)) this.wideIntensity.set(i, intensity);
      (this.signalChunks[chunk] as Int32Array)[at] = signal;
    }
    this.eventFirst[e + 1] = this.size;
  }

  /**
   * Adds one event whose impacts were encoded elsewhere (a worker thread): `place[from..to)`
   * and `signal[from..to)` as `encodePlace` (with this store's shift) and `encodeSignal`
   * made them, and the intensity of each wide signal in `wide`, by its index there.
   * `national`, when not 0, is the signal (not wide) of an impact on every asset of the
   * registry, with no `via`, that comes after the event's other impacts on that asset
   * (the mapper lists them by asset, the national channel last): the replay yields it for
   * each asset, in registry order, after the event's other impacts. Each asset's state
   * sees its impacts in the mapper's order, which is all the scoring depends on (an
   * impact changes only its own asset's state).
   */
  addEncoded(
    idEntry: number,
    atMs: number,
    typeIndex: number,
    place: Uint32Array,
    signal: Int32Array,
    from: number,
    to: number,
    wide: ReadonlyMap<number, number> | undefined,
    national = 0,
  ): void {
    const e = this.eventCount++;
    if (e + 1 >= this.eventAt.length) this.growEvents();
    this.eventId[e] = idEntry;
    this.eventAt[e] = atMs;
    this.eventType[e] = typeIndex;
    this.eventFirst[e] = this.size;
    if (national !== 0) {
      this.eventNational[e] = national;
      this.nationalImpacts += this.assetIds.length;
    }
    for (let k = from; k < to; k++) {
      const i = this.size++;
      const chunk = i >>> CHUNK_BITS;
      if (chunk === this.placeChunks.length) this.growImpacts();
      const at = i & IN_CHUNK;
      (this.placeChunks[chunk] as Uint16Array | Uint32Array)[at] = place[k] ?? 0;
      const s = signal[k] ?? 0;
      if (isWideSignal(s)) this.wideIntensity.set(i, wide?.get(k) ?? 0);
      (this.signalChunks[chunk] as Int32Array)[at] = s;
    }
    this.eventFirst[e + 1] = this.size;
  }

  /** Bits the asset index is shifted by in `place` (see encodePlace). */
  get shift(): number {
    return this.placeShift;
  }

  private growEvents(): void {
    const at = new Float64Array(this.eventAt.length * 2);
    at.set(this.eventAt);
    this.eventAt = at;
    const type = new Uint8Array(this.eventType.length * 2);
    type.set(this.eventType);
    this.eventType = type;
    const first = new Uint32Array(this.eventFirst.length * 2);
    first.set(this.eventFirst);
    this.eventFirst = first;
    const id = new Uint32Array(this.eventId.length * 2);
    id.set(this.eventId);
    this.eventId = id;
    const national = new Int32Array(this.eventNational.length * 2);
    national.set(this.eventNational);
    this.eventNational = national;
  }

  private growImpacts(): void {
    this.placeChunks.push(this.placeShift === 8 ? new Uint16Array(CHUNK) : new Uint32Array(CHUNK));
    this.signalChunks.push(new Int32Array(CHUNK));
  }

  /** Earliest and latest event time, epoch ms; undefined when empty. */
  span(): { fromMs: number; toMs: number } | undefined {
    if (this.eventCount === 0) return undefined;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < this.eventCount; e++) {
      const t = this.eventAt[e] ?? 0;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    return { fromMs: lo, toMs: hi };
  }

  /**
   * Application order of the events: by knownAt, ties in input order. Sorts events, not
   * impacts (an event's impacts stay together, in the mapper's order). Input is usually
   * nearly sorted, which the engine's merge sort handles in close to linear time.
   */
  sortedOrder(): Uint32Array {
    const n = this.eventCount;
    const order = Array.from({ length: n }, (_, i) => i);
    const at = this.eventAt;
    order.sort((a, b) => (at[a] ?? 0) - (at[b] ?? 0) || a - b);
    return Uint32Array.from(order);
  }

  /** Impacts in application order, given `sortedOrder()`; the object yielded is reused (see ImpactCursor). */
  inOrder(order: Uint32Array): Iterable<TimedImpact> {
    return { [Symbol.iterator]: () => new ImpactIterator(this, order) };
  }

  /** Points the cursor at event `e` (the fields all its impacts share). */
  readEvent(e: number, cursor: ImpactCursor): void {
    cursor.eventId = this.ids.text(this.eventId[e] ?? 0);
    cursor.eventType = TYPES[this.eventType[e] ?? 0] ?? 'irrelevant';
    cursor.atMs = this.eventAt[e] ?? 0;
  }

  /** When event `e` takes effect (its knownAt), epoch ms. */
  atMsOf(e: number): number {
    return this.eventAt[e] ?? 0;
  }

  /** The impacts of event `e`: [first, end). */
  firstImpact(e: number): number {
    return this.eventFirst[e] ?? 0;
  }

  endImpact(e: number): number {
    return this.eventFirst[e + 1] ?? 0;
  }

  /** The signal of event `e`'s national impact on every asset, 0 for none (see addEncoded). */
  nationalSignal(e: number): number {
    return this.eventNational[e] ?? 0;
  }

  /** Number of assets (the national impacts of an event). */
  get assetCount(): number {
    return this.assetIds.length;
  }

  /** Points the cursor at the national impact, of signal `signal`, on asset `asset`. */
  readNational(asset: number, signal: number, cursor: ImpactCursor): void {
    cursor.assetIndex = asset;
    cursor.assetId = this.assetIds[asset] ?? '';
    cursor.channel = CHANNELS[signal & 7] ?? 'direct';
    cursor.outage = OUTAGES[(signal >> 3) & 3];
    cursor.via = undefined;
    cursor.intensity = (signal >> 8) / 1e6;
  }

  /** Points the cursor at impact `i`. */
  readImpact(i: number, cursor: ImpactCursor): void {
    const chunk = i >>> CHUNK_BITS;
    const at = i & IN_CHUNK;
    const place = this.placeChunks[chunk]?.[at] ?? 0;
    const signal = this.signalChunks[chunk]?.[at] ?? 0;
    const via = place & ((1 << this.placeShift) - 1);
    const micros = signal >> 8;
    const asset = place >>> this.placeShift;
    cursor.assetIndex = asset;
    cursor.assetId = this.assetIds[asset] ?? '';
    cursor.channel = CHANNELS[signal & 7] ?? 'direct';
    cursor.outage = OUTAGES[(signal >> 3) & 3];
    cursor.via = via === 0 ? undefined : this.assetIds[via - 1];
    cursor.intensity = micros === WIDE ? (this.wideIntensity.get(i) ?? 0) : micros / 1e6;
  }
}

/** Walks the store's impacts in event order with one cursor and one result object: no allocation per impact. */
class ImpactIterator implements Iterator<TimedImpact> {
  private readonly cursor = new ImpactCursor();
  private readonly result: IteratorResult<TimedImpact> = { done: false, value: this.cursor };
  /** Position in `order`, and the current event's next and end impact. */
  private position = 0;
  private impact = 0;
  private end = 0;
  /** The current event's national signal (0 for none), and the next asset to yield it for. */
  private national = 0;
  private nationalAsset = 0;
  private readonly assets: number;

  constructor(
    private readonly store: ImpactStore,
    private readonly order: Uint32Array,
  ) {
    this.assets = store.assetCount;
  }

  next(): IteratorResult<TimedImpact> {
    while (this.impact === this.end) {
      if (this.national !== 0) {
        const asset = this.nationalAsset++;
        if (asset < this.assets) {
          this.store.readNational(asset, this.national, this.cursor);
          return this.result;
        }
        this.national = 0;
      }
      if (this.position >= this.order.length) return { done: true, value: undefined };
      const e = this.order[this.position++] ?? 0;
      this.store.readEvent(e, this.cursor);
      this.impact = this.store.firstImpact(e);
      this.end = this.store.endImpact(e);
      this.national = this.store.nationalSignal(e);
      this.nationalAsset = 0;
    }
    this.store.readImpact(this.impact++, this.cursor);
    return this.result;
  }
}
