/**
 * FNV-1a, 64-bit, over UTF-16 code units, in pure TypeScript (the domain may not use
 * node:crypto). It identifies re-sent content, it is not a security boundary: a
 * collision costs one wrongly merged duplicate, so 64 bits over a feed's lifetime is ample.
 *
 * The 64-bit state is four 16-bit limbs (v0 lowest), so every step is small-integer
 * arithmetic: multiplying by the FNV prime 2^40 + 0x1b3 is `x * 0x1b3` plus `x << 40`,
 * which lands as `v0 << 8` in limb 2 and `v1 << 8` in limb 3. Each code unit (up to 16
 * bits) is XORed into the lowest limb, which for ASCII is exactly byte-wise FNV-1a.
 */
export class ContentHasher {
  private v0 = 0x2325;
  private v1 = 0x8422;
  private v2 = 0x9ce4;
  private v3 = 0xcbf2;

  /** Feeds every code unit of `text[from, to)` verbatim. */
  add(text: string, from = 0, to = text.length): this {
    let v0 = this.v0;
    let v1 = this.v1;
    let v2 = this.v2;
    let v3 = this.v3;
    for (let i = from; i < to; i++) {
      v0 ^= text.charCodeAt(i);
      const t0 = v0 * 0x1b3;
      const t1 = v1 * 0x1b3 + (t0 >>> 16);
      const t2 = v2 * 0x1b3 + (v0 << 8) + (t1 >>> 16);
      v3 = (v3 * 0x1b3 + (v1 << 8) + (t2 >>> 16)) & 0xffff;
      v0 = t0 & 0xffff;
      v1 = t1 & 0xffff;
      v2 = t2 & 0xffff;
    }
    this.v0 = v0;
    this.v1 = v1;
    this.v2 = v2;
    this.v3 = v3;
    return this;
  }

  /**
   * Feeds `text` with case and spacing normalised: ASCII letters lower-cased, every run
   * of whitespace read as one space, leading and trailing whitespace ignored. Re-published
   * copies of a story that differ only in layout hash alike.
   */
  addNormalised(text: string): this {
    let v0 = this.v0;
    let v1 = this.v1;
    let v2 = this.v2;
    let v3 = this.v3;
    let pendingSpace = false;
    let started = false;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0) {
        pendingSpace = started;
        continue;
      }
      if (c >= 65 && c <= 90) c += 32;
      // A pending space is fed first, then the character: two steps of the same loop body.
      for (let k = pendingSpace ? 0 : 1; k < 2; k++) {
        v0 ^= k === 0 ? 32 : c;
        const t0 = v0 * 0x1b3;
        const t1 = v1 * 0x1b3 + (t0 >>> 16);
        const t2 = v2 * 0x1b3 + (v0 << 8) + (t1 >>> 16);
        v3 = (v3 * 0x1b3 + (v1 << 8) + (t2 >>> 16)) & 0xffff;
        v0 = t0 & 0xffff;
        v1 = t1 & 0xffff;
        v2 = t2 & 0xffff;
      }
      pendingSpace = false;
      started = true;
    }
    this.v0 = v0;
    this.v1 = v1;
    this.v2 = v2;
    this.v3 = v3;
    return this;
  }

  /** A field separator that cannot occur in text, so ("ab","c") and ("a","bc") differ. */
  separator(): this {
    return this.add('\u0000');
  }

  /** 16 lowercase hex digits, made in one go. */
  digest(): string {
    const { v0, v1, v2, v3 } = this;
    return String.fromCharCode(
      hex(v3 >> 12),
      hex(v3 >> 8),
      hex(v3 >> 4),
      hex(v3),
      hex(v2 >> 12),
      hex(v2 >> 8),
      hex(v2 >> 4),
      hex(v2),
      hex(v1 >> 12),
      hex(v1 >> 8),
      hex(v1 >> 4),
      hex(v1),
      hex(v0 >> 12),
      hex(v0 >> 8),
      hex(v0 >> 4),
      hex(v0),
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
