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
  private readonly typeIndex = new Map<EventType, number>(EVENT_TYPES.map((t, i) => [t, i]));

  get length(): number {
    return this.size;
  }

  /** Interns an event id; call once per event, then `add` its impacts with the handle. */
  eventHandle(eventId: string): number {
    this.eventIds.push(eventId);
    return this.eventIds.length - 1;
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

  add(handle: number, impact: Omit<TimedImpact, 'eventId'>): void {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    this.at[i] = impact.atMs;
    this.intensity[i] = impact.intensity;
    this.asset[i] = this.name(impact.assetId);
    this.via[i] = impact.via === undefined ? 0 : this.name(impact.via);
    this.event[i] = handle;
    this.flags[i] = CHANNELS.indexOf(impact.channel) | (OUTAGE_CODES.indexOf(impact.outage) << 4);
    this.type[i] = this.typeIndex.get(impact.eventType) ?? 0;
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
   * Application order: by knownAt, ties in input order. Input is usually nearly sorted,
   * which the engine's merge sort handles in close to linear time.
   */
  sortedOrder(): Uint32Array {
    const order = Array.from({ length: this.size }, (_, i) => i);
    const at = this.at;
    order.sort((a, b) => (at[a] ?? 0) - (at[b] ?? 0) || a - b);
    return Uint32Array.from(order);
  }

  get(i: number): TimedImpact {
    const flags = this.flags[i] ?? 0;
    const outage = OUTAGE_CODES[flags >> 4];
    const via = this.via[i] ?? 0;
    return {
      eventId: this.eventIds[this.event[i] ?? 0] ?? '',
      eventType: EVENT_TYPES[this.type[i] ?? 0] ?? 'irrelevant',
      channel: CHANNELS[flags & 0xf] ?? 'direct',
      intensity: this.intensity[i] ?? 0,
      atMs: this.at[i] ?? 0,
      assetId: this.names[this.asset[i] ?? 0] ?? '',
      ...(outage === undefined ? {} : { outage }),
      ...(via === 0 ? {} : { via: this.names[via] ?? '' }),
    };
  }

  *inOrder(order: Uint32Array): Generator<TimedImpact> {
    for (const i of order) yield this.get(i);
  }
}
