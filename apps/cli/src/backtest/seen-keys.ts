/**
 * The ids and content hashes already accepted, for de-duplicating a backtest's input.
 * A million-event file holds a million of each: a `Set<string>` of that size costs about
 * 2 µs per event (hashing, flattening concatenated ids, rehashing as it grows) and the
 * collector walks it again and again. These tables are open-addressed over typed arrays
 * instead: an id is found by a 32-bit hash of its characters and confirmed by comparing
 * them, so the answer is exactly that of a Set; a content hash (16 hex digits, as
 * ContentHasher writes it) is kept as two 32-bit numbers and compared as such.
 */

/** FNV-1a over UTF-16 code units, 32 bits: only for placing keys in the table. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Slots (a power of two) for `count` keys at a load of at most one half. */
const slotsFor = (count: number): number => {
  let slots = 1024;
  while (slots < count * 2) slots *= 2;
  return slots;
};

/**
 * How many events an input of `bytes` likely holds, to size the tables once instead of
 * rehashing them as they grow (at a million keys each rehash moves every key through a
 * table of 16-24 MB, about 0.5 s of the merging thread in all). JSONL events run to
 * 150-300 bytes a line; a wrong guess costs only a rehash more, or a table up to twice
 * as big as needed.
 */
export const expectedKeys = (bytes: number): number => Math.floor(bytes / 256);

/**
 * The ids accepted so far, each kept once as characters in one typed array (one byte per
 * character until an id needs two), not as a million strings: a set for de-duplication,
 * and the table the impact store refers to by entry number. Exact: found by a hash,
 * confirmed character by character.
 */
export class IdTable {
  private chars: Uint8Array | Uint16Array = new Uint8Array(1 << 16);
  private used = 0;
  /** Start of each entry in `chars`, and the end of the last. */
  private starts = new Uint32Array(1025);
  private count = 0;
  /**
   * Per slot two numbers: the id's hash and its entry + 1 (0: empty). The hash sits beside
   * the entry so a probe reads one place in memory; the table is too big for the cache.
   */
  private slots: Int32Array;
  private sealed = false;

  /** `expected`: about how many ids will be added (see expectedKeys); the table grows past it. */
  constructor(expected = 0) {
    this.slots = new Int32Array(2 * slotsFor(expected));
  }

  get size(): number {
    return this.count;
  }

  /** The id last looked up and its hash: `add` right after `has` (the usual pattern) hashes once. */
  private lastId: string | undefined;
  private lastHash = 0;

  private hashOf(id: string): number {
    if (id !== this.lastId) {
      this.lastId = id;
      this.lastHash = hashText(id);
    }
    return this.lastHash;
  }

  /** The entry of `id`, or -1 (sealed: always -1). */
  indexOf(id: string): number {
    if (this.sealed) return -1;
    return this.find(id, 0, id.length, this.hashOf(id));
  }

  /**
   * `indexOf` of the id `text[from, to)`, whose `hashText` is `h` (computed elsewhere: a
   * worker thread hashes the ids it decodes, so the merging thread neither hashes nor slices).
   */
  indexOfRange(text: string, from: number, to: number, h: number): number {
    if (this.sealed) return -1;
    return this.find(text, from, to, h);
  }

  /** `add` of the id `text[from, to)`, whose `hashText` is `h`. */
  addRange(text: string, from: number, to: number, h: number): number {
    if (this.sealed) throw new Error('IdTable: sealed');
    const known = this.find(text, from, to, h);
    if (known >= 0) return known;
    return this.append(text, from, to, h);
  }

  has(id: string): boolean {
    return this.indexOf(id) >= 0;
  }

  /** Adds `id` (when new) and returns its entry. */
  add(id: string): number {
    if (this.sealed) throw new Error('IdTable: sealed');
    const h = this.hashOf(id);
    const known = this.find(id, 0, id.length, h);
    if (known >= 0) return known;
    return this.append(id, 0, id.length, h);
  }

