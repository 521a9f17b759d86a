import {
  EVENT_TYPES,
  type EventType,
  type ImpactChannel,
  type OutageSignal,
  type TimedImpact,
} from '@crescent/domain';

const CHANNELS: readonly ImpactChannel[] = ['direct', 'proximity', 'pipeline', 'faction', 'national'];
const OUTAGE_CODES: readonly (OutageSignal | undefined)[] = [undefined, 'start', 'end'];

/**
 * Accepted impacts in columns (~30 bytes each, plus one string per event id), not as
 * objects or raw lines, so a million-event file fits in memory while it is sorted by
 * knownAt. Ids and asset names are interned.
 */
export class ImpactStore {
  private capacity = 1024;
  private size = 0;
  private at: Float64Array = new Float64Array(this.capacity);
  private intensity: Float64Array = new Float64Array(this.capacity);
  private asset: Uint16Array = new Uint16Array(this.capacity);
  private via: Uint16Array = new Uint16Array(this.capacity);
  private event: Uint32Array = new Uint32Array(this.capacity);
  private flags: Uint8Array = new Uint8Array(this.capacity);
  private type: Uint8Array = new Uint8Array(this.capacity);
  private readonly names: string[] = [''];
  private readonly nameIndex = new Map<string, number>([['', 0]]);
  private readonly eventIds: string[] = [];
  /** Per event: knownAt (epoch ms) and the index of its first impact; impacts of one event are contiguous. */
  private eventAt: Float64Array = new Float64Array(1024);
  private eventFirst: Uint32Array = new Uint32Array(1025);
  private readonly typeIndex = new Map<EventType, number>(EVENT_TYPES.map((t, i) => [t, i]));

  get length(): number {
    return this.size;
  }

  /** Starts an event: call once, then `add` all of its impacts, before the next event. */
  eventHandle(eventId: string, atMs: number): number {
    const h = this.eventIds.length;
    this.eventIds.push(eventId);
    if (h + 1 >= this.eventAt.length) {
      const at = new Float64Array(this.eventAt.length * 2);
      at.set(this.eventAt);
      this.eventAt = at;
      const first = new Uint32Array(this.eventFirst.length * 2);
      first.set(this.eventFirst);
      this.eventFirst = first;
    }
    this.eventAt[h] = atMs;
    this.eventFirst[h] = this.size;
    this.eventFirst[h + 1] = this.size;
    return h;
  }

  get events(): number {
    return this.eventIds.length;
  }

  private name(id: string): number {
    let n = this.nameIndex.get(id);
    if (n === undefined) {
      n = this.names.length;
      if (n > 0xffff) throw new Error('ImpactStore: more than 65535 distinct asset ids');
      this.names.push(id);
      this.nameIndex.set(id, n);
    }
    return n;
  }

  private grow(): void {
    this.capacity *= 2;
    const grow64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(this.capacity);
      b.set(a);
      return b;
    };
    const grow16 = (a: Uint16Array): Uint16Array => {
      const b = new Uint16Array(this.capacity);
      b.set(a);
      return b;
    };
    const grow8 = (a: Uint8Array): Uint8Array => {
      const b = new Uint8Array(this.capacity);
      b.set(a);
      return b;
    };
    this.at = grow64(this.at);
    this.intensity = grow64(this.intensity);
    this.asset = grow16(this.asset);
    this.via = grow16(this.via);
    const ev = new Uint32Array(this.capacity);
    ev.set(this.event);
    this.event = ev;
    this.flags = grow8(this.flags);
    this.type = grow8(this.type);
  }

  /** Adds one impact of the event last started with `eventHandle` (positional: no object per impact). */
  add(
    handle: number,
    assetId: string,
    eventType: EventType,
    channel: ImpactChannel,
    intensity: number,
    outage: OutageSignal | undefined,
    via: string | undefined,
  ): void {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    this.at[i] = this.eventAt[handle] ?? 0;
    this.intensity[i] = intensity;
    this.asset[i] = this.name(assetId);
    this.via[i] = via === undefined ? 0 : this.name(via);
    this.event[i] = handle;
    this.flags[i] = CHANNELS.indexOf(channel) | (OUTAGE_CODES.indexOf(outage) << 4);
    this.type[i] = this.typeIndex.get(eventType) ?? 0;
    this.eventFirst[handle + 1] = this.size;
  }

  /** Earliest and latest impact time, epoch ms; undefined when empty. */
  span(): { fromMs: number; toMs: number } | undefined {
    if (this.size === 0) return undefined;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.size; i++) {
      const t = this.at[i] ?? 0;
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
    const n = this.eventIds.length;
    const order = Array.from({ length: n }, (_, i) => i);
    const at = this.eventAt;
    order.sort((a, b) => (at[a] ?? 0) - (at[b] ?? 0) || a - b);
    return Uint32Array.from(order);
  }

  get(i: number): TimedImpact {
    const flags = this.flags[i] ?? 0;
    const via = this.via[i] ?? 0;
    return {
      eventId: this.eventIds[this.event[i] ?? 0] ?? '',
      eventType: EVENT_TYPES[this.type[i] ?? 0] ?? 'irrelevant',
      channel: CHANNELS[flags & 0xf] ?? 'direct',
      intensity: this.intensity[i] ?? 0,
      atMs: this.at[i] ?? 0,
      assetId: this.names[this.asset[i] ?? 0] ?? '',
      outage: OUTAGE_CODES[flags >> 4],
      via: via === 0 ? undefined : this.names[via],
    };
  }

  /** Impacts in application order, given `sortedOrder()`. */
  *inOrder(order: Uint32Array): Generator<TimedImpact> {
    for (const e of order) {
      const end = this.eventFirst[e + 1] ?? 0;
      for (let i = this.eventFirst[e] ?? 0; i < end; i++) yield this.get(i);
    }
  }
}
