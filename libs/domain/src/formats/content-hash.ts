/**
 * FNV-1a, 64-bit, over UTF-16 code units, in pure TypeScript (the domain may not use
 * node:crypto). It identifies re-sent content, it is not a security boundary: a
 * collision costs one wrongly merged duplicate, so 64 bits over a feed's lifetime is ample.
 *
 * The 64-bit state is two 32-bit halves (`lo`, `hi`), so every step is exact arithmetic:
 * multiplying by the FNV prime 2^40 + 0x1b3 is `x * 0x1b3` plus `x << 40`. The low half
 * times 0x1b3 is below 2^41, exact as a double: its low 32 bits are the new low half and
 * the rest carries into the high half, which also gets the high half times 0x1b3 (mod
 * 2^32, `Math.imul`) and `lo << 8` (the part of `x << 40` that stays within 64 bits).
 * Each code unit (up to 16 bits) is XORed into the low half, which for ASCII is exactly
 * byte-wise FNV-1a. (Until this form, four 16-bit limbs: the same digests, twice the work.)
 */
export class ContentHasher {
  // Both halves are kept as signed 32-bit integers, which V8 holds unboxed; read unsigned
  // (`>>> 0`) only to multiply.
  private lo = 0x84222325 | 0;
  private hi = 0xcbf29ce4 | 0;

  /** Feeds every code unit of `text[from, to)` verbatim. */
  add(text: string, from = 0, to = text.length): this {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = from; i < to; i++) {
      const x = (lo ^ text.charCodeAt(i)) >>> 0;
      const p = x * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + ((p / 0x100000000) | 0) + (x << 8)) | 0;
      lo = p | 0;
    }
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /**
   * Feeds `text` with case and spacing normalised: ASCII letters lower-cased, every run
   * of whitespace read as one space, leading and trailing whitespace ignored. Re-published
   * copies of a story that differ only in layout hash alike.
   */
  addNormalised(text: string): this {
    let lo = this.lo;
    let hi = this.hi;
    let pendingSpace = false;
    let started = false;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      let c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0) {
        pendingSpace = started;
        continue;
      }
      if (c >= 65 && c <= 90) c += 32;
      if (pendingSpace) {
        // The pending space is fed first, then the character: the same step twice.
        const x = (lo ^ 32) >>> 0;
        const p = x * 0x1b3;
        hi = (Math.imul(hi, 0x1b3) + ((p / 0x100000000) | 0) + (x << 8)) | 0;
        lo = p | 0;
        pendingSpace = false;
      }
      const x = (lo ^ c) >>> 0;
      const p = x * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + ((p / 0x100000000) | 0) + (x << 8)) | 0;
      lo = p | 0;
      started = true;
    }
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /** A field separator that cannot occur in text, so ("ab","c") and ("a","bc") differ. */
  separator(): this {
    return this.add('\u0000');
  }

  /** 16 lowercase hex digits, made in one go. */
  digest(): string {
    const { lo, hi } = this;
    return String.fromCharCode(
      hex(hi >>> 28),
      hex(hi >>> 24),
      hex(hi >>> 20),
      hex(hi >>> 16),
      hex(hi >>> 12),
      hex(hi >>> 8),
      hex(hi >>> 4),
      hex(hi),
      hex(lo >>> 28),
      hex(lo >>> 24),
      hex(lo >>> 20),
      hex(lo >>> 16),
      hex(lo >>> 12),
      hex(lo >>> 8),
      hex(lo >>> 4),
      hex(lo),
    );
  }
}

/** Character code of the low four bits as a lowercase hex digit. */
function hex(n: number): number {
  const d = n & 15;
  return d < 10 ? 48 + d : 87 + d;
}

/** Hash of a list of fields, each separated, in order. */
export function hashFields(fields: readonly string[]): string {
  const h = new ContentHasher();
  for (const f of fields) h.add(f).separator();
  return h.digest();
}