  private append(text: string, from: number, to: number, h: number): number {
    const entry = this.count++;
    if (entry + 1 >= this.starts.length) {
      const starts = new Uint32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    this.write(text, from, to);
    this.starts[entry + 1] = this.used;
    if (this.count > this.slots.length / 4) this.rehash();
    place(this.slots, entry, h);
    return entry;
  }

  /**
   * Drops the look-up table once no more ids come (the texts stay, for `text`): at a
   * million ids it is 16 MB the replay does not need.
   */
  seal(): void {
    this.slots = new Int32Array(2);
    this.sealed = true;
  }

  /** The id of an entry, as a string. */
  text(entry: number): string {
    const from = this.starts[entry] ?? 0;
    const to = this.starts[entry + 1] ?? 0;
    // apply takes any array-like: the characters go straight from the typed array.
    return String.fromCharCode.apply(null, this.chars.subarray(from, to) as unknown as number[]);
  }

  private write(text: string, from: number, to: number): void {
    const length = to - from;
    if (this.used + length > 0xffffffff) throw new Error('IdTable: over 4 Gi characters of ids');
    if (this.used + length > this.chars.length) {
      const grown =
        this.chars instanceof Uint8Array
          ? new Uint8Array(Math.max(this.chars.length * 2, this.used + length))
          : new Uint16Array(Math.max(this.chars.length * 2, this.used + length));
      grown.set(this.chars);
      this.chars = grown;
    }
    // In locals: read through `this` on every character, the loop took a third of a second per million ids.
    let chars = this.chars;
    let used = this.used;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c > 0xff && chars instanceof Uint8Array) {
        const wide = new Uint16Array(chars.length);
        wide.set(chars);
        chars = wide;
        this.chars = wide;
      }
      chars[used++] = c;
    }
    this.used = used;
  }

  private find(text: string, from: number, to: number, h: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const entry = (slots[2 * i + 1] ?? 0) - 1;
      if (entry < 0) return -1;
      if (slots[2 * i] === h && this.equals(entry, text, from, to)) return entry;
    }
  }

  private equals(entry: number, text: string, from: number, to: number): boolean {
    const start = this.starts[entry] ?? 0;
    if ((this.starts[entry + 1] ?? 0) - start !== to - from) return false;
    for (let i = from; i < to; i++) if (this.chars[start + i - from] !== text.charCodeAt(i)) return false;
    return true;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * slotsFor(this.count));
    for (let i = 0; i < old.length; i += 2) {
      const entry = (old[i + 1] ?? 0) - 1;
      if (entry >= 0) place(this.slots, entry, old[i] ?? 0);
    }
  }
}

/** Puts an entry with hash `h` in the first free slot of a [hash, entry + 1] table. */
function place(slots: Int32Array, entry: number, h: number): void {
  const mask = (slots.length >> 1) - 1;
  let i = h & mask;
  while ((slots[2 * i + 1] ?? 0) !== 0) i = (i + 1) & mask;
  slots[2 * i] = h;
  slots[2 * i + 1] = entry + 1;
}

/** The two halves `readHex16` read. */
let readHigh = 0;
let readLow = 0;

/** The halves the last successful `readHex16` read: [high, low]. */
export const hex16Halves = (): readonly [number, number] => [readHigh, readLow];

/** Reads 16 lowercase hex digits into readHigh and readLow; false for any other string. */
export function readHex16(text: string): boolean {
  if (text.length !== 16) return false;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 16; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return false;
    if (i < 8) hi = (hi << 4) | d;
    else lo = (lo << 4) | d;
  }
  readHigh = hi;
  readLow = lo;
  return true;
}

/** A set of content hashes: 16 lowercase hex digits as two numbers; anything else as a string. */
export class HashKeys {
  private count = 0;
  /** Per slot three numbers: the two halves and 1 when used, side by side so a probe reads one place. */
  private slots: Int32Array;
  /** Hashes not in ContentHasher's form (none from the adapters, but the type is a string). */
  private readonly other = new Set<string>();

  /** `expected`: about how many hashes will be added (see expectedKeys); the table grows past it. */
  constructor(expected = 0) {
    this.slots = new Int32Array(3 * slotsFor(expected));
  }

  get size(): number {
    return this.count + this.other.size;
  }

  has(hash: string): boolean {
    if (!readHex16(hash)) return this.other.has(hash);
    return this.slotOf(readHigh, readLow) < 0;
  }

  /** `has` of a hash in ContentHasher's form, given as the two halves readHex16 reads. */
  hasHalves(hi: number, lo: number): boolean {
    return this.slotOf(hi, lo) < 0;
  }

  /** Adds `hash`; false when it was there already. */
  add(hash: string): boolean {
    if (!readHex16(hash)) {
      if (this.other.has(hash)) return false;
      this.other.add(hash);
      return true;
    }
    return this.addHalves(readHigh, readLow);
  }

  /** `add` of a hash in ContentHasher's form, given as the two halves readHex16 reads. */
  addHalves(hi: number, lo: number): boolean {
    let slot = this.slotOf(hi, lo);
    if (slot < 0) return false;
    if (++this.count > this.slots.length / 6) {
      this.rehash();
      slot = this.slotOf(hi, lo);
    }
    this.slots[slot] = hi;
    this.slots[slot + 1] = lo;
    this.slots[slot + 2] = 1;
    return true;
  }

  /** The low half is already a well-mixed hash; the high half is folded in. */
  private static slotHash(hi: number, lo: number): number {
    return lo ^ Math.imul(hi, 0x9e3779b1);
  }

  /** -1 when (hi, lo) is in the table, else the offset of the free slot where it would go. */
  private slotOf(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = slots.length / 3 - 1;
    for (let i = HashKeys.slotHash(hi, lo) & mask; ; i = (i + 1) & mask) {
      const at = 3 * i;
      if (slots[at + 2] === 0) return at;
      if (slots[at + 1] === lo && slots[at] === hi) return -1;
    }
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(3 * slotsFor(this.count));
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === 0) continue;
      const slot = this.slotOf(old[at] ?? 0, old[at + 1] ?? 0);
      this.slots[slot] = old[at] ?? 0;
      this.slots[slot + 1] = old[at + 1] ?? 0;
      this.slots[slot + 2] = 1;
    }
  }
}
