/**
 * FNV-1a, 64-bit, over UTF-16 code units, in pure TypeScript (the domain may not use
 * node:crypto). It identifies re-sent content, it is not a security boundary: a
 * collision costs one wrongly merged duplicate, so 64 bits over a feed's lifetime is ample.
 *
 * The 64-bit state is kept as two unsigned 32-bit halves; multiplying by the FNV prime
 * 2^40 + 0x1b3 splits into `x * 0x1b3` (exact in a double, < 2^42) plus `lo << 8` carried
 * into the high half.
 */
const PRIME_LOW = 0x1b3;
const TWO_32 = 0x1_0000_0000;

export class ContentHasher {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;

  /** Feeds every code unit of `text[from, to)` verbatim. */
  add(text: string, from = 0, to = text.length): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = from; i < to; i++) {
      lo ^= text.charCodeAt(i);
      const low = (lo >>> 0) * PRIME_LOW;
      hi = (hi * PRIME_LOW + Math.floor(low / TWO_32) + ((lo << 8) >>> 0)) >>> 0;
      lo = low >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /**
   * Feeds `text` with case and spacing normalised: ASCII letters lower-cased, every run
   * of whitespace read as one space, leading and trailing whitespace ignored. Re-published
   * copies of a story that differ only in layout hash alike.
   */
  addNormalised(text: string): this {
    let hi = this.hi;
    let lo = this.lo;
    let pendingSpace = false;
    let started = false;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0) {
        pendingSpace = started;
        continue;
      }
      if (pendingSpace) {
        lo ^= 32;
        const low = (lo >>> 0) * PRIME_LOW;
        hi = (hi * PRIME_LOW + Math.floor(low / TWO_32) + ((lo << 8) >>> 0)) >>> 0;
        lo = low >>> 0;
        pendingSpace = false;
      }
      started = true;
      if (c >= 65 && c <= 90) c += 32;
      lo ^= c;
      const low = (lo >>> 0) * PRIME_LOW;
      hi = (hi * PRIME_LOW + Math.floor(low / TWO_32) + ((lo << 8) >>> 0)) >>> 0;
      lo = low >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** A field separator that cannot occur in text, so ("ab","c") and ("a","bc") differ. */
  separator(): this {
    return this.add('\u0000');
  }

  /** 16 lowercase hex digits. */
  digest(): string {
    return hex8(this.hi) + hex8(this.lo);
  }
}

function hex8(n: number): string {
  const s = (n >>> 0).toString(16);
  return s.length === 8 ? s : '00000000'.slice(s.length) + s;
}

/** Hash of a list of fields, each separated, in order. */
export function hashFields(fields: readonly string[]): string {
  const h = new ContentHasher();
  for (const f of fields) h.add(f).separator();
  return h.digest();
}
